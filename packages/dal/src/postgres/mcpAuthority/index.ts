/**
 * MCPAuthorityMethods on PostgreSQL (upstream methods/mcpAuthority.ts). The proof logic is
 * upstream's own (createMethods over a mongoose whose authority models read the users, roles,
 * groups, configs, mcpservers, agents, aclentries, pluginauths and tokens tables inside one READ
 * ONLY REPEATABLE READ transaction, the PostgreSQL form of upstream's snapshot transaction).
 * A caller's `session` is a MongoDB ClientSession, meaningless here: one already in a transaction
 * is passed on so upstream rejects it as it does on MongoDB; any other is replaced by a PostgreSQL
 * snapshot session.
 */
import { createMethods, type MCPAuthorityMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createSnapshotMongoose } from './snapshotModels.js';

type WithSession = { session?: { inTransaction?: () => boolean } };

const withoutIdleSession = <T extends WithSession>(input: T): T =>
  input?.session && input.session.inTransaction?.() !== true ? { ...input, session: undefined } : input;

export function createMCPAuthorityMethods(ctx: PgContext): MCPAuthorityMethods {
  const upstream = createMethods(createSnapshotMongoose(ctx), ctx.deps);
  return {
    resolveMCPAuthorityProof: (input) =>
      upstream.resolveMCPAuthorityProof(withoutIdleSession(input as never)),
    assertMCPAuthorityProofsCurrent: (input) =>
      upstream.assertMCPAuthorityProofsCurrent(withoutIdleSession(input as never)),
  };
}
