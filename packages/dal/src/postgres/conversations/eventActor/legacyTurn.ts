/** beginAgentEventActorLegacyTurn / completeAgentEventActorLegacyTurn: the durable legacy-turn fence. */
import { activeExpirationFilter, type ConversationMethods } from '@librechat/data-schemas';
import type { PgContext } from '../../context.js';
import { type Doc, subagentLeaseTenantFilter } from '../shared.js';

type LegacyTurn = Pick<
  ConversationMethods,
  'beginAgentEventActorLegacyTurn' | 'completeAgentEventActorLegacyTurn'
>;

export function createActorLegacyTurn({ collections }: PgContext): LegacyTurn {
  const { conversations } = collections;

  /** Opens the fence before the turn runs; a valid head is marked cold in the same write. */
  const beginAgentEventActorLegacyTurn: LegacyTurn['beginAgentEventActorLegacyTurn'] = async (input) => {
    const ownership: Doc = {
      user: input.user,
      conversationId: input.conversationId,
      subagentThread: { $exists: true },
      agentEventBinding: { $exists: true },
      agentEventActorLegacyTurn: { $exists: false },
      agentEventActorReconciliations: { $not: { $elemMatch: { status: { $ne: 'settled' } } } },
      ...subagentLeaseTenantFilter(input.tenantId),
      ...activeExpirationFilter(),
    };
    const legacyTurn = { token: input.token, startedAt: new Date() };
    const openedWithHead = await conversations.findOneAndUpdateLean(
      { ...ownership, 'agentEventActor.generation': { $exists: true } },
      { $set: { agentEventActorLegacyTurn: legacyTurn, 'agentEventActor.requiresColdStart': true } },
      { new: true, timestamps: false },
    );
    if (openedWithHead != null) return true;
    const openedHeadless = await conversations.findOneAndUpdateLean(
      { ...ownership, 'agentEventActor.generation': { $exists: false } },
      { $set: { agentEventActorLegacyTurn: legacyTurn } },
      { new: true, timestamps: false },
    );
    return openedHeadless != null;
  };

  /** Clears this exact token and advances the epoch in one write. */
  const completeAgentEventActorLegacyTurn: LegacyTurn['completeAgentEventActorLegacyTurn'] = async (
    input,
  ) => {
    const sealed = await conversations.findOneAndUpdateLean(
      {
        user: input.user,
        conversationId: input.conversationId,
        subagentThread: { $exists: true },
        agentEventBinding: { $exists: true },
        'agentEventActorLegacyTurn.token': input.token,
        ...subagentLeaseTenantFilter(input.tenantId),
        ...activeExpirationFilter(),
      },
      { $unset: { agentEventActorLegacyTurn: 1 }, $inc: { agentEventActorEpoch: 1 } },
      { new: true, timestamps: false },
    );
    return sealed != null;
  };

  return { beginAgentEventActorLegacyTurn, completeAgentEventActorLegacyTurn };
}
