/** Fixtures of the schedule suites. */
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';

export const U1 = new Types.ObjectId('6a0000000000000000000001');
export const U2 = new Types.ObjectId('6a0000000000000000000002');

/** Fixed instants (compared exactly): occurrences of a schedule. */
export const T1 = new Date('2026-01-01T09:00:00.000Z');
export const T2 = new Date('2026-01-02T09:00:00.000Z');
export const T3 = new Date('2026-01-03T09:00:00.000Z');
export const PAST = new Date('2020-01-01T00:00:00.000Z');
export const FUTURE = new Date('2099-01-01T00:00:00.000Z');
export const DATES = [T1, T2, T3, PAST, FUTURE];

export const schedule = (id: string, user = U1, extra: Record<string, unknown> = {}) => ({
  id,
  user,
  name: `Schedule ${id}`,
  prompt: `Run ${id}`,
  agent_id: 'agent_1',
  cadence: { frequency: 'daily', hour: 9, minute: 0 },
  timezone: 'UTC',
  ...extra,
});

export const run = (scheduleId: string, scheduledFor: Date, extra: Record<string, unknown> = {}) => ({
  scheduleId,
  user: U1,
  scheduledFor,
  firedAt: PAST,
  ...extra,
});

const RANDOM = new Set(['claimToken', 'leaseBy']);

/** Claim tokens and lease holders are fresh UUIDs: compared by shape (present, prefix). */
export function scrub<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !Types.ObjectId.isValid(value as never)
  ) {
    const source =
      typeof (value as { toObject?: () => object }).toObject === 'function'
        ? (value as { toObject: () => object }).toObject()
        : value;
    return Object.fromEntries(
      Object.entries(source).map(([k, v]) => [
        k,
        RANDOM.has(k) && typeof v === 'string' ? v.replace(/[0-9a-f-]{36}$/, '<uuid>') : scrub(v),
      ]),
    ) as T;
  }
  return value;
}

/** A stored document, as the engine holds it (bypasses the methods). */
export async function raw(dal: Dal, table: 'schedules' | 'scheduleruns', filter: Record<string, unknown>) {
  const model = table === 'schedules' ? 'Schedule' : 'ScheduleRun';
  if (dal.engine.mongoose) {
    return scrub(
      await dal.engine.mongoose.models[model]!.find(filter)
        .select('+checkpointNamespace')
        .sort({ _id: 1 })
        .lean(),
    );
  }
  return scrub(
    await dal.engine.collections![table].find(filter, { select: '+checkpointNamespace', sort: { _id: 1 } }),
  );
}

/** A run row written through the model (upstream's other writers). */
export async function insertRun(dal: Dal, doc: Record<string, unknown>): Promise<void> {
  if (dal.engine.mongoose) await dal.engine.mongoose.models.ScheduleRun!.create(doc);
  else await dal.engine.collections!.scheduleruns.create(doc);
}
