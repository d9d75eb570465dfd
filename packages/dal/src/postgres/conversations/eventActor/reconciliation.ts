/**
 * The invocation lifecycle journal (agentEventActorReconciliations): record, resolve and clear,
 * each a conditional write on the journal entry, as upstream.
 */
import { activeExpirationFilter, type ConversationMethods } from '@librechat/data-schemas';
import type { PgContext } from '../../context.js';
import { type Doc, subagentLeaseTenantFilter } from '../shared.js';

type Reconciliation = Pick<
  ConversationMethods,
  | 'recordAgentEventActorReconciliation'
  | 'resolveAgentEventActorReconciliation'
  | 'clearAgentEventActorReconciliation'
>;
type Entry = {
  invocationId: string;
  status: string;
  actionAdmitted?: boolean;
  checkpoint: { threadId: string; checkpointId?: string; checkpointNs: string };
  action: { toolName: string; toolCallId?: string };
};
type Checkpoint = Entry['checkpoint'];

const ACTIVE_AFTER_COMMIT = [
  'persistence_pending',
  'history_persisted',
  'commit_conflict',
  'commit_indeterminate',
  'persistence_failed',
];

function exactCheckpoint(invocationId: string, checkpoint: Checkpoint): Doc {
  return {
    invocationId,
    'checkpoint.threadId': checkpoint.threadId,
    'checkpoint.checkpointNs': checkpoint.checkpointNs,
    ...(checkpoint.checkpointId == null
      ? { 'checkpoint.checkpointId': { $exists: false } }
      : { 'checkpoint.checkpointId': checkpoint.checkpointId }),
  };
}

function owner(input: { user: string; conversationId: string; tenantId?: string }): Doc {
  return {
    user: input.user,
    conversationId: input.conversationId,
    subagentThread: { $exists: true },
    agentEventBinding: { $exists: true },
    ...subagentLeaseTenantFilter(input.tenantId),
    ...activeExpirationFilter(),
  };
}

export function createActorReconciliation({ collections }: PgContext): Reconciliation {
  const { conversations } = collections;
  const write = (filter: Doc, update: Doc) =>
    conversations.findOneAndUpdateLean(filter, update, {
      new: true,
      timestamps: false,
      select: '+agentEventActorReconciliations',
    });

  /** Acquires or advances one invocation lifecycle fence and blocks competing turns. */
  const recordAgentEventActorReconciliation: Reconciliation['recordAgentEventActorReconciliation'] = async (
    input,
  ) => {
    const next = input.reconciliation as unknown as Entry;
    if (next.checkpoint.threadId !== input.conversationId) {
      throw new Error('Event actor reconciliation changed its logical thread');
    }
    const ownership = owner(input);
    const existing = await conversations.findOne(ownership, { select: '+agentEventActorReconciliations' });
    const journal = (existing?.agentEventActorReconciliations as Entry[] | undefined) ?? [];
    const current = journal.find((item) => item.invocationId === next.invocationId);
    if (current != null) {
      const sameCheckpointAndAction =
        current.checkpoint.threadId === next.checkpoint.threadId &&
        current.checkpoint.checkpointId === next.checkpoint.checkpointId &&
        current.checkpoint.checkpointNs === next.checkpoint.checkpointNs &&
        current.action.toolName === next.action.toolName &&
        current.action.toolCallId === next.action.toolCallId;
      const confirmsActionAdmission =
        current.status === 'invocation_pending' &&
        current.actionAdmitted !== true &&
        next.status === 'invocation_pending' &&
        next.actionAdmitted === true &&
        sameCheckpointAndAction;
      const canTransition =
        confirmsActionAdmission ||
        (current.status === 'invocation_pending' && next.status !== 'invocation_pending') ||
        (current.status === 'persistence_pending' &&
          (next.status === 'persistence_failed' || next.status === 'history_persisted')) ||
        (current.status === 'persistence_failed' && next.status === 'history_persisted');
      const sameIdentity =
        current.status === next.status &&
        current.actionAdmitted === next.actionAdmitted &&
        sameCheckpointAndAction;
      /** A pending record is an exclusive ownership fence, not an idempotent receipt. */
      if (next.status === 'invocation_pending' && !confirmsActionAdmission) return false;
      if (!canTransition) return sameIdentity;
      const transitioned = await write(
        {
          ...ownership,
          agentEventActorReconciliations: {
            $elemMatch: {
              invocationId: next.invocationId,
              status: current.status,
              ...(confirmsActionAdmission && {
                actionAdmitted: { $ne: true },
                'checkpoint.threadId': current.checkpoint.threadId,
                'checkpoint.checkpointNs': current.checkpoint.checkpointNs,
                ...(current.checkpoint.checkpointId == null
                  ? { 'checkpoint.checkpointId': { $exists: false } }
                  : { 'checkpoint.checkpointId': current.checkpoint.checkpointId }),
                'action.toolName': current.action.toolName,
                ...(current.action.toolCallId == null
                  ? { 'action.toolCallId': { $exists: false } }
                  : { 'action.toolCallId': current.action.toolCallId }),
              }),
            },
          },
        },
        { $set: { 'agentEventActorReconciliations.$': input.reconciliation } },
      );
      return transitioned != null;
    }
    /** Never recreate a marker after terminal recovery has already removed it. */
    if (next.status !== 'invocation_pending') return false;
    const recorded = await write(
      {
        ...ownership,
        agentEventActorLegacyTurn: { $exists: false },
        agentEventActorReconciliations: { $not: { $elemMatch: { status: { $ne: 'settled' } } } },
        'agentEventActorReconciliations.invocationId': { $ne: next.invocationId },
      },
      { $push: { agentEventActorReconciliations: input.reconciliation } },
    );
    return (
      (recorded?.agentEventActorReconciliations as Entry[] | undefined)?.some(
        (item) => item.invocationId === next.invocationId,
      ) === true
    );
  };

  /** Resolves exactly one lifecycle after settlement, abandonment, or repair. */
  const resolveAgentEventActorReconciliation: Reconciliation['resolveAgentEventActorReconciliation'] = async (
    input,
  ) => {
    if (input.checkpoint.threadId !== input.conversationId) {
      throw new Error('Event actor reconciliation changed its logical thread');
    }
    const exact = exactCheckpoint(input.invocationId, input.checkpoint);
    if (
      input.resolution === 'checkpoint_verified' &&
      (typeof input.checkpoint.checkpointId !== 'string' || input.checkpoint.checkpointId.length === 0)
    ) {
      return false;
    }
    const base = owner(input);
    if (input.resolution === 'checkpoint_verified') {
      const head = {
        'agentEventActor.checkpoint.threadId': input.checkpoint.threadId,
        'agentEventActor.checkpoint.checkpointId': input.checkpoint.checkpointId,
        'agentEventActor.checkpoint.checkpointNs': input.checkpoint.checkpointNs,
      };
      const settled = await write(
        {
          ...base,
          ...head,
          agentEventActorReconciliations: { $elemMatch: { ...exact, status: 'history_persisted' } },
        },
        {
          $set: {
            'agentEventActorReconciliations.$.status': 'settled',
            'agentEventActorReconciliations.$.resolution': 'checkpoint_verified',
            'agentEventActorReconciliations.$.observedAt': new Date(),
          },
          $unset: { 'agentEventActorReconciliations.$.error': 1 },
        },
      );
      if (settled != null) return true;
      const replay = await conversations.exists({
        ...base,
        ...head,
        agentEventActorReconciliations: {
          $elemMatch: { ...exact, status: 'settled', resolution: 'checkpoint_verified' },
        },
      });
      return replay != null;
    }
    let expectedAdmissionFilter: Doc = {};
    if (input.expectedActionAdmitted != null) {
      expectedAdmissionFilter = input.expectedActionAdmitted
        ? { actionAdmitted: true }
        : { actionAdmitted: { $ne: true } };
    }
    const checkpointFilter: Doc = {
      ...exact,
      ...(input.resolution === 'invocation_abandoned'
        ? { status: 'invocation_pending', ...expectedAdmissionFilter }
        : { status: { $in: ACTIVE_AFTER_COMMIT } }),
    };
    const ownership = { ...base, agentEventActorReconciliations: { $elemMatch: checkpointFilter } };
    const mustRebuild = input.resolution === 'action_compensated' || input.resolution === 'history_repaired';
    if (!mustRebuild) {
      const abandoned = await write(ownership, {
        $pull: { agentEventActorReconciliations: checkpointFilter },
      });
      return abandoned != null;
    }
    /** The receipt survives as the same-invocation tombstone. */
    const retainedReceipt = {
      'agentEventActorReconciliations.$.status': 'settled',
      'agentEventActorReconciliations.$.resolution': input.resolution,
      'agentEventActorReconciliations.$.observedAt': new Date(),
    };
    const resolved = await write(
      { ...ownership, agentEventActor: { $exists: true } },
      { $set: { ...retainedReceipt, 'agentEventActor.requiresColdStart': true } },
    );
    if (resolved != null) return true;
    const resolvedWithoutHead = await write(
      { ...ownership, agentEventActor: { $exists: false } },
      { $set: retainedReceipt },
    );
    if (resolvedWithoutHead != null) return true;
    const replayed = await conversations.exists({
      ...base,
      agentEventActorReconciliations: {
        $elemMatch: { ...exact, status: 'settled', resolution: input.resolution },
      },
    });
    return replayed != null;
  };

  /** Removes an active lifecycle only after its terminal proof is durable elsewhere. */
  const clearAgentEventActorReconciliation: Reconciliation['clearAgentEventActorReconciliation'] = async (
    input,
  ) => {
    if (input.checkpoint.threadId !== input.conversationId) {
      throw new Error('Event actor reconciliation changed its logical thread');
    }
    if (
      input.resolution === 'checkpoint_verified' &&
      (typeof input.checkpoint.checkpointId !== 'string' || input.checkpoint.checkpointId.length === 0)
    ) {
      return false;
    }
    const exact = exactCheckpoint(input.invocationId, input.checkpoint);
    const base = owner(input);
    const activeStatuses =
      input.resolution === 'checkpoint_verified' ? ['history_persisted'] : ACTIVE_AFTER_COMMIT;
    const lifecycle = {
      ...exact,
      $or: [{ status: { $in: activeStatuses } }, { status: 'settled', resolution: input.resolution }],
    };
    const clearedWithHead = await write(
      {
        ...base,
        agentEventActor: { $exists: true },
        ...(input.resolution === 'checkpoint_verified' && {
          'agentEventActor.checkpoint.threadId': input.checkpoint.threadId,
          'agentEventActor.checkpoint.checkpointId': input.checkpoint.checkpointId,
          'agentEventActor.checkpoint.checkpointNs': input.checkpoint.checkpointNs,
        }),
        agentEventActorReconciliations: { $elemMatch: lifecycle },
      },
      {
        ...(input.resolution === 'checkpoint_verified'
          ? {}
          : { $set: { 'agentEventActor.requiresColdStart': true } }),
        $pull: { agentEventActorReconciliations: lifecycle },
      },
    );
    if (clearedWithHead != null) return true;
    if (input.resolution !== 'checkpoint_verified') {
      const clearedWithoutHead = await write(
        {
          ...base,
          agentEventActor: { $exists: false },
          agentEventActorReconciliations: { $elemMatch: lifecycle },
        },
        { $pull: { agentEventActorReconciliations: lifecycle } },
      );
      if (clearedWithoutHead != null) return true;
    }
    const conflict = await conversations.exists({
      ...base,
      agentEventActorReconciliations: { $elemMatch: { invocationId: input.invocationId } },
    });
    if (conflict != null) return false;
    return (await conversations.exists(base)) != null;
  };

  return {
    recordAgentEventActorReconciliation,
    resolveAgentEventActorReconciliation,
    clearAgentEventActorReconciliation,
  };
}
