/**
 * What FerretDB cannot compare, proven on PostgreSQL: every upstream write that returns the
 * updated delivery (claims, attempts, completion, retry, dead letters, requeue, retirement,
 * detached actions, receipts, handling outcomes) sends findAndModify with a projection, which
 * FerretDB refuses. Plus the claim's and the lane sequence's behaviour under concurrency, and the
 * migrations' indexes.
 */
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import {
  actorDelivery,
  actorKey,
  at,
  backgroundDelivery,
  checkpointReceipt,
  claimAs,
  delivery,
  failureOf,
  fenceOf,
  patchDelivery,
  remoteDelivery,
  startedHandling,
  U1,
} from './support.js';

const DAY = 24 * 60 * 60_000;

describe('[postgresql] triggerDeliveries › what FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('claims: the oldest available delivery, leased with the worker’s fence; a live lease is not re-claimed, an expired one is', async () => {
    await resetDal(dal);
    expect(await methods.claimNextAgentTriggerDelivery(claimAs('w0'))).toBeNull();
    await methods.enqueueAgentTriggerDelivery(delivery('late', { orderingKey: 'l1', availableAt: at(10) }));
    await methods.enqueueAgentTriggerDelivery(delivery('early', { orderingKey: 'l2', availableAt: at(0) }));
    await expect(
      methods.claimNextAgentTriggerDelivery(claimAs('w0', at(1), { workerCapabilities: [''] })),
    ).rejects.toThrow('Agent trigger worker capability is invalid');
    const first = await methods.claimNextAgentTriggerDelivery(claimAs('w1', at(1)));
    expect(first).toMatchObject({
      deliveryKey: 'early',
      status: 'leased',
      leaseBy: 'w1',
      claimToken: 'token-w1',
      leaseUntil: new Date(at(1).getTime() + 60_000),
    });
    // 'late' is not available before at(10); 'early' is leased until at(61).
    expect(await methods.claimNextAgentTriggerDelivery(claimAs('w2', at(2)))).toBeNull();
    const late = await methods.claimNextAgentTriggerDelivery(claimAs('w2', at(11)));
    expect(late).toMatchObject({ deliveryKey: 'late', leaseBy: 'w2' });
    // The lease expires at(61); the skew margin (30 s) allows a takeover from at(91) on.
    expect(await methods.claimNextAgentTriggerDelivery(claimAs('w3', at(90)))).toBeNull();
    const takeover = await methods.claimNextAgentTriggerDelivery(claimAs('w3', at(92)));
    expect(takeover).toMatchObject({ deliveryKey: 'early', leaseBy: 'w3', claimToken: 'token-w3' });
  });

  test('concurrent claimers: each delivery is won by exactly one worker', async () => {
    await resetDal(dal);
    for (let i = 0; i < 6; i++) {
      await methods.enqueueAgentTriggerDelivery(delivery(`k${i}`, { orderingKey: `lane-${i}` }));
    }
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        methods.claimNextAgentTriggerDelivery(claimAs(`w${i}`)).catch((e: Error) => e),
      ),
    );
    const claims = results.filter((r) => r != null && !(r instanceof Error)) as Array<{
      id: string;
      leaseBy: string;
    }>;
    const errors = results.filter((r) => r instanceof Error) as Error[];
    for (const error of errors) expect(error.name).toBe('AgentTriggerClaimContentionError');
    expect(claims).toHaveLength(6);
    expect(new Set(claims.map((c) => c.id)).size).toBe(6);
    for (const claim of claims) {
      const stored = await methods.getAgentTriggerDelivery(
        (claim as unknown as { deliveryKey: string }).deliveryKey,
      );
      expect(stored?.leaseBy).toBe(claim.leaseBy);
    }
  });

  test('concurrent claimers of one delivery: one wins, the others get nothing', async () => {
    await resetDal(dal);
    await methods.enqueueAgentTriggerDelivery(delivery('only'));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => methods.claimNextAgentTriggerDelivery(claimAs(`w${i}`))),
    );
    const winners = results.filter((r) => r != null);
    expect(winners).toHaveLength(1);
    expect((await methods.getAgentTriggerDelivery('only'))?.leaseBy).toBe(winners[0]!.leaseBy);
  });

  test('lane order: sequences follow enqueue order; concurrent enqueues get distinct consecutive sequences', async () => {
    await resetDal(dal);
    const sequential = [];
    for (let i = 0; i < 3; i++) {
      sequential.push((await methods.enqueueAgentTriggerDelivery(delivery(`s${i}`))).delivery.laneSequence);
    }
    expect(sequential).toEqual([1, 2, 3]);
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        methods.enqueueAgentTriggerDelivery(delivery(`c${i}`, { orderingKey: 'lane-c' })),
      ),
    );
    const sequences = concurrent.map((r) => r.delivery.laneSequence).sort((a, b) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of concurrent) expect(r.delivery.status).toBe('pending');
    // Every later member is blocked by an earlier one; the head is not.
    const head = concurrent.find((r) => r.delivery.laneSequence === 1)!.delivery;
    const tail = concurrent.find((r) => r.delivery.laneSequence === 6)!.delivery;
    expect(await methods.findEarlierAgentTriggerDelivery(head)).toBeNull();
    expect(await methods.findEarlierAgentTriggerDelivery(tail)).not.toBeNull();
  });

  test('attempts: begin under the fence, defer, complete once with the 90-day retention', async () => {
    await resetDal(dal);
    await methods.enqueueAgentTriggerDelivery(remoteDelivery('k1'));
    const claim = (await methods.claimNextAgentTriggerDelivery(claimAs('w1')))!;
    const fence = fenceOf(claim);
    expect(
      await methods.beginAgentTriggerDeliveryAttempt({ ...fence, claimToken: 'x', now: at(2) }),
    ).toBeNull();
    const attempt = await methods.beginAgentTriggerDeliveryAttempt({ ...fence, now: at(2) });
    expect(attempt).toBe(1);
    expect(
      await methods.deferAgentTriggerDeliveryAttempt({ ...fence, attempt: 2, availableAt: at(30) }),
    ).toBe(false);
    expect(
      await methods.deferAgentTriggerDeliveryAttempt({ ...fence, attempt: 1, availableAt: at(30) }),
    ).toBe(true);
    const deferred = await methods.getAgentTriggerDelivery('k1');
    expect(deferred).toMatchObject({ status: 'pending', availableAt: at(30) });
    expect(deferred?.leaseBy).toBeUndefined();
    expect(await methods.claimNextAgentTriggerDelivery(claimAs('w2', at(29)))).toBeNull();
    const again = fenceOf((await methods.claimNextAgentTriggerDelivery(claimAs('w2', at(31))))!);
    const second = (await methods.beginAgentTriggerDeliveryAttempt({ ...again, now: at(31) }))!;
    expect(second).toBeGreaterThan(0);
    const complete = (attemptNo: number) =>
      methods.completeAgentTriggerDelivery({
        ...again,
        attempt: attemptNo,
        result: { ok: true },
        settledAt: at(40),
      });
    expect(
      await methods.completeAgentTriggerDelivery({
        ...again,
        claimToken: 'stolen',
        attempt: second,
        result: {},
        settledAt: at(40),
      }),
    ).toBe(false);
    expect(await complete(second)).toBe(true);
    expect(await complete(second)).toBe(false);
    const done = await methods.getAgentTriggerDelivery('k1');
    expect(done).toMatchObject({ status: 'succeeded', result: { ok: true }, settledAt: at(40) });
    expect(done?.expiresAt?.getTime()).toBe(at(40).getTime() + 90 * DAY);
    expect(await methods.getAgentTriggerDeliveryStatus('k1', U1, 'key-1')).toMatchObject({
      status: 'succeeded',
      attempts: second,
    });
    expect(await methods.getAgentTriggerDeliveryStatus('k1', U1, 'other-key')).toBeNull();
    expect(await methods.countActiveAgentTriggerDeliveriesByUser(U1, at(41))).toBe(0);
  });

  test('retry keeps the error (truncated), dead letters are listed and requeued', async () => {
    await resetDal(dal);
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    let fence = fenceOf((await methods.claimNextAgentTriggerDelivery(claimAs('w1')))!);
    let attempt = (await methods.beginAgentTriggerDeliveryAttempt({ ...fence, now: at(2) }))!;
    const long = { ...failureOf('E'.repeat(200)), message: 'm'.repeat(3000) };
    expect(
      await methods.retryAgentTriggerDelivery({ ...fence, attempt, error: long, availableAt: at(20) }),
    ).toBe(true);
    expect(
      await methods.retryAgentTriggerDelivery({ ...fence, attempt, error: long, availableAt: at(20) }),
    ).toBe(false);
    const retried = (await methods.getAgentTriggerDelivery('k1'))!;
    expect(retried).toMatchObject({ status: 'pending', availableAt: at(20) });
    expect(retried.lastError?.code).toHaveLength(128);
    expect(retried.lastError?.message).toHaveLength(2048);
    expect(retried.history?.length).toBeGreaterThan(0);
    fence = fenceOf((await methods.claimNextAgentTriggerDelivery(claimAs('w2', at(21))))!);
    attempt = (await methods.beginAgentTriggerDeliveryAttempt({ ...fence, now: at(21) }))!;
    expect(
      await methods.deadLetterAgentTriggerDelivery({
        ...fence,
        attempt,
        error: failureOf('E_FATAL', false),
        settledAt: at(22),
      }),
    ).toBe(true);
    const letters = await methods.getAgentTriggerDeadLetters();
    expect(letters.map((l) => l.deliveryKey)).toEqual(['k1']);
    expect(letters[0]).toMatchObject({ status: 'dead', lastError: { code: 'E_FATAL' } });
    await expect(methods.getAgentTriggerDeadLetters(0)).rejects.toThrow('positive integer');
    const requeued = await methods.requeueAgentTriggerDelivery(letters[0]!.id, at(40));
    expect(requeued).toMatchObject({ status: 'pending', availableAt: at(40), requeueCount: 1 });
    expect(await methods.requeueAgentTriggerDelivery(letters[0]!.id, at(40))).toBeNull();
    expect(await methods.getAgentTriggerDeadLetters()).toEqual([]);
  });

  test('retirement settles an unclaimed background delivery; dead-only and unknown deliveries are left', async () => {
    await resetDal(dal);
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    const retire = (extra: Record<string, unknown> = {}) =>
      methods.retireAgentTriggerDelivery({
        deliveryKey: 'b1',
        sourceId: 's1',
        settledAt: at(9),
        reason: 'cancelled',
        ...extra,
      });
    expect(await retire({ sourceId: 'other' })).toBe(false);
    expect(await retire({ onlyIfDead: true })).toBe(false);
    expect(await retire({ onlyIfUnclaimed: true })).toBe(true);
    const retired = await methods.getAgentTriggerDelivery('b1');
    expect(retired).toMatchObject({ status: 'succeeded', settledAt: at(9), result: { reason: 'cancelled' } });
    expect(
      await methods.retireAgentTriggerDelivery({
        deliveryKey: 'nope',
        sourceId: 's1',
        settledAt: at(9),
        reason: 'x',
      }),
    ).toBe(false);
  });

  test('detached actions: reserved once, replayed, running, settled; transitions need the reservation’s keys', async () => {
    await resetDal(dal);
    await methods.enqueueAgentTriggerDelivery(actorDelivery('d1'));
    await patchDelivery(dal, 'd1', { $set: { status: 'leased' } });
    expect(
      await methods.admitAgentEventActorAction({
        ...actorKey('d1'),
        admittedAt: at(3),
        admissionId: 'adm-1',
      }),
    ).toBe(true);
    const input = {
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
    const reserved = await methods.reserveAgentEventActorDetachedAction(input);
    expect(reserved.status).toBe('reserved');
    expect(reserved.action).toMatchObject({
      version: 1,
      status: 'reserved',
      launchAttempt: 0,
      toolCallId: 'call-1',
    });
    expect(reserved.action.taskId).toMatch(/^event_actor_[0-9a-f]{64}$/);
    expect(await methods.reserveAgentEventActorDetachedAction(input)).toMatchObject({
      status: 'replay',
      action: reserved.action,
    });
    const keys = {
      ...actorKey('d1'),
      generationCreatedAt: 100,
      taskId: reserved.action.taskId,
      idempotencyKey: reserved.action.idempotencyKey,
    };
    expect(
      await methods.markAgentEventActorDetachedActionRunning({
        ...keys,
        idempotencyKey: 'x',
        observedAt: at(4),
        recoveryAfter: at(90),
      }),
    ).toEqual({ status: 'conflict' });
    expect(
      await methods.markAgentEventActorDetachedActionRunning({
        ...keys,
        observedAt: at(4),
        recoveryAfter: at(90),
      }),
    ).toEqual({ status: 'applied' });
    expect(
      await methods.markAgentEventActorDetachedActionRunning({
        ...keys,
        observedAt: at(4),
        recoveryAfter: at(90),
      }),
    ).toEqual({ status: 'already_applied' });
    expect(
      await methods.settleAgentEventActorDetachedAction({
        ...keys,
        observedAt: at(5),
        status: 'succeeded',
        result: 'ok',
      }),
    ).toEqual({ status: 'applied' });
    expect(
      await methods.getAgentEventActorDetachedAction({ ...actorKey('d1'), generationCreatedAt: 100 }),
    ).toMatchObject({
      status: 'succeeded',
      taskId: reserved.action.taskId,
    });
    expect(
      await methods.markAgentEventActorDetachedActionLaunchIndeterminate({ ...keys, observedAt: at(6) }),
    ).not.toEqual({ status: 'applied' });
  });

  test('receipts and handling outcomes: settled once, read back, backfilled on dead deliveries', async () => {
    await resetDal(dal);
    for (const key of ['r1', 'r2', 'h1']) await methods.enqueueAgentTriggerDelivery(actorDelivery(key));
    await patchDelivery(dal, 'r1', { $set: { status: 'succeeded', handling: startedHandling } });
    // A backfill migrates a terminal handling outcome that predates receipts.
    await patchDelivery(dal, 'r2', {
      $set: { status: 'dead', handling: { ...startedHandling, status: 'failed' } },
    });
    await patchDelivery(dal, 'h1', { $set: { status: 'succeeded', handling: startedHandling } });
    const settle = {
      ...actorKey('r1'),
      generationCreatedAt: 100,
      status: 'applied' as const,
      settledAt: at(10),
      receipt: checkpointReceipt,
    };
    expect(await methods.settleAgentEventActorReceipt({ ...settle, status: 'failed' })).toBe(false);
    expect(await methods.settleAgentEventActorReceipt(settle)).toBe(true);
    expect(await methods.getAgentEventActorReceipt(actorKey('r1'))).toMatchObject({
      bindingId: 'b1',
      resolution: 'checkpoint_verified',
      settledAt: at(10),
    });
    expect(
      await methods.backfillAgentEventActorReceipt({
        ...settle,
        deliveryKey: 'r2',
        status: 'failed',
        receipt: { ...checkpointReceipt, resolution: 'action_compensated' },
      }),
    ).toBe(true);
    expect(await methods.getAgentEventActorReceipt(actorKey('r2'))).toMatchObject({
      resolution: 'action_compensated',
    });
    const metrics = await methods.getAgentEventActorReceiptStorageMetrics(at(11));
    expect(metrics.retainedByResolution).toEqual({
      checkpoint_verified: 1,
      action_compensated: 1,
      history_repaired: 0,
    });
    const outcome = {
      deliveryKey: 'h1',
      conversationId: 'c1',
      generationCreatedAt: 100,
      status: 'failed' as const,
      settledAt: at(10),
      error: 'e'.repeat(3000),
    };
    expect(await methods.settleAgentTriggerHandlingOutcome({ ...outcome, generationCreatedAt: 1 })).toBe(
      false,
    );
    expect(await methods.settleAgentTriggerHandlingOutcome(outcome)).toBe(true);
    const settled = await methods.getAgentTriggerDelivery('h1');
    expect(settled?.handling).toMatchObject({ status: 'failed', settledAt: at(10) });
    expect(settled?.handling?.error).toHaveLength(2048);
  });

  test('the migrations hold upstream’s indexes (unique deliveryKey, partial sparse ones, lane publisher)', async () => {
    await methods.ensureAgentTriggerDeliveryIndexes();
    const pool = dal.engine.pool!;
    const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'agenttrigger%'`,
    );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.agenttriggerdeliveries_deliveryKey_1 ?? defs.agenttriggerdeliveries_deliverykey_1).toContain(
      'UNIQUE',
    );
    expect(
      defs.agenttriggerlanesequences_publisherStartedAt_1 ??
        defs.agenttriggerlanesequences_publisherstartedat_1,
    ).toContain('WHERE (publisher_started_at IS NOT NULL)');
    expect(rows.length).toBeGreaterThanOrEqual(25);
  });
});
