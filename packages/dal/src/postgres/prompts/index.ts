/**
 * PromptMethods on PostgreSQL (upstream methods/prompt.ts): tables promptgroups and prompts;
 * sharing reads and writes go through the aclentries table via the ACL and user-group methods
 * passed in `acl` (upstream's PromptDeps).
 */
import type { PromptMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createPromptAccessContext } from './accessContext.js';
import { createPromptDeletes } from './deletes.js';
import type { PromptAclDeps } from './deps.js';
import { createPromptGroupLists } from './groupLists.js';
import { createPromptReads } from './reads.js';
import { createPromptWrites } from './writes.js';

export type { PromptAclDeps } from './deps.js';

export function createPromptMethods(ctx: PgContext, acl: PromptAclDeps): PromptMethods {
  const reads = createPromptReads(ctx);
  const access = createPromptAccessContext(ctx, acl, reads.getOwnedPromptGroupIds);
  return {
    ...reads,
    ...access,
    ...createPromptGroupLists(ctx),
    ...createPromptWrites(ctx, access.invalidatePromptGroupAccessContext),
    ...createPromptDeletes(ctx, acl, access.invalidatePromptGroupAccessContext),
  };
}
