/** Fixtures of the queued-turn suites. */
import { Types } from 'mongoose';

export const U1 = new Types.ObjectId('6a0000000000000000000001');
export const U2 = new Types.ObjectId('6a0000000000000000000002');
export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
export const LEASE = { now: at(10), leaseUntil: at(70) };

export const scope = (conversationId = 'c1', user = U1) => ({ user, conversationId });

export const turn = (clientRequestId: string, extra: Record<string, unknown> = {}) => ({
  ...scope(),
  agentId: 'agent-1',
  parentMessageId: 'parent-1',
  clientRequestId,
  text: `text ${clientRequestId}`,
  availableAt: T0,
  ...extra,
});

export const failure = (error: Error) => ({ name: error.name, message: error.message });

/** Lane ids are random UUIDs per engine: replaced by `lane#N` in order of first appearance. */
export function labelLanes<T>(value: T): T {
  const labels = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          if (k === 'laneId' && typeof x === 'string') {
            if (!labels.has(x)) labels.set(x, `lane#${labels.size + 1}`);
            return [k, labels.get(x)];
          }
          return [k, walk(x)];
        }),
      );
    }
    return v;
  };
  return walk(value) as T;
}

type Methods = import('@librechat/dal').Dal['methods'];

/** enqueue → reserve delivery → mark scheduled → claim: a turn ready for admission. */
export async function claimed(
  methods: Methods,
  clientRequestId: string,
  claimId = `claim-${clientRequestId}`,
) {
  const { turn: queued } = await methods.enqueueAgentQueuedTurn(turn(clientRequestId));
  const queuedTurnId = queued.queuedTurnId;
  const deliveryKey = `delivery-${clientRequestId}`;
  await methods.reserveAgentQueuedTurnDelivery({ ...scope(), queuedTurnId, deliveryKey });
  await methods.markQueuedTurnScheduled({ ...scope(), queuedTurnId, deliveryKey, scheduledAt: at(5) });
  const claim = await methods.claimNextAgentQueuedTurn({
    ...scope(),
    queuedTurnId,
    claimId,
    claimBy: 'worker-1',
    ...LEASE,
  });
  return { queuedTurnId, deliveryKey, claimId, claimBy: 'worker-1', claim };
}
