/**
 * What MongoDB's TTL monitor does for a collection with an `expiredAt` TTL index (0 s): a
 * document is gone once that instant has passed. PostgreSQL has no TTL monitor, so readers add
 * this condition (the maintenance sweeper deletes the rows later).
 */
import type { Filter } from './collection.js';

/** `filter` restricted to documents whose `expiredAt` is missing, null or still ahead. */
export function unexpired(filter: Filter, field = 'expiredAt'): Filter {
  const live = { $or: [{ [field]: null }, { [field]: { $gt: new Date() } }] };
  if (Object.keys(filter).length === 0) return live;
  if (!('$or' in filter)) return { ...filter, ...live };
  return { $and: [filter, live] };
}
