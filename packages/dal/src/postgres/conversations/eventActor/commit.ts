/** commitAgentEventActorState: advances one actor head only when its full prior identity matches. */
import {
  activeExpirationFilter,
  type ConversationMethods,
  isAgentFadingTier,
  isAgentFadingTierEntries,
  isCompactionSemanticIndexProjection,
  MAX_AGENT_EVENT_ACTOR_DISCOVERED_TOOLS,
  MAX_AGENT_EVENT_ACTOR_ENCODING_LENGTH,
  MAX_AGENT_EVENT_ACTOR_SKILLS,
  MAX_AGENT_EVENT_ACTOR_SUMMARY_LENGTH,
  MAX_AGENT_EVENT_ACTOR_TOOL_NAME_LENGTH,
} from '@librechat/data-schemas';
import type { PgContext } from '../../context.js';
import { type Doc, subagentLeaseTenantFilter } from '../shared.js';

type Commit = ConversationMethods['commitAgentEventActorState'];
type Input = Parameters<Commit>[0];

function validate(input: Input): void {
  if (input.checkpoint.threadId !== input.conversationId) {
    throw new Error('Event actor checkpoint changed its logical thread');
  }
  if ((input.skillManifest?.length ?? 0) > MAX_AGENT_EVENT_ACTOR_SKILLS) {
    throw new RangeError(`Event actor Skill manifest exceeds ${MAX_AGENT_EVENT_ACTOR_SKILLS}`);
  }
  if (
    (input.discoveredToolNames?.length ?? 0) > MAX_AGENT_EVENT_ACTOR_DISCOVERED_TOOLS ||
    input.discoveredToolNames?.some(
      (name) => name.length === 0 || name.length > MAX_AGENT_EVENT_ACTOR_TOOL_NAME_LENGTH,
    )
  ) {
    throw new RangeError('Event actor discovered-tool state is invalid');
  }
  if (
    input.summary != null &&
    (input.summary.text.length === 0 ||
      input.summary.text.length > MAX_AGENT_EVENT_ACTOR_SUMMARY_LENGTH ||
      !Number.isFinite(input.summary.tokenCount) ||
      input.summary.tokenCount < 0)
  ) {
    throw new RangeError('Event actor summary state is invalid');
  }
  const contextMeta = input.contextMeta as
    | { calibrationRatio: number; encoding?: string; fadingTiers?: unknown; fading?: unknown }
    | undefined;
  if (
    contextMeta != null &&
    (!Number.isFinite(contextMeta.calibrationRatio) ||
      contextMeta.calibrationRatio < 0.5 ||
      contextMeta.calibrationRatio > 5 ||
      (contextMeta.encoding != null &&
        (contextMeta.encoding.length === 0 ||
          contextMeta.encoding.length > MAX_AGENT_EVENT_ACTOR_ENCODING_LENGTH)))
  ) {
    throw new RangeError('Event actor context calibration is invalid');
  }
  if (contextMeta?.fadingTiers != null && !isAgentFadingTierEntries(contextMeta.fadingTiers as never)) {
    throw new RangeError('Event actor context fading tiers are invalid');
  }
  if (contextMeta?.fading != null && !isAgentFadingTier(contextMeta.fading as never)) {
    throw new RangeError('Event actor context fading tier is invalid');
  }
  if (
    input.compactionSemanticIndex != null &&
    !isCompactionSemanticIndexProjection(input.compactionSemanticIndex)
  ) {
    throw new RangeError('Event actor compaction semantic index is invalid');
  }
}

export function createActorCommit(
  { collections }: PgContext,
  getAgentEventActorSnapshot: ConversationMethods['getAgentEventActorSnapshot'],
): Pick<ConversationMethods, 'commitAgentEventActorState'> {
  const { conversations } = collections;

  const commitAgentEventActorState: Commit = async (input) => {
    validate(input);
    const expected = input.expected;
    /** The CAS also requires the invalidation epoch observed at preparation (null: never invalidated). */
    const expectedFilter: Doc = {
      agentEventActorEpoch: input.expectedEpoch === 0 ? null : input.expectedEpoch,
      agentEventActorLegacyTurn: { $exists: false },
      ...(expected == null
        ? { agentEventActor: { $exists: false } }
        : {
            'agentEventActor.generation': expected.generation,
            'agentEventActor.checkpoint.threadId': expected.checkpoint.threadId,
            'agentEventActor.checkpoint.checkpointId': expected.checkpoint.checkpointId,
            'agentEventActor.checkpoint.checkpointNs': expected.checkpoint.checkpointNs,
            'agentEventActor.previousCheckpoint': expected.previousCheckpoint ?? { $exists: false },
            ...(expected.contextFingerprint == null
              ? { 'agentEventActor.contextFingerprint': { $exists: false } }
              : {
                  'agentEventActor.contextFingerprint.algorithm': expected.contextFingerprint.algorithm,
                  'agentEventActor.contextFingerprint.version': expected.contextFingerprint.version,
                  'agentEventActor.contextFingerprint.digest': expected.contextFingerprint.digest,
                }),
            ...(expected.skillManifest == null
              ? { 'agentEventActor.skillManifest': { $exists: false } }
              : { 'agentEventActor.skillManifest': expected.skillManifest }),
            ...(expected.discoveredToolNames == null
              ? { 'agentEventActor.discoveredToolNames': { $exists: false } }
              : { 'agentEventActor.discoveredToolNames': expected.discoveredToolNames }),
            ...(expected.summary == null
              ? { 'agentEventActor.summary': { $exists: false } }
              : { 'agentEventActor.summary': expected.summary }),
            ...(expected.contextMeta == null
              ? { 'agentEventActor.contextMeta': { $exists: false } }
              : { 'agentEventActor.contextMeta': expected.contextMeta }),
            ...(expected.compactionSemanticIndex == null
              ? { 'agentEventActor.compactionSemanticIndex': { $exists: false } }
              : { 'agentEventActor.compactionSemanticIndex': expected.compactionSemanticIndex }),
            'agentEventActor.requiresColdStart': expected.requiresColdStart === true ? true : { $ne: true },
          }),
    };
    const authority = input.settlementAuthority;
    const settlementFilter: Doc =
      authority == null
        ? {}
        : {
            'agentEventActorSuspension.status': { $in: ['claimed', 'claimed_owned'] },
            'agentEventActorSuspension.suspension.suspensionId': authority.suspensionId,
            'agentEventActorSuspension.suspension.attempt': authority.attempt,
            'agentEventActorSuspension.resumeAttemptId': authority.resumeAttemptId,
          };
    const nextState = {
      generation: (expected?.generation ?? 0) + 1,
      checkpoint: input.checkpoint,
      ...(input.contextFingerprint == null ? {} : { contextFingerprint: input.contextFingerprint }),
      ...(input.skillManifest == null ? {} : { skillManifest: input.skillManifest }),
      ...(input.discoveredToolNames == null ? {} : { discoveredToolNames: input.discoveredToolNames }),
      ...(input.summary == null ? {} : { summary: input.summary }),
      ...(input.contextMeta == null ? {} : { contextMeta: input.contextMeta }),
      ...(input.compactionSemanticIndex == null
        ? {}
        : { compactionSemanticIndex: input.compactionSemanticIndex }),
      ...(expected == null ? {} : { previousCheckpoint: expected.checkpoint }),
    };
    const pendingInvocation = {
      agentEventActorReconciliations: {
        $elemMatch: { invocationId: input.invocationId, status: 'invocation_pending' },
      },
    };
    const previous = await conversations.findOneAndUpdateLean(
      {
        user: input.user,
        conversationId: input.conversationId,
        subagentThread: { $exists: true },
        agentEventBinding: { $exists: true },
        ...pendingInvocation,
        ...subagentLeaseTenantFilter(input.tenantId),
        ...activeExpirationFilter(),
        ...expectedFilter,
        ...settlementFilter,
      },
      {
        $set: {
          agentEventActor: nextState,
          'agentEventActorReconciliations.$.status': 'persistence_pending',
          'agentEventActorReconciliations.$.checkpoint': input.checkpoint,
          'agentEventActorReconciliations.$.action': input.action,
          'agentEventActorReconciliations.$.observedAt': new Date(),
          ...(authority == null
            ? {}
            : {
                'agentEventActorSuspension.status': 'closed',
                'agentEventActorSuspension.outcome': 'committed',
                'agentEventActorSuspension.closedAt': new Date(),
                'agentEventActorSuspension.observedAt': new Date(),
              }),
        },
        ...(expected?.previousCheckpoint == null
          ? {}
          : { $addToSet: { agentEventActorCleanup: expected.previousCheckpoint } }),
        $unset: { 'agentEventActorReconciliations.$.error': 1 },
      },
      { new: false, timestamps: false, select: '+agentEventActor +agentEventActorSuspension' },
    );
    if (previous != null) {
      const prior = previous.agentEventActor as { previousCheckpoint?: unknown } | undefined;
      return {
        status: 'committed',
        state: nextState,
        ...(prior?.previousCheckpoint == null ? {} : { prunableCheckpoint: prior.previousCheckpoint }),
      } as never;
    }
    const snapshot = async () =>
      (await getAgentEventActorSnapshot(input)) as
        | {
            state?: unknown;
            suspension?: {
              status?: string;
              outcome?: string;
              resumeAttemptId?: string;
              suspension: Doc;
            } | null;
          }
        | undefined;
    if (authority != null) {
      /** A resumed action must close its claim even when another head won. */
      const closedStale = await conversations.findOneAndUpdateLean(
        {
          user: input.user,
          conversationId: input.conversationId,
          subagentThread: { $exists: true },
          agentEventBinding: { $exists: true },
          ...pendingInvocation,
          ...subagentLeaseTenantFilter(input.tenantId),
          ...activeExpirationFilter(),
          ...settlementFilter,
          $nor: [expectedFilter],
        },
        {
          $set: {
            'agentEventActorSuspension.status': 'closed',
            'agentEventActorSuspension.outcome': 'stale',
            'agentEventActorSuspension.closedAt': new Date(),
            'agentEventActorSuspension.observedAt': new Date(),
          },
        },
        { new: false, timestamps: false, select: '+agentEventActor +agentEventActorSuspension' },
      );
      if (closedStale != null) {
        return {
          status: 'stale',
          ...(closedStale.agentEventActor == null ? {} : { state: closedStale.agentEventActor }),
        } as never;
      }
      const current = await snapshot();
      const receipt = current?.suspension;
      const matchesAuthority =
        receipt?.suspension.suspensionId === authority.suspensionId &&
        receipt?.suspension.attempt === authority.attempt &&
        receipt?.resumeAttemptId === authority.resumeAttemptId;
      if (matchesAuthority && receipt?.status === 'closed') {
        if (receipt.outcome === 'committed' && current?.state != null) {
          return { status: 'committed', state: current.state } as never;
        }
        if (receipt.outcome === 'stale') {
          return { status: 'stale', ...(current?.state == null ? {} : { state: current.state }) } as never;
        }
      }
      if (matchesAuthority)
        throw new Error('Resumed event actor commit could not close its suspension fence');
      return { status: 'stale', ...(current?.state == null ? {} : { state: current.state }) } as never;
    }
    const current = await snapshot();
    return { status: 'stale', ...(current?.state == null ? {} : { state: current.state }) } as never;
  };

  return { commitAgentEventActorState };
}
