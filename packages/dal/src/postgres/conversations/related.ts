/**
 * Tables of other method groups that conversation writes touch (shared links for the `isShared`
 * flag, chat projects for membership and stats). Looked up by name: where a table is not part of
 * the schema, the conversation methods behave as upstream does without that model (no flag, no
 * project).
 */
import type { PgContext } from '../context.js';
import type { PgCollection } from '../store/collection.js';

export function relatedCollection(
  ctx: PgContext,
  table: 'sharedlinks' | 'chatprojects',
): PgCollection | undefined {
  return (ctx.collections as unknown as Record<string, PgCollection | undefined>)[table];
}
