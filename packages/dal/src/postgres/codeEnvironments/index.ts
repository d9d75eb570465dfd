/** CodeEnvironmentMethods on PostgreSQL (upstream methods/codeEnvironment.ts). */
import type { CodeEnvironmentMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createCodeEnvironmentLifecycle } from './lifecycle.js';
import { createCodeEnvironmentRegistry } from './registry.js';

export function createCodeEnvironmentMethods(ctx: PgContext): CodeEnvironmentMethods {
  return {
    ...createCodeEnvironmentRegistry(ctx),
    ...createCodeEnvironmentLifecycle(ctx),
  };
}
