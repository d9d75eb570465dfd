/**
 * UserGroupMethods on PostgreSQL (upstream methods/userGroup.ts). `hooks.onMemberGroupsInvalidated`
 * is upstream's late-bound prompt-group access invalidation (createMethods wires it to
 * invalidatePromptGroupAccessContext); pass it once PromptMethods exist on PostgreSQL.
 */
import type { UserGroupMethods } from '@librechat/data-schemas';
import { createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createMemberCache, type MemberCacheHooks } from './memberCache.js';
import { createPrincipalMethods } from './principals.js';
import { createGroupQueries } from './queries.js';
import { createGroupWrites } from './writes.js';

export function createUserGroupMethods(ctx: PgContext, hooks: MemberCacheHooks = {}): UserGroupMethods {
  // Relevance scoring and sorting touch no database: upstream's own functions.
  const { calculateRelevanceScore, sortPrincipalsByRelevance } = createMethods(
    ctx.shaper.mongoose as unknown as typeof import('mongoose'),
    ctx.deps,
  );
  const cache = createMemberCache(ctx, hooks);
  const queries = createGroupQueries(ctx);
  const writes = createGroupWrites(ctx, cache);
  return {
    ...queries,
    ...writes,
    ...createPrincipalMethods(ctx, cache, { ...queries, ...writes }),
    calculateRelevanceScore,
    sortPrincipalsByRelevance,
  };
}
