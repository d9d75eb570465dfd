/** getAgentEventBinding and getAgentEventActorSnapshot: the private actor state of a child thread. */
import { activeExpirationFilter, type ConversationMethods } from '@librechat/data-schemas';
import type { PgContext } from '../../context.js';
import { type Doc, subagentLeaseTenantFilter } from '../shared.js';

type Snapshot = Pick<ConversationMethods, 'getAgentEventBinding' | 'getAgentEventActorSnapshot'>;

/** The owned child thread of `input` (binding present, unexpired, in the tenant). */
export function actorOwnership(input: { user: string; conversationId: string; tenantId?: string }): Doc {
  return {
    user: input.user,
    conversationId: input.conversationId,
    subagentThread: { $exists: true },
    agentEventBinding: { $exists: true },
    ...subagentLeaseTenantFilter(input.tenantId),
    ...activeExpirationFilter(),
  };
}

function readableActorSuspension(suspension: Doc | undefined | null): Doc | null {
  if (suspension == null) return null;
  if (suspension.status === 'pending_owned') return { ...suspension, status: 'pending' };
  if (suspension.status === 'claimed_owned') return { ...suspension, status: 'claimed' };
  return suspension;
}

export function createActorSnapshot({ collections }: PgContext): Snapshot {
  const { conversations } = collections;

  /** Resolves an event target only when the API key, owner, and tenant all match. */
  const getAgentEventBinding: Snapshot['getAgentEventBinding'] = async (input) => {
    const conversation = await conversations.findOne(
      {
        user: input.user,
        'agentEventBinding.bindingId': input.bindingId,
        'agentEventBinding.sourceKeyId': input.sourceKeyId,
        ...subagentLeaseTenantFilter(input.tenantId),
        ...activeExpirationFilter(),
      },
      { select: 'conversationId agent_id tenantId isTemporary expiredAt subagentThread +agentEventBinding' },
    );
    if (
      conversation?.agentEventBinding == null ||
      conversation.subagentThread == null ||
      typeof conversation.agent_id !== 'string'
    ) {
      return null;
    }
    return {
      conversationId: conversation.conversationId,
      agentId: conversation.agent_id,
      ...(conversation.tenantId == null ? {} : { tenantId: conversation.tenantId }),
      ...(conversation.isTemporary == null ? {} : { isTemporary: conversation.isTemporary }),
      ...(conversation.expiredAt == null ? {} : { expiredAt: conversation.expiredAt }),
      binding: conversation.agentEventBinding,
      lineage: conversation.subagentThread,
    } as never;
  };

  /** Reads the private actor head and every fail-closed reconciliation marker. */
  const getAgentEventActorSnapshot: Snapshot['getAgentEventActorSnapshot'] = async (input) => {
    const conversation = await conversations.findOne(actorOwnership(input), {
      select:
        '+agentEventActor +agentEventActorReconciliations +agentEventActorEpoch +agentEventActorLegacyTurn +agentEventActorSuspension',
    });
    return conversation == null
      ? undefined
      : ({
          state: conversation.agentEventActor ?? null,
          reconciliations: conversation.agentEventActorReconciliations ?? [],
          legacyTurn: conversation.agentEventActorLegacyTurn ?? null,
          suspension: readableActorSuspension(conversation.agentEventActorSuspension as Doc | undefined),
          epoch: conversation.agentEventActorEpoch ?? 0,
        } as never);
  };

  return { getAgentEventBinding, getAgentEventActorSnapshot };
}
