/** AgentCategoryMethods on PostgreSQL (upstream methods/agentCategory.ts): agent marketplace categories. */

import type { AgentCategoryMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createEnsureDefaultCategories } from './defaults.js';
import { createAgentCategoryQueries } from './queries.js';
import { createAgentCategoryWrites } from './writes.js';

export function createAgentCategoryMethods(ctx: PgContext): AgentCategoryMethods {
  const queries = createAgentCategoryQueries(ctx);
  const writes = createAgentCategoryWrites(ctx);
  return {
    ...queries,
    ...writes,
    ensureDefaultCategories: createEnsureDefaultCategories(ctx, queries, writes),
  };
}
