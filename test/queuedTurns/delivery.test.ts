/** Delivery reservation, scheduling, recovery scans and delivery retirement. */
import { differential } from '../harness/index.js';
import { at, failure, labelLanes, scope, turn, U1 } from './support.js';

differential(
  'queuedTurns › reserveAgentQueuedTurnDelivery and markQueuedTurnScheduled: once, replayed, conflicts',
  async ({ methods }) => {
    const { turn: t } = await methods.enqueueAgentQueuedTurn(turn('d1'));
    const id = t.queuedTurnId;
    const reserved = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k1',
    });
    const again = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: ' k1 ',
    });
    const otherKey = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k2',
    });
    const unknown = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: '6a00000000000000000000ff',
      deliveryKey: 'k1',
    });
    const wrongKey = await methods.markQueuedTurnScheduled({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k2',
      scheduledAt: at(1),
    });
    const scheduled = await methods.markQueuedTurnScheduled({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k1',
      scheduledAt: at(1),
    });
    const rescheduled = await methods.markQueuedTurnScheduled({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k1',
      scheduledAt: at(2),
    });
    const reserveAfter = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: id,
      deliveryKey: 'k1',
    });
    return labelLanes({
      reserved,
      again,
      otherKey,
      unknown,
      wrongKey,
      scheduled,
      rescheduled,
      reserveAfter,
      unknownScheduled: await methods.markQueuedTurnScheduled({
        ...scope(),
        queuedTurnId: '6a00000000000000000000ff',
        deliveryKey: 'k1',
      }),
      invalid: await methods
        .reserveAgentQueuedTurnDelivery({ ...scope(), queuedTurnId: id, deliveryKey: '' })
        .catch(failure),
    });
  },
  { exactDates: [at(1), at(2)] },
);

differential(
  'queuedTurns › findQueuedTurnsNeedingDelivery: pending and publishing turns, terminal ones still publishing',
  async ({ methods }) => {
    const { turn: pending } = await methods.enqueueAgentQueuedTurn(turn('f1'));
    const { turn: publishing } = await methods.enqueueAgentQueuedTurn(turn('f2'));
    const { turn: published } = await methods.enqueueAgentQueuedTurn(turn('f3'));
    const { turn: cancelledPublishing } = await methods.enqueueAgentQueuedTurn(turn('f4'));
    const { turn: cancelledPending } = await methods.enqueueAgentQueuedTurn(turn('f5'));
    await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: publishing.queuedTurnId,
      deliveryKey: 'k2',
    });
    await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: published.queuedTurnId,
      deliveryKey: 'k3',
    });
    await methods.markQueuedTurnScheduled({
      ...scope(),
      queuedTurnId: published.queuedTurnId,
      deliveryKey: 'k3',
    });
    await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: cancelledPublishing.queuedTurnId,
      deliveryKey: 'k4',
    });
    const cancel4 = await methods.cancelAgentQueuedTurn({
      user: U1,
      queuedTurnId: cancelledPublishing.queuedTurnId,
      settledAt: at(1),
    });
    const cancel5 = await methods.cancelAgentQueuedTurn({
      user: U1,
      queuedTurnId: cancelledPending.queuedTurnId,
      settledAt: at(1),
    });
    const ids = (list: { clientRequestId: string; deliveryState?: string; status: string }[]) =>
      list.map((t) => [t.clientRequestId, t.status, t.deliveryState]);
    return labelLanes({
      pending: pending.clientRequestId,
      cancel4,
      cancel5,
      all: ids(await methods.findQueuedTurnsNeedingDelivery()),
      one: ids(await methods.findQueuedTurnsNeedingDelivery(1)),
      zero: await methods.findQueuedTurnsNeedingDelivery(0).catch(failure),
      tooMany: await methods.findQueuedTurnsNeedingDelivery(1001).catch(failure),
      fraction: await methods.findQueuedTurnsNeedingDelivery(1.5).catch(failure),
    });
  },
  { exactDates: [at(1)] },
);

differential(
  'queuedTurns › delivery retirement: retired, missing-delivery retirement fence, terminal turns only',
  async ({ methods }) => {
    const { turn: a } = await methods.enqueueAgentQueuedTurn(turn('x1'));
    const { turn: b } = await methods.enqueueAgentQueuedTurn(turn('x2'));
    const { turn: live } = await methods.enqueueAgentQueuedTurn(turn('x3'));
    for (const [t, key] of [
      [a, 'ka'],
      [b, 'kb'],
      [live, 'kl'],
    ] as const) {
      await methods.reserveAgentQueuedTurnDelivery({
        ...scope(),
        queuedTurnId: t.queuedTurnId,
        deliveryKey: key,
      });
      await methods.markQueuedTurnScheduled({
        ...scope(),
        queuedTurnId: t.queuedTurnId,
        deliveryKey: key,
        scheduledAt: at(1),
      });
    }
    await methods.cancelAgentQueuedTurn({ user: U1, queuedTurnId: a.queuedTurnId, settledAt: at(2) });
    await methods.cancelAgentQueuedTurn({ user: U1, queuedTurnId: b.queuedTurnId, settledAt: at(2) });
    return {
      liveRetired: await methods.markAgentQueuedTurnDeliveryRetired({ deliveryKey: 'kl' }),
      liveBegin: await methods.beginAgentQueuedTurnMissingDeliveryRetirement({ deliveryKey: 'kl' }),
      retired: await methods.markAgentQueuedTurnDeliveryRetired({ deliveryKey: 'ka' }),
      retiredAgain: await methods.markAgentQueuedTurnDeliveryRetired({ deliveryKey: 'ka' }),
      missingBeforeBegin: await methods.markAgentQueuedTurnMissingDeliveryRetired({ deliveryKey: 'kb' }),
      begin: await methods.beginAgentQueuedTurnMissingDeliveryRetirement({ deliveryKey: 'kb' }),
      beginAgain: await methods.beginAgentQueuedTurnMissingDeliveryRetirement({ deliveryKey: 'kb' }),
      missing: await methods.markAgentQueuedTurnMissingDeliveryRetired({ deliveryKey: 'kb' }),
      missingAgain: await methods.markAgentQueuedTurnMissingDeliveryRetired({ deliveryKey: 'kb' }),
      beginAfterRetired: await methods.beginAgentQueuedTurnMissingDeliveryRetirement({ deliveryKey: 'kb' }),
      unknown: await methods.markAgentQueuedTurnDeliveryRetired({ deliveryKey: 'none' }),
      invalid: await methods.markAgentQueuedTurnDeliveryRetired({ deliveryKey: ' ' }).catch(failure),
      invalidBegin: await methods
        .beginAgentQueuedTurnMissingDeliveryRetirement({ deliveryKey: '' })
        .catch(failure),
      invalidMissing: await methods
        .markAgentQueuedTurnMissingDeliveryRetired({ deliveryKey: '' })
        .catch(failure),
      states: (
        await methods.listAgentQueuedTurnReceipts({ ...scope(), clientRequestIds: ['x1', 'x2', 'x3'] })
      ).map((t) => [t.clientRequestId, t.status, t.deliveryState]),
    };
  },
);
