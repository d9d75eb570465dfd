/** Enqueue, claim, attempts, completion, release, retry, dead letters and requeue. */

import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import {
  at,
  claimAs,
  delivery,
  failure,
  failureOf,
  leased,
  patchDelivery,
  remoteDelivery,
  U1,
  U2,
} from './support.js';

differential(
  'triggerDeliveries › enqueue assigns lane sequences; a replay returns the stored delivery; a changed fingerprint conflicts',
  async ({ methods }) => {
    const first = await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    const second = await methods.enqueueAgentTriggerDelivery(delivery('k2'));
    const other = await methods.enqueueAgentTriggerDelivery(delivery('k3', { orderingKey: 'lane-b' }));
    const replay = await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    const conflict = await methods
      .enqueueAgentTriggerDelivery(delivery('k1', { fingerprint: 'other' }))
      .catch(failure);
    const badCapability = await methods
      .enqueueAgentTriggerDelivery(delivery('k4', { requiredWorkerCapability: 'nope' }))
      .catch(failure);
    const batchedCapability = await methods
      .enqueueAgentTriggerDelivery(
        delivery('k5', { requiredWorkerCapability: 'agent_queued_turn_v1', coalesceKey: 'c' }),
      )
      .catch(failure);
    return {
      first,
      second,
      other,
      replay,
      conflict,
      badCapability,
      batchedCapability,
      stored: await methods.getAgentTriggerDelivery('k1'),
      missing: await methods.getAgentTriggerDelivery('nope'),
    };
  },
);

differential(
  'triggerDeliveries › ensureAgentTriggerDeliveryIndexes succeeds and is idempotent',
  async ({ methods }) => ({
    first: await methods.ensureAgentTriggerDeliveryIndexes(),
    second: await methods.ensureAgentTriggerDeliveryIndexes(),
  }),
);

differential(
  'triggerDeliveries › claimNextAgentTriggerDelivery: oldest claimable, none early, invalid capabilities',
  async ({ methods }) => {
    const empty = await methods.claimNextAgentTriggerDelivery(claimAs('w0'));
    await methods.enqueueAgentTriggerDelivery(delivery('k1', { availableAt: at(10) }));
    const early = await methods.claimNextAgentTriggerDelivery(claimAs('w0'));
    const invalid = await methods
      .claimNextAgentTriggerDelivery(claimAs('w0', at(1), { workerCapabilities: [''] }))
      .catch(failure);
    const claim = await methods.claimNextAgentTriggerDelivery(claimAs('w1', at(11)));
    return { empty, early, invalid, claim };
  },
);

differential(
  'triggerDeliveries › attempts: begin counts under the fence, defer and complete need the current attempt',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    await methods.enqueueAgentTriggerDelivery(delivery('k2'));
    const { id } = (await methods.getAgentTriggerDelivery('k1'))!;
    const fence = { id, ...(await leased(dal, 'k1')) };
    const attempt = await methods.beginAgentTriggerDeliveryAttempt({ ...fence, now: at(2) });
    const stolen = await methods.beginAgentTriggerDeliveryAttempt({ ...fence, claimToken: 'x', now: at(2) });
    const deferredStale = await methods.deferAgentTriggerDeliveryAttempt({
      ...fence,
      attempt: 99,
      availableAt: at(30),
    });
    const deferred = await methods.deferAgentTriggerDeliveryAttempt({
      ...fence,
      attempt: attempt!,
      availableAt: at(30),
    });
    const afterDefer = await methods.getAgentTriggerDelivery('k1');
    const fence2 = { id, ...(await leased(dal, 'k1', 'w2')) };
    const attempt2 = await methods.beginAgentTriggerDeliveryAttempt({ ...fence2, now: at(31) });
    const wrongAttempt = await methods.completeAgentTriggerDelivery({
      ...fence2,
      attempt: attempt! - 1,
      result: { ok: false },
      settledAt: at(32),
    });
    const completed = await methods.completeAgentTriggerDelivery({
      ...fence2,
      attempt: attempt2!,
      result: { ok: true },
      settledAt: at(32),
    });
    const again = await methods.completeAgentTriggerDelivery({
      ...fence2,
      attempt: attempt2!,
      result: { ok: true },
      settledAt: at(33),
    });
    return {
      attempt,
      stolen,
      deferredStale,
      deferred,
      afterDefer,
      attempt2,
      wrongAttempt,
      completed,
      again,
      done: await methods.getAgentTriggerDelivery('k1'),
      status: await methods.getAgentTriggerDeliveryStatus('k1', U1, 'k1'),
      otherUser: await methods.getAgentTriggerDeliveryStatus('k1', U2, 'k1'),
      active: await methods.countActiveAgentTriggerDeliveriesByUser(U1, at(1)),
    };
  },
);

differential(
  'triggerDeliveries › releaseAgentTriggerDelivery returns a leased delivery to pending; a foreign fence is refused',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    const { id } = (await methods.getAgentTriggerDelivery('k1'))!;
    const fence = { id, ...(await leased(dal, 'k1')) };
    const foreign = await methods.releaseAgentTriggerDelivery({
      ...fence,
      workerId: 'other',
      availableAt: at(9),
    });
    const released = await methods.releaseAgentTriggerDelivery({ ...fence, availableAt: at(9) });
    const twice = await methods.releaseAgentTriggerDelivery({ ...fence, availableAt: at(9) });
    return { foreign, released, twice, stored: await methods.getAgentTriggerDelivery('k1') };
  },
);

differential(
  'triggerDeliveries › retry and dead letter record history; dead letters list and requeue',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    await methods.enqueueAgentTriggerDelivery(delivery('k2', { orderingKey: 'lane-b' }));
    const one = (await methods.getAgentTriggerDelivery('k1'))!;
    const fence = { id: one.id, ...(await leased(dal, 'k1')) };
    const attempt = (await methods.beginAgentTriggerDeliveryAttempt({ ...fence, now: at(2) }))!;
    const retried = await methods.retryAgentTriggerDelivery({
      ...fence,
      attempt,
      error: { ...failureOf('E_TEMP'), message: 'm'.repeat(3000) },
      availableAt: at(20),
    });
    const retriedAgain = await methods.retryAgentTriggerDelivery({
      ...fence,
      attempt,
      error: failureOf('E_TEMP'),
      availableAt: at(20),
    });
    const afterRetry = await methods.getAgentTriggerDelivery('k1');
    const fence2 = { id: one.id, ...(await leased(dal, 'k1', 'w2')) };
    const attempt2 = (await methods.beginAgentTriggerDeliveryAttempt({ ...fence2, now: at(21) }))!;
    const dead = await methods.deadLetterAgentTriggerDelivery({
      ...fence2,
      attempt: attempt2,
      error: failureOf('E_FATAL', false),
      settledAt: at(22),
    });
    const letters = await methods.getAgentTriggerDeadLetters();
    const limited = await methods.getAgentTriggerDeadLetters(0).catch(failure);
    const requeued = await methods.requeueAgentTriggerDelivery(one.id, at(40));
    const requeueAgain = await methods.requeueAgentTriggerDelivery(one.id, at(40));
    const unknown = await methods.requeueAgentTriggerDelivery('6a00000000000000000000ff', at(40));
    const invalid = await methods.requeueAgentTriggerDelivery('bad', at(40)).catch(failure);
    return {
      retried,
      retriedAgain,
      afterRetry,
      dead,
      letters,
      limited,
      requeued,
      requeueAgain,
      unknown,
      invalid,
      lettersAfter: await methods.getAgentTriggerDeadLetters(),
      status: await methods.getAgentTriggerDeliveryStatus('k1', U1, 'k1'),
    };
  },
);

differential('triggerDeliveries › findEarlierAgentTriggerDelivery and batches', async ({ methods }) => {
  await methods.enqueueAgentTriggerDelivery(delivery('k1'));
  await methods.enqueueAgentTriggerDelivery(delivery('k2'));
  const first = (await methods.getAgentTriggerDelivery('k1'))!;
  const second = (await methods.getAgentTriggerDelivery('k2'))!;
  return {
    forFirst: await methods.findEarlierAgentTriggerDelivery(first),
    forSecond: await methods.findEarlierAgentTriggerDelivery(second),
    otherLane: await methods.findEarlierAgentTriggerDelivery({ orderingKey: 'lane-z', laneSequence: 5 }),
    batchOfOne: await methods.getAgentTriggerDeliveryBatch(first),
    batchWithMembers: await methods.getAgentTriggerDeliveryBatch({
      id: first.id,
      batchMemberIds: [second.id as never],
    }),
  };
});

differential('triggerDeliveries › coalesced deliveries join a batch on their lane', async ({ methods }) => {
  const window = { coalesceKey: 'c1', coalesceFrom: at(0), coalesceUntil: at(30) };
  const root = await methods.enqueueAgentTriggerDelivery(delivery('c1', window));
  const member = await methods.enqueueAgentTriggerDelivery(delivery('c2', window));
  const late = await methods.enqueueAgentTriggerDelivery(
    delivery('c3', { coalesceKey: 'c1', coalesceFrom: at(40), coalesceUntil: at(70) }),
  );
  const stored = (await methods.getAgentTriggerDelivery('c1'))!;
  return {
    root,
    member,
    late,
    stored,
    batch: await methods.getAgentTriggerDeliveryBatch(stored),
    active: await methods.countActiveAgentTriggerDeliveriesByUser(U1, at(1)),
  };
});

differential(
  'triggerDeliveries › capability deliveries are shielded from legacy claimers and claimed by capable workers',
  async ({ methods }) => {
    const staged = await methods.enqueueAgentTriggerDelivery(
      delivery('q1', { requiredWorkerCapability: 'agent_queued_turn_v1' }),
    );
    const legacy = await methods.claimNextAgentTriggerDelivery(claimAs('legacy'));
    const capable = await methods.claimNextAgentTriggerDelivery(
      claimAs('capable', at(1), { workerCapabilities: ['agent_queued_turn_v1'] }),
    );
    return { staged, legacy, capable, stored: await methods.getAgentTriggerDelivery('q1') };
  },
);

differential(
  'triggerDeliveries › getAgentTriggerDeliveryStatus: remote API key deliveries of the user, batched members report their root',
  async ({ methods, dal }) => {
    const window = { coalesceKey: 'c1', coalesceFrom: at(0), coalesceUntil: at(30) };
    await methods.enqueueAgentTriggerDelivery(remoteDelivery('r1', window));
    await methods.enqueueAgentTriggerDelivery(remoteDelivery('r2', window));
    await methods.enqueueAgentTriggerDelivery(delivery('plain'));
    await inTenant('t1', () =>
      methods.enqueueAgentTriggerDelivery(remoteDelivery('t1', { orderingKey: 'lane-t' })),
    );
    await patchDelivery(dal, 'r1', {
      $set: { status: 'dead', attempts: 3, lastError: failureOf('E_X', false) },
    });
    const status = (key: string, source = 'key-1', user = U1, tenantId?: string) =>
      methods.getAgentTriggerDeliveryStatus(key, user, source, tenantId);
    return {
      root: await status('r1'),
      member: await status('r2'),
      wrongSource: await status('r1', 'key-2'),
      wrongUser: await status('r1', 'key-1', U2),
      plain: await status('plain'),
      tenantUnscoped: await status('t1'),
      tenantScoped: await inTenant('t1', () => status('t1', 'key-1', U1, 't1')),
      unknown: await status('nope'),
    };
  },
);
