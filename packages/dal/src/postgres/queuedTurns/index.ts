/**
 * AgentQueuedTurnMethods on PostgreSQL (upstream methods/queuedTurn.ts). The lane protocol
 * (writer leases, durable reservations, sequence assignment, claims, admission fences, delivery
 * states) is upstream's own code: createMethods over a mongoose whose `AgentQueuedTurn` and
 * `AgentQueuedTurnSequence` models are the agentqueuedturns and agentqueuedturnsequences tables
 * (models.ts). Every guard upstream relies on holds here too: conditional updates are
 * compare-and-set on a locked row, the partial unique indexes (one claimed row, one admission
 * slot, one started admission per lane; unique sequence and active slot) are the same indexes.
 * Indexes come from the migrations, so ensureAgentQueuedTurnIndexes has nothing to build.
 */
import { type AgentQueuedTurnMethods, createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createQueuedTurnMongoose } from './mongoose.js';

export function createAgentQueuedTurnMethods(ctx: PgContext): AgentQueuedTurnMethods {
  const upstream = createMethods(createQueuedTurnMongoose(ctx), ctx.deps);
  return {
    ensureAgentQueuedTurnIndexes: async () => undefined,
    enqueueAgentQueuedTurn: upstream.enqueueAgentQueuedTurn,
    getAgentQueuedTurnByClientRequestId: upstream.getAgentQueuedTurnByClientRequestId,
    listActiveAgentQueuedTurns: upstream.listActiveAgentQueuedTurns,
    listAgentQueuedTurnReceipts: upstream.listAgentQueuedTurnReceipts,
    findQueuedTurnsNeedingDelivery: upstream.findQueuedTurnsNeedingDelivery,
    claimQueuedTurnsForAdmissionReconciliation: upstream.claimQueuedTurnsForAdmissionReconciliation,
    deferAgentQueuedTurnAdmissionReconciliation: upstream.deferAgentQueuedTurnAdmissionReconciliation,
    reserveAgentQueuedTurnDelivery: upstream.reserveAgentQueuedTurnDelivery,
    markQueuedTurnScheduled: upstream.markQueuedTurnScheduled,
    cancelAgentQueuedTurn: upstream.cancelAgentQueuedTurn,
    claimNextAgentQueuedTurn: upstream.claimNextAgentQueuedTurn,
    releaseAgentQueuedTurn: upstream.releaseAgentQueuedTurn,
    beginAgentQueuedTurnAdmission: upstream.beginAgentQueuedTurnAdmission,
    markAgentQueuedTurnAdmitted: upstream.markAgentQueuedTurnAdmitted,
    hasAgentQueuedTurnAdmissionReceipt: upstream.hasAgentQueuedTurnAdmissionReceipt,
    deadLetterAgentQueuedTurn: upstream.deadLetterAgentQueuedTurn,
    getEffectiveAgentQueuedTurnPredecessor: upstream.getEffectiveAgentQueuedTurnPredecessor,
    drainAgentQueuedTurns: upstream.drainAgentQueuedTurns,
    deleteAgentQueuedTurns: upstream.deleteAgentQueuedTurns,
    prepareAgentQueuedTurnConversationDeletion: upstream.prepareAgentQueuedTurnConversationDeletion,
    deletePreparedAgentQueuedTurnConversations: upstream.deletePreparedAgentQueuedTurnConversations,
    markAgentQueuedTurnDeliveryRetired: upstream.markAgentQueuedTurnDeliveryRetired,
    beginAgentQueuedTurnMissingDeliveryRetirement: upstream.beginAgentQueuedTurnMissingDeliveryRetirement,
    markAgentQueuedTurnMissingDeliveryRetired: upstream.markAgentQueuedTurnMissingDeliveryRetired,
    deleteAllAgentQueuedTurnsForUser: upstream.deleteAllAgentQueuedTurnsForUser,
  };
}
