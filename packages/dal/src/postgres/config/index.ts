/**
 * ConfigMethods on PostgreSQL (upstream methods/config.ts): admin configuration overrides per
 * principal (role, group, user; the base config is role `__base__`), merged by priority. The
 * `session` arguments are MongoDB transactions; PostgreSQL writes are atomic per call.
 */
import type { ConfigMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createConfigReads } from './reads.js';
import { createConfigWrites } from './writes.js';

export function createConfigMethods({ collections }: PgContext): ConfigMethods {
  return { ...createConfigReads(collections.configs), ...createConfigWrites(collections.configs) };
}
