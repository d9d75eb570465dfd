/**
 * Upstream's decrementTagCounts (methods/conversationTag.ts, not exported): per tag, three ordered
 * updates — normalise a null/missing count to 0, `$inc` by minus the number of conversations,
 * clamp a negative result to 0. Failures are logged, never thrown.
 */
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';

export async function decrementTagCounts(ctx: PgContext, user: string, tags: string[]): Promise<void> {
  if (!tags.length) return;
  const decrementByTag = new Map<string, number>();
  for (const tag of tags) {
    if (!tag) continue;
    decrementByTag.set(tag, (decrementByTag.get(tag) ?? 0) + 1);
  }
  if (decrementByTag.size === 0) return;
  try {
    const bulkOps = [...decrementByTag.entries()].flatMap(([tag, amount]) => [
      { updateOne: { filter: { user, tag, count: null }, update: { $set: { count: 0 } } } },
      { updateOne: { filter: { user, tag }, update: { $inc: { count: -amount } } } },
      { updateOne: { filter: { user, tag, count: { $lt: 0 } }, update: { $set: { count: 0 } } } },
    ]);
    await tenantBulkWrite(ctx.collections.conversationtags, bulkOps);
  } catch (error) {
    logger.error('[decrementTagCounts] Error decrementing tag counts', error);
  }
}
