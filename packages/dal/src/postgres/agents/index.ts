/**
 * AgentMethods on PostgreSQL (upstream methods/agent.ts): the agents table (shared with
 * AgentCategoryMethods' counts); sharing through aclentries via the ACL, user-group and action
 * methods passed in `acl` (upstream's AgentDeps); favorites are cleaned on the users table.
 * generateActionMetadataHash is pure: upstream's own, from createMethods over the unconnected shaper.
 */
import { type AgentMethods, createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createAgentDeletes } from './deletes.js';
import type { AgentAclDeps } from './deps.js';
import { createAgentExternals } from './externals.js';
import { createAgentLists } from './lists.js';
import { createAgentReads } from './reads.js';
import { createAgentWrites } from './writes.js';

export type { AgentAclDeps } from './deps.js';

export function createAgentMethods(ctx: PgContext, acl: AgentAclDeps): AgentMethods {
  const { generateActionMetadataHash } = createMethods(
    ctx.shaper.mongoose as unknown as typeof import('mongoose'),
    ctx.deps,
  );
  const reads = createAgentReads(ctx, acl);
  return {
    ...reads,
    ...createAgentLists(ctx),
    ...createAgentWrites(ctx, acl, createAgentExternals(ctx), reads, generateActionMetadataHash),
    ...createAgentDeletes(ctx, acl),
    generateActionMetadataHash,
  };
}
