/** Recovery sweeps (lane publications, batch receipts, inactive lanes), user purges and result erasure. */
import { differential } from '../harness/index.js';
import { at, backgroundDelivery, delivery, failure, patchDelivery, U1 } from './support.js';

const newUser = (methods: { createUser: (d: object) => Promise<unknown> }, email: string) =>
  methods.createUser({
    email,
    name: email,
    username: email,
    provider: 'local',
    emailVerified: true,
  }) as Promise<{
    _id: unknown;
  }>;

differential(
  'triggerDeliveries › recovery sweeps: limits validated; nothing to recover on a clean queue',
  async ({ methods }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    return {
      lanes: await methods.recoverAgentTriggerLanePublications(),
      lanesLimited: await methods.recoverAgentTriggerLanePublications(1),
      lanesInvalid: await methods.recoverAgentTriggerLanePublications(0).catch(failure),
      batches: await methods.recoverAgentTriggerBatchReceipts(),
      batchesInvalid: await methods.recoverAgentTriggerBatchReceipts(-1).catch(failure),
      reclaimed: await methods.reclaimInactiveAgentTriggerLanes(),
      reclaimInvalid: await methods.reclaimInactiveAgentTriggerLanes(1.5).catch(failure),
      purges: await methods.recoverAgentTriggerUserPurges(),
      purgesInvalid: await methods.recoverAgentTriggerUserPurges(0).catch(failure),
      stored: await methods.getAgentTriggerDelivery('k1'),
    };
  },
);

differential(
  'triggerDeliveries › recoverAgentTriggerLanePublications publishes a staged delivery a crashed writer left',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    await methods.enqueueAgentTriggerDelivery(delivery('k2'));
    await patchDelivery(dal, 'k2', {
      $set: { status: 'staging', laneSequence: 0, stagingRecoveryAt: at(-600) },
    });
    const staged = await methods.getAgentTriggerDelivery('k2');
    const recovered = await methods.recoverAgentTriggerLanePublications(10);
    return {
      staged,
      recovered,
      after: await methods.getAgentTriggerDelivery('k2'),
      again: await methods.recoverAgentTriggerLanePublications(10),
    };
  },
);

differential(
  'triggerDeliveries › reclaimInactiveAgentTriggerLanes removes a settled lane and keeps a live one',
  async ({ methods, dal }) => {
    await methods.enqueueAgentTriggerDelivery(delivery('k1', { orderingKey: 'done-lane' }));
    await methods.enqueueAgentTriggerDelivery(delivery('k2', { orderingKey: 'live-lane' }));
    await patchDelivery(dal, 'k1', {
      $set: { status: 'succeeded', settledAt: at(5), laneCleanupPendingAt: at(5) },
    });
    await patchDelivery(dal, 'k2', { $set: { laneCleanupPendingAt: at(5) } });
    const reclaimed = await methods.reclaimInactiveAgentTriggerLanes(10);
    const next = await methods.enqueueAgentTriggerDelivery(delivery('k3', { orderingKey: 'done-lane' }));
    const live = await methods.enqueueAgentTriggerDelivery(delivery('k4', { orderingKey: 'live-lane' }));
    return { reclaimed, next, live, again: await methods.reclaimInactiveAgentTriggerLanes(10) };
  },
);

differential(
  'triggerDeliveries › recoverAgentTriggerBatchReceipts settles members of a finished batch',
  async ({ methods, dal }) => {
    const window = { coalesceKey: 'c1', coalesceFrom: at(0), coalesceUntil: at(30) };
    await methods.enqueueAgentTriggerDelivery(delivery('c1', window));
    await methods.enqueueAgentTriggerDelivery(delivery('c2', window));
    await patchDelivery(dal, 'c1', { $set: { status: 'succeeded', settledAt: at(5), result: { ok: true } } });
    return {
      recovered: await methods.recoverAgentTriggerBatchReceipts(10),
      root: await methods.getAgentTriggerDelivery('c1'),
      member: await methods.getAgentTriggerDelivery('c2'),
      again: await methods.recoverAgentTriggerBatchReceipts(10),
    };
  },
);

differential(
  'triggerDeliveries › user purges: prepare needs the deletion fence, closes admissions, cancel and recovery',
  async ({ methods }) => {
    const user = await newUser(methods, 'purge@example.com');
    const id = String(user._id);
    await methods.enqueueAgentTriggerDelivery(delivery('p1', { user: user._id }));
    await methods.enqueueAgentTriggerDelivery(delivery('p2', { user: user._id, orderingKey: 'lane-p' }));
    await methods.enqueueAgentTriggerDelivery(delivery('o1'));
    const unfenced = await methods.prepareAgentTriggerUserPurge(id, at(1)).catch(failure);
    const invalid = await methods.prepareAgentTriggerUserPurge(id, new Date(Number.NaN)).catch(failure);
    await methods.beginAgentTriggerUserDeletion(id, at(1));
    const prepared = await methods.prepareAgentTriggerUserPurge(id, at(1));
    const stillOwned = await methods.recoverAgentTriggerUserPurges();
    const cancelWrong = await methods.cancelAgentTriggerUserPurge(id, at(2));
    const cancelled = await methods.cancelAgentTriggerUserPurge(id, at(1));
    const cancelInvalid = await methods.cancelAgentTriggerUserPurge(id, new Date(Number.NaN)).catch(failure);
    await methods.prepareAgentTriggerUserPurge(id, at(1));
    await methods.deleteUserById(id);
    const recovered = await methods.recoverAgentTriggerUserPurges();
    return {
      unfenced,
      invalid,
      prepared,
      stillOwned,
      cancelWrong,
      cancelled,
      cancelInvalid,
      recovered,
      p1: await methods.getAgentTriggerDelivery('p1'),
      o1: await methods.getAgentTriggerDelivery('o1'),
      again: await methods.recoverAgentTriggerUserPurges(),
    };
  },
);

differential(
  'triggerDeliveries › deleteAgentTriggerDeliveriesByUser removes the user’s deliveries and lanes only',
  async ({ methods }) => {
    const other = await newUser(methods, 'other@example.com');
    await methods.enqueueAgentTriggerDelivery(delivery('k1'));
    await methods.enqueueAgentTriggerDelivery(delivery('k2', { orderingKey: 'lane-b' }));
    await methods.enqueueAgentTriggerDelivery(delivery('x1', { user: other._id, orderingKey: 'lane-x' }));
    await methods.deleteAgentTriggerDeliveriesByUser(U1);
    const reenqueued = await methods.enqueueAgentTriggerDelivery(delivery('k3'));
    await methods.deleteAgentTriggerDeliveriesByUser(String(U1));
    return {
      k1: await methods.getAgentTriggerDelivery('k1'),
      x1: await methods.getAgentTriggerDelivery('x1'),
      reenqueued,
      k3: await methods.getAgentTriggerDelivery('k3'),
    };
  },
);

differential(
  'triggerDeliveries › conversation result erasure: prepare marks, erase removes stored results, recovery erases orphans',
  async ({ methods }) => {
    const receipt = { status: 'completed' as const, output: 'secret', settledAt: at(5) };
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b2', 's2'));
    await methods.persistAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1', result: receipt });
    await methods.persistAgentBackgroundToolResult({ deliveryKey: 'b2', sourceId: 's2', result: receipt });
    await methods.prepareAgentTriggerConversationResultErasure(U1, []);
    await methods.prepareAgentTriggerConversationResultErasure('not-an-id', ['c1']);
    await methods.prepareAgentTriggerConversationResultErasure(U1, ['c1']);
    const recovered = await methods.recoverAgentTriggerUserPurges();
    const afterRecovery = await methods.getAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1' });
    await methods.eraseAgentTriggerDeliveryConversationResults(U1, []);
    await methods.eraseAgentTriggerDeliveryConversationResults('not-an-id', ['c1']);
    const stillThere = await methods.getAgentBackgroundToolResult({ deliveryKey: 'b2', sourceId: 's2' });
    await methods.eraseAgentTriggerDeliveryConversationResults(U1, ['c1']);
    return {
      recovered,
      afterRecovery,
      stillThere,
      b2: await methods.getAgentBackgroundToolResult({ deliveryKey: 'b2', sourceId: 's2' }),
      persistAfterErase: await methods
        .persistAgentBackgroundToolResult({ deliveryKey: 'b2', sourceId: 's2', result: receipt })
        .catch(failure),
    };
  },
);
