/** The agent-event actor lifecycle of one child thread, as a scenario both suites run. */
import type { AllMethods } from '@librechat/dal';
import { at, C, U1 } from './support.js';

export const CHILD = C(2);
const lineage = {
  rootConversationId: C(1),
  parentConversationId: C(1),
  parentMessageId: 'm1',
  parentToolCallId: 'call-1',
  subagentType: 'watcher',
  subagentKind: 'agent',
  depth: 1,
};
const checkpoint = (checkpointId?: string) => ({
  threadId: CHILD,
  checkpointNs: '',
  ...(checkpointId ? { checkpointId } : {}),
});
const evidence = (invocationId: string, attempt: number) => ({
  version: 1,
  suspensionId: 'susp-1',
  attempt,
  issuedAt: 1000,
  expiresAt: 2000,
  invocation: {
    actorThreadId: CHILD,
    invocationId,
    fork: { threadId: CHILD, invocationId, checkpointNs: '' },
  },
  checkpoint: { threadId: CHILD, invocationId, checkpointNs: '' },
  interrupt: { id: 'int-1' },
  suspensionDigest: 'digest',
});

export async function actorLifecycle(methods: AllMethods): Promise<Record<string, unknown>> {
  const owner = { user: U1, conversationId: CHILD };
  const out: Record<string, unknown> = {};
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      out[name] = await run();
    } catch (error) {
      out[name] = { error: (error as Error).message };
    }
  };
  await step('reserve', async () => {
    const r = await methods.reserveSubagentThread({
      ...owner,
      conversation: {
        title: 'watcher',
        agent_id: 'agent_x',
        endpoint: 'agents',
        subagentThread: lineage,
        agentEventBinding: { bindingId: 'b1', sourceKeyId: 'k1', actorId: 'actor-1' },
      } as never,
    });
    return {
      created: r.created,
      binding: (r.conversation as { agentEventBinding?: unknown }).agentEventBinding,
    };
  });
  await step(
    'reserveAgain',
    async () =>
      (await methods.reserveSubagentThread({ ...owner, conversation: { title: 'x' } as never })).created,
  );
  await step('binding', () => methods.getAgentEventBinding({ user: U1, bindingId: 'b1', sourceKeyId: 'k1' }));
  await step('wrongKey', () =>
    methods.getAgentEventBinding({ user: U1, bindingId: 'b1', sourceKeyId: 'k2' }),
  );
  await step('snapshot0', () => methods.getAgentEventActorSnapshot(owner));
  const pending = {
    invocationId: 'inv1',
    status: 'invocation_pending',
    checkpoint: checkpoint(),
    action: { toolName: 'notify' },
    observedAt: at(0),
  };
  await step('record', () =>
    methods.recordAgentEventActorReconciliation({ ...owner, reconciliation: pending as never }),
  );
  await step('recordAgain', () =>
    methods.recordAgentEventActorReconciliation({ ...owner, reconciliation: pending as never }),
  );
  await step('recordOther', () =>
    methods.recordAgentEventActorReconciliation({
      ...owner,
      reconciliation: { ...pending, invocationId: 'inv2' } as never,
    }),
  );
  await step('admit', () =>
    methods.recordAgentEventActorReconciliation({
      ...owner,
      reconciliation: { ...pending, actionAdmitted: true } as never,
    }),
  );
  await step('wrongThread', () =>
    methods.recordAgentEventActorReconciliation({
      ...owner,
      reconciliation: { ...pending, checkpoint: { threadId: 'x', checkpointNs: '' } } as never,
    }),
  );
  await step('invalidSuspension', () =>
    methods.storeAgentEventActorSuspension({
      ...owner,
      suspension: evidence('inv1', 1) as never,
      actionId: 'a1',
      jobCreatedAt: 1,
    }),
  );
  await step('store', () =>
    methods.storeAgentEventActorSuspension({
      ...owner,
      suspension: evidence('inv1', 0) as never,
      actionId: 'a1',
      jobCreatedAt: 1,
    }),
  );
  await step('storeAgain', () =>
    methods.storeAgentEventActorSuspension({
      ...owner,
      suspension: evidence('inv1', 0) as never,
      actionId: 'a1',
      jobCreatedAt: 1,
    }),
  );
  const claim = {
    ...owner,
    suspensionId: 'susp-1',
    attempt: 0,
    actionId: 'a1',
    jobCreatedAt: 1,
    resumeAttemptId: 'r1',
  };
  await step('claimInvalid', () => methods.claimAgentEventActorSuspension({ ...claim, resumeAttemptId: '' }));
  await step('claim', () => methods.claimAgentEventActorSuspension(claim));
  await step('claimAgain', () => methods.claimAgentEventActorSuspension({ ...claim, resumeAttemptId: 'r2' }));
  await step('commitWrongThread', () =>
    methods.commitAgentEventActorState({
      ...owner,
      invocationId: 'inv1',
      action: { toolName: 'notify' } as never,
      expectedEpoch: 0,
      checkpoint: { threadId: 'x', checkpointNs: '', checkpointId: 'c' } as never,
    }),
  );
  await step('commit', () =>
    methods.commitAgentEventActorState({
      ...owner,
      invocationId: 'inv1',
      action: { toolName: 'notify' } as never,
      expectedEpoch: 0,
      checkpoint: checkpoint('cp1') as never,
      summary: { text: 'so far', tokenCount: 3 } as never,
      discoveredToolNames: ['a', 'b'],
      settlementAuthority: { suspensionId: 'susp-1', attempt: 0, resumeAttemptId: 'r1' },
    }),
  );
  await step('commitReplay', () =>
    methods.commitAgentEventActorState({
      ...owner,
      invocationId: 'inv1',
      action: { toolName: 'notify' } as never,
      expectedEpoch: 0,
      checkpoint: checkpoint('cp1') as never,
      settlementAuthority: { suspensionId: 'susp-1', attempt: 0, resumeAttemptId: 'r1' },
    }),
  );
  await step('snapshot1', () => methods.getAgentEventActorSnapshot(owner));
  const persisted = {
    ...pending,
    status: 'history_persisted',
    checkpoint: checkpoint('cp1'),
    actionAdmitted: true,
  };
  await step('persisted', () =>
    methods.recordAgentEventActorReconciliation({ ...owner, reconciliation: persisted as never }),
  );
  await step('persistedAgain', () =>
    methods.recordAgentEventActorReconciliation({ ...owner, reconciliation: persisted as never }),
  );
  await step('metrics', () => methods.getAgentEventActorReconciliationStorageMetrics(at(60)));
  const resolve = { ...owner, invocationId: 'inv1', checkpoint: checkpoint('cp1') as never };
  await step('resolveNoId', () =>
    methods.resolveAgentEventActorReconciliation({
      ...resolve,
      checkpoint: checkpoint() as never,
      resolution: 'checkpoint_verified',
    }),
  );
  await step('resolve', () =>
    methods.resolveAgentEventActorReconciliation({ ...resolve, resolution: 'checkpoint_verified' }),
  );
  await step('resolveReplay', () =>
    methods.resolveAgentEventActorReconciliation({ ...resolve, resolution: 'checkpoint_verified' }),
  );
  await step('clear', () =>
    methods.clearAgentEventActorReconciliation({ ...resolve, resolution: 'checkpoint_verified' }),
  );
  await step('clearAgain', () =>
    methods.clearAgentEventActorReconciliation({ ...resolve, resolution: 'checkpoint_verified' }),
  );
  await step('abandonMissing', () =>
    methods.resolveAgentEventActorReconciliation({
      ...resolve,
      invocationId: 'inv9',
      resolution: 'invocation_abandoned',
    }),
  );
  await step('begin', () => methods.beginAgentEventActorLegacyTurn({ ...owner, token: 'L1' }));
  await step('beginAgain', () => methods.beginAgentEventActorLegacyTurn({ ...owner, token: 'L2' }));
  await step('completeWrong', () => methods.completeAgentEventActorLegacyTurn({ ...owner, token: 'L2' }));
  await step('complete', () => methods.completeAgentEventActorLegacyTurn({ ...owner, token: 'L1' }));
  await step('snapshot2', () => methods.getAgentEventActorSnapshot(owner));
  await step('record3', () =>
    methods.recordAgentEventActorReconciliation({
      ...owner,
      reconciliation: { ...pending, invocationId: 'inv3' } as never,
    }),
  );
  await step('staleCommit', () =>
    methods.commitAgentEventActorState({
      ...owner,
      invocationId: 'inv3',
      action: { toolName: 'notify' } as never,
      expectedEpoch: 0,
      checkpoint: checkpoint('cp3') as never,
    }),
  );
  await step('settleStale', () =>
    methods.settleAgentEventActorSuspension({
      ...owner,
      suspensionId: 'susp-1',
      attempt: 0,
      resumeAttemptId: 'r1',
      invocationId: 'inv3',
      checkpoint: checkpoint() as never,
    }),
  );
  await step('cancelStale', () =>
    methods.cancelAgentEventActorSuspension({
      ...owner,
      suspensionId: 'susp-1',
      attempt: 0,
      invocationId: 'inv3',
      checkpoint: checkpoint() as never,
    }),
  );
  await step('abandon', () =>
    methods.resolveAgentEventActorReconciliation({
      ...owner,
      invocationId: 'inv3',
      checkpoint: checkpoint() as never,
      resolution: 'invocation_abandoned',
    }),
  );
  await step('metricsEnd', () => methods.getAgentEventActorReconciliationStorageMetrics(at(60)));
  await step('expire', () => methods.expireLegacyAgentEventActorReceipts(at(200_000)));
  await step('expireInvalid', () => methods.expireLegacyAgentEventActorReceipts(new Date(Number.NaN)));
  await step('snapshotEnd', () => methods.getAgentEventActorSnapshot(owner));
  return out;
}
