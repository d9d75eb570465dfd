/**
 * Schedule run rows (upstream methods/schedule.ts): reservations arbitrated by the partial
 * unique indexes (occurrence, single active run, global capacity slot), abort coordination,
 * resume claims, reconciliation windows.
 */
import type { IScheduleRun, ScheduleMethods } from '@librechat/data-schemas';
import type { ScheduleRunStatus } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import {
  ABORT_STAMP_STALE_MS,
  ACTIVE_RUN_STATUSES,
  DUPLICATE_KEY,
  isActiveRunConflict,
  isCapacitySlotConflict,
  isOccurrenceDuplicate,
  type ScheduleRunInput,
  scheduleTables,
  type UserId,
} from './shared.js';

type RunMethods = Pick<
  ScheduleMethods,
  | 'insertScheduleRun'
  | 'getScheduleRunProject'
  | 'reserveStartedRun'
  | 'getCapacityOccupancy'
  | 'requestRunAbort'
  | 'getScheduleRunAbortState'
  | 'markRunResumeClaimed'
  | 'releaseRunResumeClaim'
  | 'markRunAbortPersisted'
  | 'setRunFireDetails'
  | 'countActiveRuns'
  | 'deleteScheduleRun'
  | 'getActiveRunsForSchedule'
  | 'getActiveRunsForUser'
  | 'getRunsForReconciliation'
  | 'markRunsReconciled'
  | 'getUnbookkeptRuns'
>;

export function createScheduleRunMethods(ctx: PgContext): RunMethods {
  const { ScheduleRun } = scheduleTables(ctx);

  async function insertScheduleRun(data: ScheduleRunInput): Promise<IScheduleRun | null> {
    try {
      const doc = await ScheduleRun.create(data as Record<string, unknown>);
      return doc.toObject();
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        return null;
      }
      throw error;
    }
  }

  async function getScheduleRunProject(
    scheduleId: string,
    scheduledFor: string | Date,
  ): Promise<{ recorded: boolean; chatProjectId?: string } | null> {
    const run = (await ScheduleRun.findOne(
      { scheduleId, scheduledFor: new Date(scheduledFor) },
      { select: 'chatProjectId' },
    )) as { chatProjectId?: string | null } | null;
    if (run == null) {
      return null;
    }
    const recorded = Object.hasOwn(run, 'chatProjectId');
    return recorded && run.chatProjectId != null
      ? { recorded, chatProjectId: run.chatProjectId }
      : { recorded };
  }

  async function reserveStartedRun(data: ScheduleRunInput) {
    try {
      const doc = await ScheduleRun.create({ ...data, status: 'started' });
      return { run: doc.toObject() as IScheduleRun };
    } catch (error) {
      if (isOccurrenceDuplicate(error)) {
        const existing = (await ScheduleRun.findOne(
          { scheduleId: data.scheduleId, scheduledFor: data.scheduledFor },
          { select: 'status' },
        )) as Pick<IScheduleRun, 'status'> | null;
        return { conflict: 'duplicate' as const, existingStatus: existing?.status };
      }
      if (isCapacitySlotConflict(error)) {
        return { conflict: 'slot-taken' as const };
      }
      if (isActiveRunConflict(error)) {
        return { conflict: 'overlap' as const };
      }
      throw error;
    }
  }

  async function getCapacityOccupancy(): Promise<{ takenSlots: number[]; unslotted: number }> {
    const rows = (await ScheduleRun.find(
      { status: 'started', admissionOnly: { $ne: true } },
      { select: 'capacitySlot' },
    )) as Array<{ capacitySlot?: number }>;
    const takenSlots: number[] = [];
    let unslotted = 0;
    for (const row of rows) {
      if (typeof row.capacitySlot === 'number') {
        takenSlots.push(row.capacitySlot);
      } else {
        unslotted += 1;
      }
    }
    return { takenSlots, unslotted };
  }

  async function requestRunAbort(
    scheduleId: string,
    scheduledFor: Date,
    source?: IScheduleRun['abortSource'],
  ): Promise<boolean | 'in_progress'> {
    const now = new Date();
    if (source === 'stop') {
      const staleCutoff = new Date(now.getTime() - ABORT_STAMP_STALE_MS);
      const stamped = await ScheduleRun.updateOne(
        {
          scheduleId,
          scheduledFor,
          status: { $in: ACTIVE_RUN_STATUSES },
          $nor: [
            {
              abortSource: 'stop',
              abortPersistedAt: { $exists: false },
              abortRequestedAt: { $gt: staleCutoff },
            },
          ],
        },
        { $set: { abortRequestedAt: now, abortSource: 'stop' }, $unset: { abortPersistedAt: 1 } },
      );
      if ((stamped.matchedCount ?? 0) > 0) {
        return true;
      }
      const holder = await ScheduleRun.findOne(
        { scheduleId, scheduledFor, status: { $in: ACTIVE_RUN_STATUSES } },
        { select: '_id' },
      );
      return holder != null ? 'in_progress' : false;
    }
    const claimed = await ScheduleRun.updateOne(
      {
        scheduleId,
        scheduledFor,
        status: { $in: ACTIVE_RUN_STATUSES },
        $or: [{ abortSource: { $ne: 'stop' } }, { abortPersistedAt: { $exists: true } }],
      },
      { $set: { abortRequestedAt: now, ...(source ? { abortSource: source } : {}) } },
    );
    if ((claimed.matchedCount ?? 0) > 0) {
      return true;
    }
    const renewed = await ScheduleRun.updateOne(
      { scheduleId, scheduledFor, status: { $in: ACTIVE_RUN_STATUSES } },
      { $set: { abortRequestedAt: now } },
    );
    return (renewed.matchedCount ?? 0) > 0;
  }

  async function getScheduleRunAbortState(scheduleId: string, scheduledFor: Date) {
    return (await ScheduleRun.findOne(
      { scheduleId, scheduledFor },
      { select: 'status abortRequestedAt abortSource abortPersistedAt' },
    )) as Pick<IScheduleRun, 'status' | 'abortRequestedAt' | 'abortSource' | 'abortPersistedAt'> | null;
  }

  async function markRunResumeClaimed(scheduleId: string, scheduledFor: Date, capacitySlot: number) {
    try {
      const claimed = await ScheduleRun.findOneAndUpdateLean(
        { scheduleId, scheduledFor, status: 'requires_action' },
        { $set: { status: 'started', capacitySlot, resumeClaimedAt: new Date() } },
        { new: true, timestamps: false },
      );
      return claimed == null ? { conflict: 'not-paused' as const } : { capacitySlot };
    } catch (error) {
      if (isCapacitySlotConflict(error)) {
        return { conflict: 'slot-taken' as const };
      }
      if (isActiveRunConflict(error)) {
        return { conflict: 'overlap' as const };
      }
      throw error;
    }
  }

  async function releaseRunResumeClaim(
    scheduleId: string,
    scheduledFor: Date,
    capacitySlot: number,
  ): Promise<boolean> {
    const released = await ScheduleRun.updateOne(
      { scheduleId, scheduledFor, status: 'started', capacitySlot },
      { $set: { status: 'requires_action' }, $unset: { capacitySlot: 1, resumeClaimedAt: 1 } },
      { timestamps: false },
    );
    return (released.modifiedCount ?? 0) > 0;
  }

  async function markRunAbortPersisted(scheduleId: string, scheduledFor: Date): Promise<void> {
    await ScheduleRun.updateOne(
      { scheduleId, scheduledFor },
      { $set: { abortPersistedAt: new Date() } },
      { timestamps: false },
    );
  }

  async function setRunFireDetails(
    scheduleId: string,
    scheduledFor: Date,
    details: Parameters<ScheduleMethods['setRunFireDetails']>[2],
  ): Promise<void> {
    await ScheduleRun.updateOne(
      { scheduleId, scheduledFor },
      {
        $set: {
          conversationId: details.conversationId,
          ...(details.mcp ? { mcp: details.mcp } : {}),
          ...(details.droppedFileIds?.length ? { droppedFileIds: details.droppedFileIds } : {}),
        },
      },
    );
  }

  async function countActiveRuns(): Promise<number> {
    return ScheduleRun.count({ status: 'started' });
  }

  async function deleteScheduleRun(
    scheduleId: string,
    scheduledFor: Date,
    expectedStatus?: ScheduleRunStatus,
    expectedConversationId?: string,
  ): Promise<void> {
    const filter: Record<string, unknown> = { scheduleId, scheduledFor };
    if (expectedStatus !== undefined) {
      filter.status = expectedStatus;
    }
    if (expectedConversationId !== undefined) {
      filter.conversationId = expectedConversationId;
    }
    await ScheduleRun.deleteOne(filter);
  }

  async function getActiveRunsForSchedule(scheduleId: string): Promise<IScheduleRun[]> {
    return (await ScheduleRun.find(
      { scheduleId, status: { $in: ACTIVE_RUN_STATUSES } },
      { select: '+checkpointNamespace' },
    )) as unknown as IScheduleRun[];
  }

  async function getActiveRunsForUser(
    userId: UserId,
    statuses: readonly ScheduleRunStatus[] = ACTIVE_RUN_STATUSES,
  ): Promise<IScheduleRun[]> {
    return (await ScheduleRun.find({ user: userId, status: { $in: statuses } })) as unknown as IScheduleRun[];
  }

  async function getRunsForReconciliation(olderThan: Date, limit: number): Promise<IScheduleRun[]> {
    const [started, paused] = await Promise.all([
      ScheduleRun.find(
        { status: 'started', firedAt: { $lt: olderThan } },
        { sort: { reconciledAt: 1, firedAt: 1 }, limit },
      ),
      ScheduleRun.find(
        { status: 'requires_action', firedAt: { $lt: olderThan } },
        { sort: { reconciledAt: 1, firedAt: 1 }, limit },
      ),
    ]);
    return [...started, ...paused] as unknown as IScheduleRun[];
  }

  async function markRunsReconciled(runs: Array<Pick<IScheduleRun, '_id'>>): Promise<void> {
    const ids = runs.map((run) => run._id).filter((id) => id != null);
    if (ids.length === 0) {
      return;
    }
    await ScheduleRun.updateMany(
      { _id: { $in: ids } },
      { $set: { reconciledAt: new Date() } },
      { timestamps: false },
    );
  }

  async function getUnbookkeptRuns(olderThan: Date, limit: number): Promise<IScheduleRun[]> {
    return (await ScheduleRun.find(
      {
        status: { $in: ['success', 'error', 'interrupted', 'skipped_balance', 'skipped_overlap'] },
        bookkept: false,
        firedAt: { $lt: olderThan },
      },
      { sort: { reconciledAt: 1, firedAt: 1 }, limit },
    )) as unknown as IScheduleRun[];
  }

  return {
    insertScheduleRun,
    getScheduleRunProject,
    reserveStartedRun,
    getCapacityOccupancy,
    requestRunAbort,
    getScheduleRunAbortState,
    markRunResumeClaimed,
    releaseRunResumeClaim,
    markRunAbortPersisted,
    setRunFireDetails,
    countActiveRuns,
    deleteScheduleRun,
    getActiveRunsForSchedule,
    getActiveRunsForUser,
    getRunsForReconciliation,
    markRunsReconciled,
    getUnbookkeptRuns,
  };
}
