/**
 * mongoose's `populate({ path: 'messages', select })` of a lean share on PostgreSQL: one query on
 * `messages` for the referenced ids (tenant-scoped like any Message query), documents placed in
 * the order of the share's id array, ids with no message dropped. As mongoose does, `_id` is
 * fetched to match even when the projection excludes it, then removed.
 */
import type { IMessage } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

type Doc = Record<string, unknown>;

export async function populateMessages(ctx: PgContext, ids: unknown, select: string): Promise<IMessage[]> {
  if (!Array.isArray(ids) || ids.length === 0) return [];
  const tokens = select.split(/\s+/).filter(Boolean);
  const excludesId = tokens.includes('-_id');
  const query = tokens.filter((t) => t !== '-_id').join(' ');
  const found = await ctx.collections.messages.find({ _id: { $in: ids } }, { select: query });
  const byId = new Map(found.map((doc) => [String(doc._id), doc]));
  const out: Doc[] = [];
  for (const id of ids) {
    const doc = byId.get(String(id));
    if (!doc) continue;
    if (excludesId) {
      const { _id: _dropped, ...rest } = doc;
      out.push(rest);
    } else {
      out.push({ ...doc });
    }
  }
  return out as unknown as IMessage[];
}
