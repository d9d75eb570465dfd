/**
 * What the schedule modules share (upstream methods/schedule.ts): its constants, the
 * duplicate-key classifiers (our DuplicateKeyError carries keyPattern like MongoDB's), and the
 * collection handles.
 */
import type { ScheduleMethods } from '@librechat/data-schemas';
import type { ScheduleRunStatus } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { PgCollection } from '../store/collection.js';

export const DUPLICATE_KEY = 11000;

/** Worker-clock skew tolerance when judging ANOTHER worker's lease expired. */
export const LEASE_SKEW_MARGIN_MS = 30_000;

/** Age past which an unresolved interactive-stop attempt is presumed dead. */
export const ABORT_STAMP_STALE_MS = 30 * 60_000;

/** Upper bound on the per-schedule `countedFor` idempotency set. */
export const COUNTED_FOR_WINDOW = 64;

/** Statuses that occupy a schedule's live capacity / block a concurrent occurrence. */
export const ACTIVE_RUN_STATUSES: ScheduleRunStatus[] = ['started', 'requires_action'];

/** Card statuses that represent a SETTLED occurrence — everything except the pause. */
export const TERMINAL_CARD_STATUSES: ScheduleRunStatus[] = [
  'success',
  'error',
  'interrupted',
  'skipped_overlap',
  'skipped_balance',
];

export type RecordRunOutcomeParams = Parameters<ScheduleMethods['recordRunOutcome']>[0];
export type ScheduleRunInput = Parameters<ScheduleMethods['insertScheduleRun']>[0];
export type UserId = Parameters<ScheduleMethods['getSchedulesByUser']>[0];

type DuplicateKeyErrorShape = {
  code?: number;
  keyPattern?: Record<string, number>;
  errmsg?: string;
  message?: string;
};

function matchesRunDuplicate(error: unknown, fields: readonly string[], indexName: string): boolean {
  const err = error as DuplicateKeyErrorShape;
  if (err?.code !== DUPLICATE_KEY) {
    return false;
  }
  const keyPattern = err.keyPattern;
  if (keyPattern != null) {
    return (
      Object.keys(keyPattern).length === fields.length &&
      fields.every((field) => Object.hasOwn(keyPattern, field))
    );
  }
  const message = err.errmsg || err.message;
  return typeof message === 'string' && /\bindex:\s+(\S+)/.exec(message)?.[1] === indexName;
}

export function isOccurrenceDuplicate(error: unknown): boolean {
  return matchesRunDuplicate(error, ['scheduleId', 'scheduledFor'], 'scheduleId_1_scheduledFor_1');
}

export function isActiveRunConflict(error: unknown): boolean {
  return matchesRunDuplicate(error, ['scheduleId'], 'scheduleId_1');
}

export function isCapacitySlotConflict(error: unknown): boolean {
  return matchesRunDuplicate(error, ['capacitySlot'], 'capacitySlot_1');
}

export function isSlotConflict(error: unknown): boolean {
  const err = error as DuplicateKeyErrorShape;
  return err?.code === DUPLICATE_KEY && err.keyPattern != null && 'slot' in err.keyPattern;
}

export function isClientRequestConflict(error: unknown): boolean {
  const err = error as DuplicateKeyErrorShape;
  return err?.code === DUPLICATE_KEY && err.keyPattern != null && 'clientRequestId' in err.keyPattern;
}

export interface ScheduleTables {
  Schedule: PgCollection;
  ScheduleRun: PgCollection;
}

export function scheduleTables(ctx: PgContext): ScheduleTables {
  return { Schedule: ctx.collections.schedules, ScheduleRun: ctx.collections.scheduleruns };
}
