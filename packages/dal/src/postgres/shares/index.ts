/** ShareMethods on PostgreSQL (upstream methods/share.ts), on the `sharedlinks` table. */
import type { ShareMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createShareReads } from './reads.js';
import { createShareWrites } from './writes.js';

export function createShareMethods(ctx: PgContext): ShareMethods {
  return { ...createShareReads(ctx), ...createShareWrites(ctx) };
}
