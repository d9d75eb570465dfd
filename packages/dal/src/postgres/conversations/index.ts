/** ConversationMethods on PostgreSQL (upstream methods/conversation.ts). */
import type { ConversationMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createBulkSaveConvos } from './bulkSaveConvos.js';
import { createConversationPaging } from './cursor.js';
import { createConversationDeletes } from './deleteConvos.js';
import { createActorCommit } from './eventActor/commit.js';
import { createActorLegacyTurn } from './eventActor/legacyTurn.js';
import { createActorReceipts } from './eventActor/receipts.js';
import { createActorReconciliation } from './eventActor/reconciliation.js';
import { createActorSnapshot } from './eventActor/snapshot.js';
import { createActorSuspension } from './eventActor/suspension.js';
import { createConversationReads } from './reads.js';
import { createSaveConvo } from './saveConvo.js';
import { createSubagentThreads } from './subagentThreads.js';
import { createConversationWrites } from './writes.js';

export function createConversationMethods(ctx: PgContext): ConversationMethods {
  const snapshot = createActorSnapshot(ctx);
  return {
    ...createConversationReads(ctx),
    ...createConversationWrites(ctx),
    saveConvo: createSaveConvo(ctx),
    bulkSaveConvos: createBulkSaveConvos(ctx),
    ...createConversationPaging(ctx),
    ...createConversationDeletes(ctx),
    ...createSubagentThreads(ctx),
    ...snapshot,
    ...createActorSuspension(ctx, snapshot.getAgentEventActorSnapshot),
    ...createActorCommit(ctx, snapshot.getAgentEventActorSnapshot),
    ...createActorLegacyTurn(ctx),
    ...createActorReconciliation(ctx),
    ...createActorReceipts(ctx),
  };
}
