/** Claims, admission, release, dead letters, reconciliation and cancellation. */
import { differential } from '../harness/index.js';
import { at, claimed, failure, LEASE, labelLanes, scope, turn, U1 } from './support.js';

const DATES = { exactDates: [at(0), at(1), at(5), at(10), at(20), at(30), at(70), at(100), at(200)] };

differential(
  'queuedTurns › claimNextAgentQueuedTurn: the head acquires, replays its claim, others are blocked',
  async ({ methods }) => {
    const first = await claimed(methods, 'c1');
    const { turn: second } = await methods.enqueueAgentQueuedTurn(turn('c2'));
    const claim = (queuedTurnId: string, claimId: string, extra: Record<string, unknown> = {}) =>
      methods.claimNextAgentQueuedTurn({
        ...scope(),
        queuedTurnId,
        claimId,
        claimBy: 'worker-1',
        ...LEASE,
        ...extra,
      } as never);
    return labelLanes({
      first: first.claim,
      replay: await claim(first.queuedTurnId, first.claimId),
      otherClaimant: await claim(first.queuedTurnId, 'other'),
      secondBlocked: await claim(second.queuedTurnId, 'c-2'),
      missing: await claim('6a00000000000000000000ff', 'c-x'),
      badLease: await claim(first.queuedTurnId, 'c-y', { leaseUntil: at(10) }).catch(failure),
      badClaim: await claim(first.queuedTurnId, '').catch(failure),
      // After the lease lapsed, another worker takes the same head over.
      takeover: await claim(first.queuedTurnId, 'c-z', { now: at(100), leaseUntil: at(200) }),
    });
  },
  DATES,
);

differential(
  'queuedTurns › releaseAgentQueuedTurn: retry requeues, dead settles, a stale fence conflicts',
  async ({ methods }) => {
    const c = await claimed(methods, 'r1');
    const fence = { ...scope(), queuedTurnId: c.queuedTurnId, claimId: c.claimId, claimBy: c.claimBy };
    const stale = await methods.releaseAgentQueuedTurn({
      ...fence,
      claimId: 'other',
      disposition: 'retry',
      availableAt: at(20),
    });
    const retried = await methods.releaseAgentQueuedTurn({
      ...fence,
      disposition: 'retry',
      availableAt: at(20),
    });
    const early = await methods.claimNextAgentQueuedTurn({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      claimId: 'again',
      claimBy: 'w',
      ...LEASE,
    });
    const reclaimed = await methods.claimNextAgentQueuedTurn({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      claimId: 'again',
      claimBy: 'w',
      now: at(30),
      leaseUntil: at(70),
    });
    const dead = await methods.releaseAgentQueuedTurn({
      ...fence,
      claimId: 'again',
      claimBy: 'w',
      disposition: 'dead',
      settledAt: at(30),
      failure: { code: 'E', message: 'boom' },
    });
    const deadAgain = await methods.releaseAgentQueuedTurn({
      ...fence,
      claimId: 'again',
      claimBy: 'w',
      disposition: 'dead',
      settledAt: at(30),
      failure: { code: 'E', message: 'boom' },
    });
    return labelLanes({ stale, retried, early, reclaimed, dead, deadAgain });
  },
  DATES,
);

differential(
  'queuedTurns › admission: begin, admit, receipts, predecessor boundaries',
  async ({ methods }) => {
    const c = await claimed(methods, 'a1');
    const fence = { ...scope(), queuedTurnId: c.queuedTurnId, claimId: c.claimId, claimBy: c.claimBy };
    const wrongAdmission = await methods.beginAgentQueuedTurnAdmission({
      ...fence,
      admissionId: 'other-key',
      startedAt: at(20),
    });
    const started = await methods.beginAgentQueuedTurnAdmission({
      ...fence,
      admissionId: c.deliveryKey,
      startedAt: at(20),
    });
    const startedAgain = await methods.beginAgentQueuedTurnAdmission({
      ...fence,
      admissionId: c.deliveryKey,
      startedAt: at(20),
    });
    const badStart = await methods
      .beginAgentQueuedTurnAdmission({
        ...fence,
        admissionId: c.deliveryKey,
        startedAt: new Date(Number.NaN),
      })
      .catch(failure);
    // The admission boundary recorded when it started must be named again to settle it.
    const boundary = {
      ...(started.turn?.admissionLineagePredecessorId != null && {
        lineagePredecessorId: started.turn.admissionLineagePredecessorId,
      }),
      ...(started.turn?.admissionEffectivePredecessorCreatedAt != null && {
        effectivePredecessorCreatedAt: started.turn.admissionEffectivePredecessorCreatedAt,
      }),
    };
    const withoutBoundary = await methods.markAgentQueuedTurnAdmitted({
      ...fence,
      admissionId: c.deliveryKey,
      admissionMode: 'ordinary',
      settledAt: at(30),
    });
    const staleAdmit = await methods.markAgentQueuedTurnAdmitted({
      ...fence,
      ...boundary,
      claimId: 'other',
      admissionId: c.deliveryKey,
      admissionMode: 'ordinary',
      settledAt: at(30),
    });
    const admitted = await methods.markAgentQueuedTurnAdmitted({
      ...fence,
      ...boundary,
      admissionId: c.deliveryKey,
      admissionMode: 'warm',
      generationId: 'gen-1',
      generationCreatedAt: 1000,
      settledAt: at(30),
    });
    const admittedAgain = await methods.markAgentQueuedTurnAdmitted({
      ...fence,
      ...boundary,
      admissionId: c.deliveryKey,
      admissionMode: 'warm',
      generationId: 'gen-1',
      generationCreatedAt: 1000,
      settledAt: at(30),
    });
    const receipt = (extra: Record<string, unknown> = {}) =>
      methods.hasAgentQueuedTurnAdmissionReceipt({
        ...scope(),
        queuedTurnId: c.queuedTurnId,
        admissionId: c.deliveryKey,
        generationId: 'gen-1',
        generationCreatedAt: 1000,
        ...boundary,
        ...extra,
      } as never);
    const next = await methods.enqueueAgentQueuedTurn(turn('a2', { parentMessageId: 'parent-2' }));
    const predecessor = (sequence: number, extra: Record<string, unknown> = {}) =>
      methods.getEffectiveAgentQueuedTurnPredecessor({
        ...scope(),
        sequence,
        rootParentMessageId: 'parent-1',
        ...extra,
      } as never);
    return labelLanes({
      wrongAdmission,
      started,
      startedAgain,
      badStart,
      withoutBoundary,
      staleAdmit,
      admitted,
      admittedAgain,
      receipt: await receipt(),
      receiptOtherGeneration: await receipt({ generationId: 'gen-2' }),
      receiptOtherTime: await receipt({ generationCreatedAt: 999 }),
      receiptOtherLineage: await receipt({ lineagePredecessorId: 'root:other' }),
      receiptUnknown: await receipt({ queuedTurnId: '6a00000000000000000000ff' }),
      next: next.turn.sequence,
      first: await predecessor(1),
      second: await predecessor(2),
      secondExpected: await predecessor(2, { expectedPredecessorCreatedAt: 5 }),
      legacy: await predecessor(2, { allowLegacyPredecessorInference: true }),
      unknown: await predecessor(9),
      invalid: await predecessor(0).catch(failure),
      byRequest: await methods.getAgentQueuedTurnByClientRequestId({ ...scope(), clientRequestId: 'a1' }),
      receipts: await methods.listAgentQueuedTurnReceipts({ ...scope(), clientRequestIds: ['a1'] }),
    });
  },
  DATES,
);

differential(
  'queuedTurns › deadLetterAgentQueuedTurn: before and after the admission boundary',
  async ({ methods }) => {
    const { turn: queued } = await methods.enqueueAgentQueuedTurn(turn('q1', { conversationId: 'other' }));
    await methods.reserveAgentQueuedTurnDelivery({
      ...scope('other'),
      queuedTurnId: queued.queuedTurnId,
      deliveryKey: 'kq',
    });
    const dl = (
      s: ReturnType<typeof scope>,
      queuedTurnId: string,
      deliveryKey: string,
      extra: Record<string, unknown> = {},
    ) =>
      methods.deadLetterAgentQueuedTurn({
        ...s,
        queuedTurnId,
        deliveryKey,
        settledAt: at(30),
        failure: { code: 'F', message: 'failed' },
        ...extra,
      } as never);
    const wrongKey = await dl(scope('other'), queued.queuedTurnId, 'nope');
    const dead = await dl(scope('other'), queued.queuedTurnId, 'kq');
    const deadAgain = await dl(scope('other'), queued.queuedTurnId, 'kq');
    const missing = await dl(scope('other'), '6a00000000000000000000ff', 'kq');

    const c = await claimed(methods, 's1');
    const fence = { ...scope(), queuedTurnId: c.queuedTurnId, claimId: c.claimId, claimBy: c.claimBy };
    await methods.beginAgentQueuedTurnAdmission({ ...fence, admissionId: c.deliveryKey, startedAt: at(20) });
    const indeterminate = await dl(scope(), c.queuedTurnId, c.deliveryKey);
    const reconciled = await dl(scope(), c.queuedTurnId, c.deliveryKey, {
      admissionEvidence: { generationId: 'gen-9', generationCreatedAt: 2000 },
    });
    return labelLanes({ wrongKey, dead, deadAgain, missing, indeterminate, reconciled });
  },
  DATES,
);

differential(
  'queuedTurns › admission reconciliation: expired started claims are claimed, deferred and reclaimed',
  async ({ methods }) => {
    const c = await claimed(methods, 'z1');
    const fence = { ...scope(), queuedTurnId: c.queuedTurnId, claimId: c.claimId, claimBy: c.claimBy };
    await methods.beginAgentQueuedTurnAdmission({ ...fence, admissionId: c.deliveryKey, startedAt: at(20) });
    const reconcile = (now: Date, claimId: string, extra: Record<string, unknown> = {}) =>
      methods.claimQueuedTurnsForAdmissionReconciliation({
        claimId,
        claimBy: 'reconciler',
        now,
        leaseUntil: new Date(now.getTime() + 60_000),
        ...extra,
      } as never);
    const beforeExpiry = await reconcile(at(30), 'r0');
    const claimedTurns = await reconcile(at(100), 'r1');
    const busy = await reconcile(at(110), 'r2');
    const indeterminate = await methods.deadLetterAgentQueuedTurn({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      deliveryKey: c.deliveryKey,
      settledAt: at(100),
      failure: { code: 'ADMISSION_INDETERMINATE', message: 'unknown' },
      reconciliationClaimId: 'r1',
      reconciliationClaimBy: 'reconciler',
    });
    const deferWrong = await methods.deferAgentQueuedTurnAdmissionReconciliation({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      deliveryKey: c.deliveryKey,
      claimId: 'other',
      claimBy: 'reconciler',
      availableAt: at(200),
    });
    const deferred = await methods.deferAgentQueuedTurnAdmissionReconciliation({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      deliveryKey: c.deliveryKey,
      claimId: 'r1',
      claimBy: 'reconciler',
      availableAt: at(200),
    });
    return labelLanes({
      beforeExpiry,
      claimedTurns,
      busy,
      indeterminate,
      deferWrong,
      deferred,
      tooEarly: await reconcile(at(150), 'r3'),
      later: await reconcile(at(250), 'r4'),
      badLimit: await reconcile(at(250), 'r5', { limit: 0 }).catch(failure),
      badLease: await reconcile(at(250), 'r6', { leaseUntil: at(250) }).catch(failure),
      badDefer: await methods
        .deferAgentQueuedTurnAdmissionReconciliation({
          ...scope(),
          queuedTurnId: c.queuedTurnId,
          deliveryKey: c.deliveryKey,
          claimId: 'r4',
          claimBy: 'reconciler',
          availableAt: new Date(Number.NaN),
        })
        .catch(failure),
    });
  },
  { exactDates: [at(20), at(100), at(160), at(170), at(200), at(310)] },
);

differential(
  'queuedTurns › cancelAgentQueuedTurn: queued and claimed turns; started admissions are not cancellable',
  async ({ methods }) => {
    const c = await claimed(methods, 'k1');
    const { turn: queued } = await methods.enqueueAgentQueuedTurn(turn('k2'));
    const { turn: other } = await methods.enqueueAgentQueuedTurn(turn('k3', { conversationId: 'c2' }));
    await methods.beginAgentQueuedTurnAdmission({
      ...scope(),
      queuedTurnId: c.queuedTurnId,
      claimId: c.claimId,
      claimBy: c.claimBy,
      admissionId: c.deliveryKey,
      startedAt: at(20),
    });
    return labelLanes({
      started: await methods.cancelAgentQueuedTurn({
        user: U1,
        queuedTurnId: c.queuedTurnId,
        settledAt: at(30),
      }),
      queued: await methods.cancelAgentQueuedTurn({
        user: U1,
        queuedTurnId: queued.queuedTurnId,
        conversationId: 'c1',
        settledAt: at(30),
      }),
      again: await methods.cancelAgentQueuedTurn({
        user: U1,
        queuedTurnId: queued.queuedTurnId,
        settledAt: at(30),
      }),
      wrongConversation: await methods.cancelAgentQueuedTurn({
        user: U1,
        queuedTurnId: other.queuedTurnId,
        conversationId: 'c1',
      }),
      unknown: await methods.cancelAgentQueuedTurn({ user: U1, queuedTurnId: '6a00000000000000000000ff' }),
      active: await methods.listActiveAgentQueuedTurns(scope()),
    });
  },
  DATES,
);
