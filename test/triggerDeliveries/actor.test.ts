/** Event-actor deliveries: handling outcomes, action admission, detached actions and receipts. */
import { differential } from '../harness/index.js';
import {
  actorDelivery,
  actorKey,
  at,
  checkpointReceipt,
  failure,
  patchDelivery,
  startedHandling,
  U2,
} from './support.js';

differential(
  'triggerDeliveries › action admission: one admission per delivery, checked and released by its id',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(actorDelivery('a1'));
    await methods.enqueueAgentTriggerDelivery(actorDelivery('a2'));
    const pendingAdmit = await methods.admitAgentEventActorAction({
      ...actorKey('a1'),
      admittedAt: at(3),
      admissionId: 'adm-1',
    });
    await patchDelivery(dal, 'a1', { $set: { status: 'leased', handling: startedHandling } });
    const admitted = await methods.admitAgentEventActorAction({
      ...actorKey('a1'),
      admittedAt: at(3),
      admissionId: 'adm-1',
    });
    const second = await methods.admitAgentEventActorAction({
      ...actorKey('a1'),
      admittedAt: at(4),
      admissionId: 'adm-2',
    });
    const otherUser = await methods.admitAgentEventActorAction({
      ...actorKey('a1'),
      user: U2,
      admittedAt: at(3),
      admissionId: 'x',
    });
    const badDate = await methods
      .admitAgentEventActorAction({ ...actorKey('a1'), admittedAt: new Date(Number.NaN), admissionId: 'x' })
      .catch(failure);
    const longId = await methods
      .admitAgentEventActorAction({ ...actorKey('a1'), admittedAt: at(3), admissionId: 'x'.repeat(65) })
      .catch(failure);
    const read = {
      id: await methods.getAgentEventActorActionAdmission(actorKey('a1')),
      none: await methods.getAgentEventActorActionAdmission(actorKey('a2')),
      has: await methods.hasAgentEventActorActionAdmission({ ...actorKey('a1'), admissionId: 'adm-1' }),
      hasOther: await methods.hasAgentEventActorActionAdmission({ ...actorKey('a1'), admissionId: 'adm-2' }),
    };
    const releaseOther = await methods.releaseAgentEventActorAction({
      ...actorKey('a1'),
      admissionId: 'adm-2',
    });
    const released = await methods.releaseAgentEventActorAction({ ...actorKey('a1'), admissionId: 'adm-1' });
    const releasedTwice = await methods.releaseAgentEventActorAction({
      ...actorKey('a1'),
      admissionId: 'adm-1',
    });
    return {
      pendingAdmit,
      admitted,
      second,
      otherUser,
      badDate,
      longId,
      read,
      releaseOther,
      released,
      releasedTwice,
      after: await methods.getAgentEventActorActionAdmission(actorKey('a1')),
    };
  },
);

differential(
  'triggerDeliveries › detached actions: reserve once, replay, running, launch indeterminate, settle, read',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(actorDelivery('d1'));
    await patchDelivery(dal, 'd1', { $set: { status: 'leased' } });
    const reserveInput = {
      ...actorKey('d1'),
      generationCreatedAt: 100,
      turnId: 'turn-1',
      invocationId: 'inv-1',
      expectedToolName: 'reply',
      toolName: 'reply',
      toolCallId: 'call-1',
      reservedAt: at(3),
      recoveryAfter: at(60),
    };
    const unadmitted = await methods.reserveAgentEventActorDetachedAction(reserveInput).catch(failure);
    await methods.admitAgentEventActorAction({ ...actorKey('d1'), admittedAt: at(3), admissionId: 'adm-1' });
    const reserved = await methods.reserveAgentEventActorDetachedAction(reserveInput);
    const replay = await methods.reserveAgentEventActorDetachedAction(reserveInput);
    const conflict = await methods
      .reserveAgentEventActorDetachedAction({ ...reserveInput, toolCallId: 'call-2' })
      .catch(failure);
    const invalid = await methods
      .reserveAgentEventActorDetachedAction({ ...reserveInput, recoveryAfter: at(1) })
      .catch(failure);
    const { taskId, idempotencyKey } = reserved.action;
    const update = { ...actorKey('d1'), generationCreatedAt: 100, taskId, idempotencyKey, observedAt: at(4) };
    const running = await methods.markAgentEventActorDetachedActionRunning({
      ...update,
      recoveryAfter: at(90),
    });
    const runningAgain = await methods.markAgentEventActorDetachedActionRunning({
      ...update,
      recoveryAfter: at(90),
    });
    const wrongKey = await methods.markAgentEventActorDetachedActionRunning({
      ...update,
      idempotencyKey: 'x',
      recoveryAfter: at(90),
    });
    const badLease = await methods
      .markAgentEventActorDetachedActionRunning({ ...update, recoveryAfter: at(1) })
      .catch(failure);
    const indeterminate = await methods.markAgentEventActorDetachedActionLaunchIndeterminate({
      ...update,
      observedAt: at(91),
    });
    const settled = await methods.settleAgentEventActorDetachedAction({
      ...update,
      observedAt: at(95),
      status: 'succeeded',
      result: 'ok',
    });
    const settledAgain = await methods.settleAgentEventActorDetachedAction({
      ...update,
      observedAt: at(96),
      status: 'failed',
      error: 'late',
    });
    return {
      unadmitted,
      reserved,
      replay,
      conflict,
      invalid,
      running,
      runningAgain,
      wrongKey,
      badLease,
      indeterminate,
      settled,
      settledAgain,
      read: await methods.getAgentEventActorDetachedAction({ ...actorKey('d1'), generationCreatedAt: 100 }),
      otherGeneration: await methods.getAgentEventActorDetachedAction({
        ...actorKey('d1'),
        generationCreatedAt: 7,
      }),
    };
  },
);

differential(
  'triggerDeliveries › handling outcomes and receipts: settle, read, backfill, mismatched resolutions',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(actorDelivery('r1'));
    await methods.enqueueAgentTriggerDelivery(actorDelivery('r2'));
    await patchDelivery(dal, 'r1', { $set: { status: 'succeeded', handling: startedHandling } });
    await patchDelivery(dal, 'r2', {
      $set: { status: 'dead', handling: { ...startedHandling, status: 'failed' } },
    });
    const settleInput = {
      ...actorKey('r1'),
      generationCreatedAt: 100,
      status: 'applied' as const,
      settledAt: at(10),
      receipt: checkpointReceipt,
    };
    const mismatch = await methods.settleAgentEventActorReceipt({ ...settleInput, status: 'failed' });
    const noCheckpoint = await methods.settleAgentEventActorReceipt({
      ...settleInput,
      receipt: { ...checkpointReceipt, checkpoint: { ...checkpointReceipt.checkpoint, checkpointId: '' } },
    });
    const settled = await methods.settleAgentEventActorReceipt(settleInput);
    const settledAgain = await methods.settleAgentEventActorReceipt(settleInput);
    const backfillMismatch = await methods.backfillAgentEventActorReceipt({
      ...settleInput,
      deliveryKey: 'r2',
      status: 'failed',
    });
    const backfillStarted = await methods.backfillAgentEventActorReceipt({
      ...settleInput,
      deliveryKey: 'r1',
    });
    const backfilled = await methods.backfillAgentEventActorReceipt({
      ...settleInput,
      deliveryKey: 'r2',
      status: 'failed',
      receipt: { ...checkpointReceipt, resolution: 'action_compensated' },
    });
    return {
      mismatch,
      noCheckpoint,
      settled,
      settledAgain,
      backfillMismatch,
      backfillStarted,
      backfilled,
      receipt: await methods.getAgentEventActorReceipt(actorKey('r1')),
      backfilledReceipt: await methods.getAgentEventActorReceipt(actorKey('r2')),
      none: await methods.getAgentEventActorReceipt({ ...actorKey('r1'), bindingId: 'other' }),
      metrics: await methods.getAgentEventActorReceiptStorageMetrics(at(10)),
      later: await methods.getAgentEventActorReceiptStorageMetrics(new Date('2027-01-01T00:00:00Z')),
    };
  },
);

differential(
  'triggerDeliveries › settleAgentTriggerHandlingOutcome settles a started handling once',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(actorDelivery('h1'));
    await patchDelivery(dal, 'h1', { $set: { status: 'succeeded', handling: startedHandling } });
    const input = {
      deliveryKey: 'h1',
      conversationId: 'c1',
      generationCreatedAt: 100,
      status: 'failed' as const,
      settledAt: at(10),
      error: 'e'.repeat(3000),
    };
    return {
      wrongGeneration: await methods.settleAgentTriggerHandlingOutcome({ ...input, generationCreatedAt: 1 }),
      settled: await methods.settleAgentTriggerHandlingOutcome(input),
      again: await methods.settleAgentTriggerHandlingOutcome(input),
      unknown: await methods.settleAgentTriggerHandlingOutcome({ ...input, deliveryKey: 'nope' }),
      stored: await methods.getAgentTriggerDelivery('h1'),
    };
  },
);

differential(
  'triggerDeliveries › getAgentEventActorReceiptStorageMetrics counts retry and dead actor deliveries',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(actorDelivery('m1'));
    await methods.enqueueAgentTriggerDelivery(actorDelivery('m2'));
    await methods.enqueueAgentTriggerDelivery(actorDelivery('m3'));
    await patchDelivery(dal, 'm1', { $set: { status: 'pending', attempts: 2, handling: startedHandling } });
    await patchDelivery(dal, 'm2', { $set: { status: 'dead', handling: startedHandling } });
    await patchDelivery(dal, 'm3', {
      $set: {
        status: 'succeeded',
        expiresAt: at(5),
        actorReceipt: { ...checkpointReceipt, bindingId: 'b1', settledAt: at(4) },
      },
    });
    return {
      now: await methods.getAgentEventActorReceiptStorageMetrics(at(10)),
      before: await methods.getAgentEventActorReceiptStorageMetrics(at(1)),
    };
  },
);
