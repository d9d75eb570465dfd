/**
 * The suspension fence of an event actor: store, claim, settle and cancel, each one conditional
 * findOneAndUpdate (row-locked compare-and-set on PostgreSQL), as upstream.
 */
import { Buffer } from 'node:buffer';
import { activeExpirationFilter, type ConversationMethods } from '@librechat/data-schemas';
import type { PgContext } from '../../context.js';
import { type Doc, subagentLeaseTenantFilter } from '../shared.js';

type Suspension = Pick<
  ConversationMethods,
  | 'storeAgentEventActorSuspension'
  | 'claimAgentEventActorSuspension'
  | 'settleAgentEventActorSuspension'
  | 'cancelAgentEventActorSuspension'
>;
type StoreInput = Parameters<ConversationMethods['storeAgentEventActorSuspension']>[0];
type Checkpoint = { threadId: string; checkpointId?: string; checkpointNs: string };

const MAX_AGENT_EVENT_ACTOR_SUSPENSION_BYTES = 64 * 1_024;

function validateAgentEventActorSuspension(
  conversationId: string,
  suspension: StoreInput['suspension'],
  actionId: string,
  jobCreatedAt: number,
  previous?: StoreInput['previous'],
): void {
  const s = suspension as unknown as Record<string, any>;
  const invocation = s?.invocation;
  const fork = invocation?.fork;
  const checkpoint = s?.checkpoint;
  if (
    s?.version !== 1 ||
    typeof s.suspensionId !== 'string' ||
    s.suspensionId.length === 0 ||
    !Number.isSafeInteger(s.attempt) ||
    s.attempt < 0 ||
    !Number.isSafeInteger(s.issuedAt) ||
    !Number.isSafeInteger(s.expiresAt) ||
    s.expiresAt <= s.issuedAt ||
    invocation?.actorThreadId !== conversationId ||
    fork?.threadId !== conversationId ||
    checkpoint?.threadId !== conversationId ||
    fork?.invocationId !== invocation?.invocationId ||
    checkpoint?.invocationId !== invocation?.invocationId ||
    checkpoint?.checkpointNs !== fork?.checkpointNs ||
    typeof s.interrupt?.id !== 'string' ||
    s.interrupt.id.length === 0 ||
    typeof s.suspensionDigest !== 'string' ||
    s.suspensionDigest.length === 0 ||
    typeof actionId !== 'string' ||
    actionId.length === 0 ||
    !Number.isSafeInteger(jobCreatedAt) ||
    jobCreatedAt < 0 ||
    (previous == null ? s.attempt !== 0 : s.attempt !== previous.attempt + 1)
  ) {
    throw new Error('Event actor suspension evidence is invalid');
  }
  let serialized: string;
  try {
    serialized = JSON.stringify(suspension);
  } catch {
    throw new Error('Event actor suspension evidence is not JSON-safe');
  }
  if (Buffer.byteLength(serialized, 'utf8') > MAX_AGENT_EVENT_ACTOR_SUSPENSION_BYTES) {
    throw new RangeError('Event actor suspension exceeds maximum payload size');
  }
}

/** The journal entry of one invocation at one exact checkpoint (a missing checkpointId included). */
export function exactPendingLifecycle(invocationId: string, checkpoint: Checkpoint): Doc {
  return {
    invocationId,
    status: 'invocation_pending',
    'checkpoint.threadId': checkpoint.threadId,
    'checkpoint.checkpointNs': checkpoint.checkpointNs,
    ...(checkpoint.checkpointId == null
      ? { 'checkpoint.checkpointId': { $exists: false } }
      : { 'checkpoint.checkpointId': checkpoint.checkpointId }),
  };
}

export function createActorSuspension(
  { collections }: PgContext,
  getAgentEventActorSnapshot: ConversationMethods['getAgentEventActorSnapshot'],
): Suspension {
  const { conversations } = collections;
  const cas = (filter: Doc, update: Doc) =>
    conversations.findOneAndUpdateLean(filter, update, { new: false, timestamps: false, select: '_id' });

  /** Publishes one SDK-issued suspension, or atomically replaces its exact claimed predecessor. */
  const storeAgentEventActorSuspension: Suspension['storeAgentEventActorSuspension'] = async (input) => {
    validateAgentEventActorSuspension(
      input.conversationId,
      input.suspension,
      input.actionId,
      input.jobCreatedAt,
      input.previous,
    );
    const predecessor: Doc =
      input.previous == null
        ? {
            $or: [
              { agentEventActorSuspension: { $exists: false } },
              { 'agentEventActorSuspension.status': 'closed' },
            ],
          }
        : {
            'agentEventActorSuspension.status': { $in: ['claimed', 'claimed_owned'] },
            'agentEventActorSuspension.suspension.suspensionId': input.previous.suspensionId,
            'agentEventActorSuspension.suspension.attempt': input.previous.attempt,
            'agentEventActorSuspension.resumeAttemptId': input.previous.resumeAttemptId,
          };
    const ownership = {
      user: input.user,
      conversationId: input.conversationId,
      subagentThread: { $exists: true },
      agentEventBinding: { $exists: true },
      agentEventActorReconciliations: {
        $elemMatch: {
          invocationId: (input.suspension as unknown as { invocation: { invocationId: string } }).invocation
            .invocationId,
          status: 'invocation_pending',
        },
      },
      ...subagentLeaseTenantFilter(input.tenantId),
      ...activeExpirationFilter(),
      ...predecessor,
    };
    const suspension = {
      suspension: input.suspension,
      kind: input.kind ?? 'human_decision',
      ...(input.appliedAction == null ? {} : { appliedAction: input.appliedAction }),
      handlingGenerationCreatedAt: input.handlingGenerationCreatedAt ?? input.jobCreatedAt,
      actionId: input.actionId,
      jobCreatedAt: input.jobCreatedAt,
      status: 'pending_owned' as const,
      observedAt: new Date(),
    };
    let stored = await cas(
      { ...ownership, ...(input.invalidateHead === true ? { agentEventActor: { $exists: true } } : {}) },
      {
        $set: {
          agentEventActorSuspension: suspension,
          ...(input.invalidateHead === true ? { 'agentEventActor.requiresColdStart': true } : {}),
        },
      },
    );
    /** A headless actor already cold-starts: publish the successor without a partial head. */
    if (stored == null && input.invalidateHead === true) {
      stored = await cas(
        { ...ownership, agentEventActor: { $exists: false } },
        { $set: { agentEventActorSuspension: suspension } },
      );
    }
    return { status: stored == null ? 'stale' : 'stored' };
  };

  /** One resume attempt wins the canonical Conversation-side suspension fence. */
  const claimAgentEventActorSuspension: Suspension['claimAgentEventActorSuspension'] = async (input) => {
    if (
      input.suspensionId.length === 0 ||
      !Number.isSafeInteger(input.attempt) ||
      input.attempt < 0 ||
      input.actionId.length === 0 ||
      !Number.isSafeInteger(input.jobCreatedAt) ||
      input.jobCreatedAt < 0 ||
      input.resumeAttemptId.length === 0
    ) {
      throw new Error('Event actor suspension claim is invalid');
    }
    const claimed = await cas(
      {
        user: input.user,
        conversationId: input.conversationId,
        subagentThread: { $exists: true },
        agentEventBinding: { $exists: true },
        'agentEventActorSuspension.status': { $in: ['pending', 'pending_owned'] },
        'agentEventActorSuspension.suspension.suspensionId': input.suspensionId,
        'agentEventActorSuspension.suspension.attempt': input.attempt,
        'agentEventActorSuspension.actionId': input.actionId,
        'agentEventActorSuspension.jobCreatedAt': input.jobCreatedAt,
        ...subagentLeaseTenantFilter(input.tenantId),
        ...activeExpirationFilter(),
      },
      {
        $set: {
          'agentEventActorSuspension.status': 'claimed_owned',
          'agentEventActorSuspension.resumeAttemptId': input.resumeAttemptId,
          'agentEventActorSuspension.observedAt': new Date(),
        },
        $unset: { 'agentEventActorSuspension.outcome': 1, 'agentEventActorSuspension.closedAt': 1 },
      },
    );
    return { status: claimed == null ? 'stale' : 'claimed' };
  };

  /** Closes a claimed no-action suspension while retaining one bounded retry receipt. */
  const settleAgentEventActorSuspension: Suspension['settleAgentEventActorSuspension'] = async (input) => {
    const lifecycle = exactPendingLifecycle(input.invocationId, input.checkpoint);
    const settled = await cas(
      {
        user: input.user,
        conversationId: input.conversationId,
        'agentEventActorSuspension.status': { $in: ['claimed', 'claimed_owned'] },
        'agentEventActorSuspension.suspension.suspensionId': input.suspensionId,
        'agentEventActorSuspension.suspension.attempt': input.attempt,
        'agentEventActorSuspension.resumeAttemptId': input.resumeAttemptId,
        agentEventActorReconciliations: { $elemMatch: lifecycle },
        ...subagentLeaseTenantFilter(input.tenantId),
      },
      {
        $set: {
          'agentEventActorSuspension.status': 'closed',
          'agentEventActorSuspension.outcome': 'settled',
          'agentEventActorSuspension.closedAt': new Date(),
          'agentEventActorSuspension.observedAt': new Date(),
        },
        $pull: { agentEventActorReconciliations: lifecycle },
      },
    );
    if (settled != null) return { status: 'settled' };
    const snapshot = (await getAgentEventActorSnapshot(input)) as { suspension?: Doc | null } | undefined;
    const receipt = snapshot?.suspension as
      | { status?: string; outcome?: string; resumeAttemptId?: string; suspension: Doc }
      | null
      | undefined;
    return receipt?.status === 'closed' &&
      receipt.outcome === 'settled' &&
      receipt.suspension.suspensionId === input.suspensionId &&
      receipt.suspension.attempt === input.attempt &&
      receipt.resumeAttemptId === input.resumeAttemptId
      ? { status: 'settled' }
      : { status: 'stale' };
  };

  /** Cancellation races resume through the same current-suspension predicate. */
  const cancelAgentEventActorSuspension: Suspension['cancelAgentEventActorSuspension'] = async (input) => {
    const suspensionOwner =
      input.claimedResumeAttemptId == null
        ? { 'agentEventActorSuspension.status': { $in: ['pending', 'pending_owned'] } }
        : {
            'agentEventActorSuspension.status': { $in: ['claimed', 'claimed_owned'] },
            'agentEventActorSuspension.resumeAttemptId': input.claimedResumeAttemptId,
          };
    const lifecycle = exactPendingLifecycle(input.invocationId, input.checkpoint);
    const cancelled = await cas(
      {
        user: input.user,
        conversationId: input.conversationId,
        ...suspensionOwner,
        'agentEventActorSuspension.suspension.suspensionId': input.suspensionId,
        'agentEventActorSuspension.suspension.attempt': input.attempt,
        agentEventActorReconciliations: { $elemMatch: lifecycle },
        ...subagentLeaseTenantFilter(input.tenantId),
      },
      {
        $set: {
          'agentEventActorSuspension.status': 'closed',
          'agentEventActorSuspension.outcome': 'cancelled',
          'agentEventActorSuspension.closedAt': new Date(),
          'agentEventActorSuspension.observedAt': new Date(),
        },
        $pull: { agentEventActorReconciliations: lifecycle },
      },
    );
    if (cancelled != null) return { status: 'cancelled' };
    const snapshot = (await getAgentEventActorSnapshot(input)) as { suspension?: Doc | null } | undefined;
    const receipt = snapshot?.suspension as
      | { status?: string; outcome?: string; suspension: Doc }
      | null
      | undefined;
    return receipt?.status === 'closed' &&
      receipt.outcome === 'cancelled' &&
      receipt.suspension.suspensionId === input.suspensionId &&
      receipt.suspension.attempt === input.attempt
      ? { status: 'cancelled' }
      : { status: 'stale' };
  };

  return {
    storeAgentEventActorSuspension,
    claimAgentEventActorSuspension,
    settleAgentEventActorSuspension,
    cancelAgentEventActorSuspension,
  };
}
