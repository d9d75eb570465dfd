/**
 * The worker's side of a schedule row (upstream methods/schedule.ts): lease claims (engine,
 * manual, resume) as compare-and-set on the locked row, claim-token fenced writes (release,
 * advance, disable, project resolution) and the one arming CAS.
 */
import { randomUUID } from 'node:crypto';
import type { ISchedule, ScheduleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { LEASE_SKEW_MARGIN_MS, scheduleTables, type UserId } from './shared.js';

type LeaseMethods = Pick<
  ScheduleMethods,
  | 'claimDueSchedule'
  | 'acquireManualRunLease'
  | 'acquireResumeLease'
  | 'consumeResumeLease'
  | 'releaseLease'
  | 'releaseLeaseByHolder'
  | 'revalidateClaim'
  | 'advanceSchedule'
  | 'disableSchedule'
  | 'persistResolvedProject'
  | 'armSchedule'
>;

/** A lease that is absent, released, or expired past the skew margin. */
function takeable(takeoverCutoff: Date) {
  return [{ leaseUntil: { $exists: false } }, { leaseUntil: null }, { leaseUntil: { $lt: takeoverCutoff } }];
}

export function createScheduleLeases(ctx: PgContext): LeaseMethods {
  const { Schedule } = scheduleTables(ctx);

  async function claimDueSchedule(
    params: Parameters<ScheduleMethods['claimDueSchedule']>[0],
  ): Promise<ISchedule | null> {
    const claimToken = randomUUID();
    const now = new Date();
    const takeoverCutoff = new Date(now.getTime() - LEASE_SKEW_MARGIN_MS);
    return (await Schedule.findOneAndUpdateLean(
      {
        enabled: true,
        deleting: { $ne: true },
        nextRunAt: { $lte: now },
        $or: takeable(takeoverCutoff),
      },
      {
        $set: {
          leaseUntil: new Date(now.getTime() + params.leaseMs),
          leaseBy: params.instanceId,
          claimToken,
        },
      },
      { new: true, sort: { nextRunAt: 1 } },
    )) as ISchedule | null;
  }

  async function acquireManualRunLease(
    id: string,
    userId: UserId,
    leaseMs: number,
  ): Promise<ISchedule | null> {
    const claimToken = randomUUID();
    const leaseBy = `manual:${claimToken}`;
    const now = new Date();
    const takeoverCutoff = new Date(now.getTime() - LEASE_SKEW_MARGIN_MS);
    return (await Schedule.findOneAndUpdateLean(
      { id, user: userId, deleting: { $ne: true }, $or: takeable(takeoverCutoff) },
      { $set: { leaseUntil: new Date(now.getTime() + leaseMs), leaseBy, claimToken } },
      { new: true },
    )) as ISchedule | null;
  }

  async function acquireResumeLease(
    id: string,
    expectedConfigRevision: number | undefined,
    requireEnabled: boolean,
    leaseMs: number,
  ): Promise<ISchedule | null> {
    const claimToken = randomUUID();
    const leaseBy = `resume:${claimToken}`;
    const now = new Date();
    const takeoverCutoff = new Date(now.getTime() - LEASE_SKEW_MARGIN_MS);
    return (await Schedule.findOneAndUpdateLean(
      {
        id,
        deleting: { $ne: true },
        ...(requireEnabled ? { enabled: true } : {}),
        ...(expectedConfigRevision !== undefined ? { configRevision: expectedConfigRevision } : {}),
        $or: takeable(takeoverCutoff),
      },
      { $set: { leaseUntil: new Date(now.getTime() + leaseMs), leaseBy, claimToken } },
      { new: true },
    )) as ISchedule | null;
  }

  async function consumeResumeLease(
    id: string,
    expectedClaimToken: string,
    expectedLeaseBy: string,
    requireEnabled: boolean,
    expectedConfigRevision?: number,
  ): Promise<boolean> {
    const result = await Schedule.updateOne(
      {
        id,
        claimToken: expectedClaimToken,
        leaseBy: expectedLeaseBy,
        deleting: { $ne: true },
        leaseUntil: { $gt: new Date() },
        ...(requireEnabled ? { enabled: true } : {}),
        ...(expectedConfigRevision !== undefined ? { configRevision: expectedConfigRevision } : {}),
      },
      { $unset: { leaseUntil: 1, leaseBy: 1 } },
    );
    return (result.matchedCount ?? 0) > 0;
  }

  async function releaseLease(id: string, expectedClaimToken?: string): Promise<boolean> {
    const filter: Record<string, unknown> = { id };
    if (expectedClaimToken !== undefined) {
      filter.claimToken = expectedClaimToken;
    }
    const result = await Schedule.updateOne(filter, { $unset: { leaseUntil: 1, leaseBy: 1 } });
    return (result.matchedCount ?? 0) > 0;
  }

  async function releaseLeaseByHolder(id: string, leaseBy: string): Promise<void> {
    await Schedule.updateOne({ id, leaseBy }, { $unset: { leaseUntil: 1, leaseBy: 1 } });
  }

  async function revalidateClaim(id: string, claimToken: string, requireEnabled = true): Promise<boolean> {
    const row = await Schedule.findOne(
      {
        id,
        claimToken,
        deleting: { $ne: true },
        ...(requireEnabled ? { enabled: true } : {}),
        leaseUntil: { $gt: new Date() },
      },
      { select: '_id' },
    );
    return row != null;
  }

  async function advanceSchedule(
    id: string,
    nextRunAt: Date | null,
    expectedNextRunAt?: Date | null,
    expectedClaimToken?: string,
  ): Promise<boolean> {
    const filter: Record<string, unknown> = { id };
    if (expectedNextRunAt !== undefined) {
      filter.nextRunAt = expectedNextRunAt;
    }
    if (expectedClaimToken !== undefined) {
      filter.claimToken = expectedClaimToken;
    }
    const result = await Schedule.updateOne(filter, {
      $set: { ...(nextRunAt ? { nextRunAt } : {}) },
      $unset: { leaseUntil: 1, leaseBy: 1, ...(nextRunAt ? {} : { nextRunAt: 1 }) },
    });
    return (result.matchedCount ?? 0) > 0;
  }

  async function disableSchedule(
    id: string,
    reason: Parameters<ScheduleMethods['disableSchedule']>[1],
    expectedClaimToken?: string,
    expectedConfigRevision?: number,
    counterGuard?: Record<string, unknown>,
  ): Promise<void> {
    const filter: Record<string, unknown> = { id, ...counterGuard };
    if (expectedClaimToken !== undefined) {
      filter.claimToken = expectedClaimToken;
    }
    if (expectedConfigRevision !== undefined) {
      filter.configRevision = expectedConfigRevision;
    }
    await Schedule.updateOne(filter, {
      $set: { enabled: false, disabledReason: reason },
      $unset: { leaseUntil: 1, leaseBy: 1 },
    });
  }

  async function persistResolvedProject(
    id: string,
    chatProjectId: string | undefined,
    expectedClaimToken?: string,
  ): Promise<void> {
    const filter: Record<string, unknown> = { id };
    if (expectedClaimToken !== undefined) {
      filter.claimToken = expectedClaimToken;
    }
    await Schedule.updateOne(
      filter,
      chatProjectId == null ? { $unset: { chatProjectId: 1 } } : { $set: { chatProjectId } },
    );
  }

  async function armSchedule(id: string, nextRunAt: Date, expectedConfigRevision?: number): Promise<boolean> {
    const result = await Schedule.updateOne(
      {
        id,
        enabled: true,
        deleting: { $ne: true },
        nextRunAt: { $exists: false },
        ...(expectedConfigRevision != null ? { configRevision: expectedConfigRevision } : {}),
      },
      { $set: { nextRunAt } },
    );
    return (result.modifiedCount ?? 0) > 0;
  }

  return {
    claimDueSchedule,
    acquireManualRunLease,
    acquireResumeLease,
    consumeResumeLease,
    releaseLease,
    releaseLeaseByHolder,
    revalidateClaim,
    advanceSchedule,
    disableSchedule,
    persistResolvedProject,
    armSchedule,
  };
}
