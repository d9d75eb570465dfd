/**
 * Run outcomes and their schedule-side bookkeeping (upstream methods/schedule.ts): the
 * order-fenced card projection, per-occurrence idempotent counters (`countedFor`), the
 * config-revision fence derived from the run row, and the auto-disable policies.
 */
import type { ISchedule, IScheduleRun, ScheduleMethods } from '@librechat/data-schemas';
import { getScheduleMCPDisabledReason } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import {
  COUNTED_FOR_WINDOW,
  type RecordRunOutcomeParams,
  scheduleTables,
  TERMINAL_CARD_STATUSES,
} from './shared.js';

type BookkeepingMethods = Pick<
  ScheduleMethods,
  'recordRunOutcome' | 'recordSkippedRun' | 'finalizeBookkeeping'
>;

export function createScheduleBookkeeping(
  ctx: PgContext,
  deps: Pick<ScheduleMethods, 'disableSchedule' | 'insertScheduleRun'>,
): BookkeepingMethods {
  const { Schedule, ScheduleRun } = scheduleTables(ctx);
  const { disableSchedule, insertScheduleRun } = deps;

  async function projectLastRun(
    scheduleId: string,
    lastRun: NonNullable<ISchedule['lastRun']>,
    scheduledFor: Date,
    revisionFilter: Record<string, unknown> = {},
  ): Promise<void> {
    const notAlreadySettled =
      lastRun.status === 'requires_action'
        ? {
            $nor: [
              {
                $and: [
                  { 'lastRun.scheduledFor': scheduledFor },
                  { 'lastRun.status': { $in: TERMINAL_CARD_STATUSES } },
                ],
              },
            ],
          }
        : {};
    await Schedule.updateOne(
      {
        id: scheduleId,
        $or: [
          { 'lastRun.scheduledFor': { $exists: false } },
          { 'lastRun.scheduledFor': { $lte: scheduledFor } },
        ],
        ...notAlreadySettled,
        ...revisionFilter,
      },
      { $set: { lastRun: { ...lastRun, scheduledFor } } },
      { timestamps: false },
    );
  }

  async function applyTerminalBookkeeping(
    params: RecordRunOutcomeParams & { firedAt: Date; expectConfigRevision?: number },
  ): Promise<void> {
    const lastRun = {
      conversationId: params.conversationId,
      status: params.status,
      error: params.error,
      mcp: params.mcp,
      firedAt: params.firedAt,
    };
    const isFailure = params.status === 'error';
    const isSuccess = params.status === 'success';
    const revisionFilter =
      params.expectConfigRevision != null ? { configRevision: params.expectConfigRevision } : {};
    const counterOrderFilter = {
      $or: [{ countersAsOf: { $exists: false } }, { countersAsOf: { $lte: params.scheduledFor } }],
    };
    await Schedule.updateOne(
      {
        id: params.scheduleId,
        countedFor: { $ne: params.scheduledFor },
        ...revisionFilter,
        ...counterOrderFilter,
      },
      {
        $set: {
          balanceSkipCount: 0,
          countersAsOf: params.scheduledFor,
          ...(isSuccess ? { failureCount: 0 } : {}),
        },
        $push: { countedFor: { $each: [params.scheduledFor], $slice: -COUNTED_FOR_WINDOW } },
        ...(isSuccess ? { $inc: { runCount: 1 } } : {}),
        ...(isFailure ? { $inc: { failureCount: 1 } } : {}),
      },
    );
    await projectLastRun(params.scheduleId, lastRun, params.scheduledFor, revisionFilter);
    if (isSuccess) {
      await Schedule.updateOne({ id: params.scheduleId, enabled: true }, { $unset: { disabledReason: 1 } });
    }
    if (isFailure) {
      const schedule = (await Schedule.findOne({ id: params.scheduleId })) as ISchedule | null;
      const mcpReason = getScheduleMCPDisabledReason(params.mcp);
      const threshold = mcpReason ? 1 : params.autoDisableAfterFailures;
      if (schedule?.enabled && schedule.failureCount >= threshold) {
        await disableSchedule(
          params.scheduleId,
          mcpReason ?? 'too_many_failures',
          undefined,
          params.expectConfigRevision,
          {
            failureCount: { $gte: threshold },
            ...(mcpReason ? { countersAsOf: params.scheduledFor } : {}),
          },
        );
      }
    }
  }

  async function applyBalanceSkipBookkeeping(params: {
    scheduleId: string;
    scheduledFor: Date;
    firedAt: Date;
    conversationId?: string;
    rowRevision?: number;
    balanceSkipDisableThreshold?: number;
  }): Promise<void> {
    const revisionFilter = params.rowRevision != null ? { configRevision: params.rowRevision } : {};
    await projectLastRun(
      params.scheduleId,
      {
        ...(params.conversationId ? { conversationId: params.conversationId } : {}),
        status: 'skipped_balance',
        firedAt: params.firedAt,
      },
      params.scheduledFor,
      revisionFilter,
    );
    if (params.balanceSkipDisableThreshold == null) {
      return;
    }
    const orderFilter = {
      $or: [{ countersAsOf: { $exists: false } }, { countersAsOf: { $lte: params.scheduledFor } }],
    };
    const schedule = (await Schedule.findOneAndUpdateLean(
      {
        id: params.scheduleId,
        countedFor: { $ne: params.scheduledFor },
        ...revisionFilter,
        ...orderFilter,
      },
      {
        $inc: { balanceSkipCount: 1 },
        $set: { countersAsOf: params.scheduledFor },
        $push: { countedFor: { $each: [params.scheduledFor], $slice: -COUNTED_FOR_WINDOW } },
      },
      { new: true },
    )) as ISchedule | null;
    const current = schedule ?? ((await Schedule.findOne({ id: params.scheduleId })) as ISchedule | null);
    if (current?.enabled && current.balanceSkipCount >= params.balanceSkipDisableThreshold) {
      await disableSchedule(params.scheduleId, 'insufficient_balance', undefined, params.rowRevision, {
        balanceSkipCount: { $gte: params.balanceSkipDisableThreshold },
      });
    }
  }

  async function applyOverlapSkipBookkeeping(params: {
    scheduleId: string;
    scheduledFor: Date;
    firedAt: Date;
    rowRevision?: number;
  }): Promise<void> {
    const revisionFilter = params.rowRevision != null ? { configRevision: params.rowRevision } : {};
    await projectLastRun(
      params.scheduleId,
      { status: 'skipped_overlap', firedAt: params.firedAt },
      params.scheduledFor,
      revisionFilter,
    );
    const orderFilter = {
      $or: [{ countersAsOf: { $exists: false } }, { countersAsOf: { $lte: params.scheduledFor } }],
    };
    await Schedule.updateOne(
      { id: params.scheduleId, ...revisionFilter, ...orderFilter },
      { $set: { balanceSkipCount: 0, countersAsOf: params.scheduledFor } },
    );
  }

  async function markBookkept(scheduleId: string, scheduledFor: Date): Promise<void> {
    await ScheduleRun.updateOne({ scheduleId, scheduledFor }, { $set: { bookkept: true } });
  }

  async function recordRunOutcome(params: RecordRunOutcomeParams): Promise<void> {
    const firedAt = new Date();
    if (params.status === 'requires_action') {
      const paused = (await ScheduleRun.findOneAndUpdateLean(
        {
          scheduleId: params.scheduleId,
          scheduledFor: params.scheduledFor,
          status: { $in: ['started', 'requires_action'] },
          ...(params.resumeClaimStaleBefore != null
            ? {
                $or: [
                  { resumeClaimedAt: { $exists: false } },
                  { resumeClaimedAt: { $lt: params.resumeClaimStaleBefore } },
                ],
              }
            : {}),
        },
        {
          $set: {
            status: 'requires_action',
            ...(params.conversationId ? { conversationId: params.conversationId } : {}),
            ...(params.checkpointNamespace != null
              ? { checkpointNamespace: params.checkpointNamespace }
              : {}),
          },
          $unset: { capacitySlot: 1, resumeClaimedAt: 1 },
        },
        { new: false },
      )) as IScheduleRun | null;
      if (paused == null) {
        return;
      }
      await projectLastRun(
        params.scheduleId,
        { conversationId: params.conversationId, status: params.status, firedAt: paused.firedAt ?? firedAt },
        params.scheduledFor,
        paused.configRevision != null ? { configRevision: paused.configRevision } : {},
      );
      return;
    }
    const settled = (await ScheduleRun.findOneAndUpdateLean(
      {
        scheduleId: params.scheduleId,
        scheduledFor: params.scheduledFor,
        status: { $in: ['started', 'requires_action'] },
      },
      {
        $set: {
          status: params.status,
          bookkept: false,
          settledAt: firedAt,
          ...(params.conversationId && !params.clearConversationId
            ? { conversationId: params.conversationId }
            : {}),
          ...(params.error ? { error: params.error } : {}),
          ...(params.mcp ? { mcp: params.mcp } : {}),
          ...(params.durationMs != null ? { durationMs: params.durationMs } : {}),
        },
        $unset: {
          capacitySlot: 1,
          admissionOnly: 1,
          ...(params.clearConversationId ? { conversationId: 1 } : {}),
        },
      },
      { new: false },
    )) as IScheduleRun | null;
    if (settled == null) {
      return;
    }
    if (params.status === 'skipped_balance') {
      await applyBalanceSkipBookkeeping({
        scheduleId: params.scheduleId,
        scheduledFor: params.scheduledFor,
        firedAt: settled.firedAt ?? firedAt,
        conversationId: params.conversationId,
        rowRevision: settled.configRevision,
        balanceSkipDisableThreshold: params.balanceSkipDisableThreshold,
      });
    } else {
      await applyTerminalBookkeeping({
        ...params,
        firedAt: settled.firedAt ?? firedAt,
        expectConfigRevision: settled.configRevision,
      });
    }
    await markBookkept(params.scheduleId, params.scheduledFor);
  }

  async function recordSkippedRun(
    data: Parameters<ScheduleMethods['recordSkippedRun']>[0],
    balanceSkipDisableThreshold?: number,
  ): Promise<void> {
    const firedAt = new Date();
    const inserted = await insertScheduleRun({ ...data, firedAt, settledAt: firedAt, bookkept: false });
    let rowRevision = inserted?.configRevision;
    let rowFiredAt = firedAt;
    if (inserted == null) {
      const existing = (await ScheduleRun.findOne(
        { scheduleId: data.scheduleId, scheduledFor: data.scheduledFor },
        { select: 'status configRevision firedAt' },
      )) as Pick<IScheduleRun, 'status' | 'configRevision' | 'firedAt'> | null;
      if (existing == null || existing.status !== data.status) {
        return;
      }
      rowRevision = existing.configRevision;
      rowFiredAt = existing.firedAt ?? firedAt;
    }
    if (data.status === 'skipped_balance') {
      await applyBalanceSkipBookkeeping({
        scheduleId: data.scheduleId,
        scheduledFor: data.scheduledFor,
        firedAt: rowFiredAt,
        rowRevision,
        balanceSkipDisableThreshold,
      });
    } else {
      await applyOverlapSkipBookkeeping({
        scheduleId: data.scheduleId,
        scheduledFor: data.scheduledFor,
        firedAt: rowFiredAt,
        rowRevision,
      });
    }
    await markBookkept(data.scheduleId, data.scheduledFor);
  }

  async function finalizeBookkeeping(params: RecordRunOutcomeParams): Promise<void> {
    const run = (await ScheduleRun.findOne(
      { scheduleId: params.scheduleId, scheduledFor: params.scheduledFor },
      { select: 'configRevision firedAt' },
    )) as Pick<IScheduleRun, 'configRevision' | 'firedAt'> | null;
    const firedAt = run?.firedAt ?? new Date();
    if (params.status === 'skipped_balance') {
      await applyBalanceSkipBookkeeping({
        scheduleId: params.scheduleId,
        scheduledFor: params.scheduledFor,
        firedAt,
        conversationId: params.conversationId,
        rowRevision: run?.configRevision,
        balanceSkipDisableThreshold: params.balanceSkipDisableThreshold,
      });
    } else if (params.status === 'skipped_overlap') {
      await applyOverlapSkipBookkeeping({
        scheduleId: params.scheduleId,
        scheduledFor: params.scheduledFor,
        firedAt,
        rowRevision: run?.configRevision,
      });
    } else {
      await applyTerminalBookkeeping({ ...params, firedAt, expectConfigRevision: run?.configRevision });
    }
    await markBookkept(params.scheduleId, params.scheduledFor);
  }

  return { recordRunOutcome, recordSkippedRun, finalizeBookkeeping };
}
