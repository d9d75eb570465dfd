/** SystemGrantMethods on PostgreSQL (upstream methods/systemGrant.ts): admin capabilities per principal. */
import type { SystemGrantMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createSystemGrantQueries } from './queries.js';
import { createSystemGrantWrites } from './writes.js';

export function createSystemGrantMethods(ctx: PgContext): SystemGrantMethods {
  return { ...createSystemGrantQueries(ctx), ...createSystemGrantWrites(ctx) };
}
