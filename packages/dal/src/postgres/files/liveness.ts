/**
 * The upload TTL of `files`: upstream's schema gives `expiresAt` a TTL index with
 * `expireAfterSeconds: 3600`, so MongoDB deletes a file an hour after its `expiresAt` (unless
 * updateFile/updateFileUsage unset it first). PostgreSQL has no TTL monitor: every file method
 * treats such a row as already gone (the maintenance sweeper deletes it later), and an upsert
 * first removes a gone row holding its key, as the TTL monitor would have.
 * (`expiredAt`, the retention deadline, is not a TTL: upstream's own file sweep reads it.)
 */
import type { Filter, PgCollection } from '../store/collection.js';

export const UPLOAD_TTL_SECONDS = 3600;

function goneBefore(now = Date.now()): Date {
  return new Date(now - UPLOAD_TTL_SECONDS * 1000);
}

/** `filter` restricted to files MongoDB would still hold. Top-level equalities stay top-level (upsert seeds). */
export function live(filter: Filter = {}): Filter {
  const condition = { $or: [{ expiresAt: null }, { expiresAt: { $gt: goneBefore() } }] };
  if (!('$or' in filter) && !('$and' in filter)) return { ...filter, ...condition };
  const and = Array.isArray(filter.$and) ? (filter.$and as Filter[]) : [];
  return { ...filter, $and: [...and, condition] };
}

/** Deletes the gone files matching `filter` (what the TTL monitor would already have done). */
export async function reapGone(files: PgCollection, filter: Filter): Promise<void> {
  await files.deleteMany({ ...filter, expiresAt: { $lte: goneBefore() } });
}
