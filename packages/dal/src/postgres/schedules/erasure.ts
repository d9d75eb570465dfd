/**
 * Soft deletion, erasure and account-deletion suspension of schedules (upstream
 * methods/schedule.ts): erasure sweeps, tombstones, the reversible suspension snapshot.
 */
import { randomUUID } from 'node:crypto';
import type { ISchedule, ScheduleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';
import { ACTIVE_RUN_STATUSES, LEASE_SKEW_MARGIN_MS, scheduleTables, type UserId } from './shared.js';

type ErasureMethods = Pick<
  ScheduleMethods,
  | 'markScheduleDeleting'
  | 'suspendUserSchedulesForDeletion'
  | 'restoreUserSchedulesFromDeletion'
  | 'getDeletingSchedules'
  | 'markEraseAttempted'
  | 'getDeletingScheduleIds'
  | 'getUnarmedSchedules'
  | 'eraseScheduleIfDrained'
  | 'deleteSchedulesByUser'
>;

/** The ONLY fields an erasure tombstone keeps. */
const TOMBSTONE_IDENTITY_FIELDS = new Set([
  '_id',
  '__v',
  'id',
  'user',
  'tenantId',
  'clientRequestId',
  'clientRequestDigest',
  'deleting',
  'erased',
  'erasedAt',
  'enabled',
  'createdAt',
  'updatedAt',
]);

const RESTORE_ATTEMPTS = 3;

export function createScheduleErasure(ctx: PgContext): ErasureMethods {
  const { Schedule, ScheduleRun } = scheduleTables(ctx);

  async function markScheduleDeleting(id: string, userId: UserId): Promise<ISchedule | null> {
    return (await Schedule.findOneAndUpdateLean(
      { id, user: userId },
      {
        $set: { enabled: false, deleting: true, claimToken: randomUUID() },
        $unset: { nextRunAt: 1 },
      },
      { new: true },
    )) as ISchedule | null;
  }

  async function suspendUserSchedulesForDeletion(userId: UserId, token: string): Promise<void> {
    const schedules = (await Schedule.find(
      { user: userId, deleting: { $ne: true }, 'deletionSuspension.token': { $ne: token } },
      { select: 'id enabled nextRunAt deletionSuspension' },
    )) as Array<Pick<ISchedule, 'id' | 'enabled' | 'nextRunAt' | 'deletionSuspension'>>;
    if (schedules.length === 0) {
      return;
    }
    const ops = schedules.map((schedule) => {
      const existing = schedule.deletionSuspension;
      const snapshotEnabled = existing != null ? existing.enabled === true : schedule.enabled === true;
      const snapshotNextRunAt = existing != null ? existing.nextRunAt : schedule.nextRunAt;
      return {
        updateOne: {
          filter: {
            id: schedule.id,
            user: userId,
            deleting: { $ne: true },
            'deletionSuspension.token': { $ne: token },
          },
          update: {
            $set: {
              enabled: false,
              claimToken: randomUUID(),
              deletionSuspension: {
                token,
                enabled: snapshotEnabled,
                ...(snapshotNextRunAt != null ? { nextRunAt: snapshotNextRunAt } : {}),
              },
            },
            $unset: { nextRunAt: 1 as const },
          },
        },
      };
    });
    await tenantBulkWrite(Schedule, ops, { ordered: false });
  }

  async function restoreSuspendedBatch(userId: UserId, token: string): Promise<void> {
    const suspended = (await Schedule.find(
      { user: userId, 'deletionSuspension.token': token, deleting: { $ne: true } },
      { select: 'id deletionSuspension' },
    )) as Array<Pick<ISchedule, 'id' | 'deletionSuspension'>>;
    if (suspended.length === 0) {
      return;
    }
    const ops = suspended.map((schedule) => {
      const snapshot = schedule.deletionSuspension;
      const restoreNextRunAt = snapshot?.nextRunAt;
      return {
        updateOne: {
          filter: {
            id: schedule.id,
            user: userId,
            'deletionSuspension.token': token,
            deleting: { $ne: true },
          },
          update: {
            $set: {
              enabled: snapshot?.enabled === true,
              claimToken: randomUUID(),
              ...(restoreNextRunAt != null ? { nextRunAt: restoreNextRunAt } : {}),
            },
            $unset: {
              deletionSuspension: 1 as const,
              ...(restoreNextRunAt == null ? { nextRunAt: 1 as const } : {}),
            },
          },
        },
      };
    });
    await tenantBulkWrite(Schedule, ops, { ordered: false });
  }

  async function restoreUserSchedulesFromDeletion(userId: UserId, token: string): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= RESTORE_ATTEMPTS; attempt++) {
      try {
        await restoreSuspendedBatch(userId, token);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < RESTORE_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    }
    throw lastError;
  }

  async function getUnarmedSchedules(limit: number): Promise<ISchedule[]> {
    return (await Schedule.find(
      { enabled: true, deleting: { $ne: true }, nextRunAt: { $exists: false } },
      { limit },
    )) as unknown as ISchedule[];
  }

  async function getDeletingSchedules(limit: number): Promise<ISchedule[]> {
    return (await Schedule.find(
      { deleting: true, erased: { $ne: true } },
      { sort: { eraseAttemptedAt: 1 }, limit },
    )) as unknown as ISchedule[];
  }

  async function markEraseAttempted(ids: string[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await Schedule.updateMany(
      { id: { $in: ids }, deleting: true },
      { $set: { eraseAttemptedAt: new Date() } },
      { timestamps: false },
    );
  }

  async function getDeletingScheduleIds(userId: UserId, limit: number): Promise<string[]> {
    const rows = (await Schedule.find(
      { user: userId, deleting: true, erased: { $ne: true } },
      { sort: { eraseAttemptedAt: 1 }, select: 'id', limit },
    )) as Array<Pick<ISchedule, 'id'>>;
    return rows.map((row) => row.id);
  }

  async function eraseScheduleIfDrained(id: string): Promise<boolean> {
    const leased = await Schedule.findOne(
      { id, deleting: true, leaseUntil: { $gt: new Date(Date.now() - LEASE_SKEW_MARGIN_MS) } },
      { select: '_id' },
    );
    if (leased != null) {
      return false;
    }
    const active = await ScheduleRun.findOne(
      { scheduleId: id, status: { $in: ACTIVE_RUN_STATUSES } },
      { select: '_id' },
    );
    if (active != null) {
      return false;
    }
    await ScheduleRun.deleteMany({ scheduleId: id });
    const contentFields = [
      ...new Set(Object.keys(Schedule.model.schema.paths).map((path) => path.split('.')[0] as string)),
    ].filter((field) => !TOMBSTONE_IDENTITY_FIELDS.has(field));
    const tombstoned = await Schedule.updateOne(
      { id, deleting: true, clientRequestId: { $exists: true } },
      {
        $set: { erased: true, erasedAt: new Date(), enabled: false },
        $unset: Object.fromEntries(contentFields.map((field) => [field, 1])),
      },
      { timestamps: false },
    );
    if (tombstoned.matchedCount === 0) {
      await Schedule.deleteOne({ id, deleting: true });
    }
    return true;
  }

  async function deleteSchedulesByUser(userId: UserId): Promise<void> {
    await ScheduleRun.deleteMany({ user: userId });
    await Schedule.deleteMany({ user: userId });
  }

  return {
    markScheduleDeleting,
    suspendUserSchedulesForDeletion,
    restoreUserSchedulesFromDeletion,
    getDeletingSchedules,
    markEraseAttempted,
    getDeletingScheduleIds,
    getUnarmedSchedules,
    eraseScheduleIfDrained,
    deleteSchedulesByUser,
  };
}
