/**
 * The owner's side of schedules (upstream methods/schedule.ts): creation (slot-capped and
 * create-idempotent), edits that rotate the claim token and bump the config revision, reads,
 * hard and unarmed-rollback deletes.
 */
import { randomUUID } from 'node:crypto';
import type { ISchedule, ScheduleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { isClientRequestConflict, isSlotConflict, scheduleTables, type UserId } from './shared.js';

type OwnerMethods = Pick<
  ScheduleMethods,
  | 'ensureScheduleIndexes'
  | 'createSchedule'
  | 'createScheduleWithSlot'
  | 'updateScheduleById'
  | 'deleteScheduleById'
  | 'deleteUnarmedSchedule'
  | 'getScheduleById'
  | 'getSchedulesByUser'
  | 'countSchedulesByUser'
  | 'getScheduleByClientRequestId'
>;

export function createScheduleOwnerMethods(
  ctx: PgContext,
  eraseScheduleIfDrained: ScheduleMethods['eraseScheduleIfDrained'],
): OwnerMethods {
  const { Schedule, ScheduleRun } = scheduleTables(ctx);

  /** The migrations create upstream's indexes; nothing to build at run time. */
  async function ensureScheduleIndexes(): Promise<void> {}

  async function createSchedule(data: Partial<ISchedule>): Promise<ISchedule> {
    const doc = await Schedule.create(data as Record<string, unknown>);
    return doc.toObject();
  }

  async function createScheduleWithSlot(
    data: Partial<ISchedule>,
    maxPerUser: number,
  ): Promise<ISchedule | 'limit'> {
    const userId = data.user;
    for (let attempt = 0; attempt <= maxPerUser; attempt++) {
      const used = (await Schedule.find(
        { user: userId, deleting: { $ne: true } },
        { select: 'slot' },
      )) as Array<{ slot?: number }>;
      const taken = new Set(used.map((s) => s.slot).filter((s): s is number => typeof s === 'number'));
      if (used.length >= maxPerUser) {
        return 'limit';
      }
      let slot = 0;
      while (taken.has(slot)) {
        slot++;
      }
      if (slot >= maxPerUser) {
        return 'limit';
      }
      try {
        const doc = await Schedule.create({ ...data, slot, deleting: false });
        return doc.toObject();
      } catch (error) {
        if (isSlotConflict(error)) {
          continue;
        }
        if (isClientRequestConflict(error) && data.clientRequestId) {
          const existing = await Schedule.findOne({ user: userId, clientRequestId: data.clientRequestId });
          if (existing != null) {
            return existing as unknown as ISchedule;
          }
        }
        throw error;
      }
    }
    return 'limit';
  }

  async function updateScheduleById(
    id: string,
    userId: UserId,
    update: Partial<ISchedule>,
    unset?: Record<string, 1>,
    options?: { expectedConfigRevision?: number },
  ): Promise<ISchedule | null> {
    const filter = {
      id,
      user: userId,
      deleting: { $ne: true },
      ...(options?.expectedConfigRevision !== undefined
        ? { configRevision: options.expectedConfigRevision }
        : {}),
    };
    const mutation = {
      $set: { ...update, claimToken: randomUUID() },
      $inc: { configRevision: 1 },
    };
    const cleared = await Schedule.findOneAndUpdateLean(
      { ...filter, 'lastRun.status': 'requires_action' },
      { ...mutation, $unset: { lastRun: 1, ...(unset ?? {}) } },
      { new: true },
    );
    if (cleared != null) {
      return cleared as unknown as ISchedule;
    }
    return (await Schedule.findOneAndUpdateLean(
      filter,
      { ...mutation, ...(unset ? { $unset: unset } : {}) },
      { new: true },
    )) as ISchedule | null;
  }

  async function deleteScheduleById(id: string, userId: UserId): Promise<boolean> {
    const result = await Schedule.deleteOne({ id, user: userId });
    if (result.deletedCount > 0) {
      await ScheduleRun.deleteMany({ scheduleId: id });
      return true;
    }
    return false;
  }

  async function deleteUnarmedSchedule(
    id: string,
    userId: UserId,
    expectedConfigRevision?: number,
  ): Promise<'deleted' | 'draining' | 'kept' | 'missing'> {
    const claimed = await Schedule.findOneAndUpdateLean(
      {
        id,
        user: userId,
        deleting: { $ne: true },
        nextRunAt: { $exists: false },
        ...(expectedConfigRevision != null ? { configRevision: expectedConfigRevision } : {}),
      },
      { $set: { enabled: false, deleting: true, claimToken: randomUUID() } },
      { new: true, select: '_id' },
    );
    if (claimed == null) {
      const still = (await Schedule.findOne({ id, user: userId }, { select: 'deleting' })) as Pick<
        ISchedule,
        'deleting'
      > | null;
      if (still == null) {
        return 'missing';
      }
      return still.deleting === true ? 'draining' : 'kept';
    }
    const erased = await eraseScheduleIfDrained(id);
    return erased ? 'deleted' : 'draining';
  }

  async function getScheduleById(id: string, userId?: UserId): Promise<ISchedule | null> {
    const filter: Record<string, unknown> = { id, deleting: { $ne: true } };
    if (userId != null) {
      filter.user = userId;
    }
    return (await Schedule.findOne(filter)) as ISchedule | null;
  }

  async function getSchedulesByUser(userId: UserId): Promise<ISchedule[]> {
    return (await Schedule.find(
      { user: userId, deleting: { $ne: true } },
      { sort: { updatedAt: -1 }, select: '-leaseUntil -leaseBy -claimToken' },
    )) as unknown as ISchedule[];
  }

  async function countSchedulesByUser(userId: UserId): Promise<number> {
    return Schedule.count({ user: userId, deleting: { $ne: true } });
  }

  async function getScheduleByClientRequestId(
    userId: UserId,
    clientRequestId: string,
  ): Promise<ISchedule | null> {
    return (await Schedule.findOne({ user: userId, clientRequestId })) as ISchedule | null;
  }

  return {
    ensureScheduleIndexes,
    createSchedule,
    createScheduleWithSlot,
    updateScheduleById,
    deleteScheduleById,
    deleteUnarmedSchedule,
    getScheduleById,
    getSchedulesByUser,
    countSchedulesByUser,
    getScheduleByClientRequestId,
  };
}
