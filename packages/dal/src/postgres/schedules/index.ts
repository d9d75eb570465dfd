/** ScheduleMethods on PostgreSQL (upstream methods/schedule.ts): schedules and scheduleruns. */
import type { ScheduleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createScheduleBookkeeping } from './bookkeeping.js';
import { createScheduleErasure } from './erasure.js';
import { createScheduleLeases } from './leases.js';
import { createScheduleOwnerMethods } from './owner.js';
import { createScheduleRunMethods } from './runs.js';

export function createScheduleMethods(ctx: PgContext): ScheduleMethods {
  const erasure = createScheduleErasure(ctx);
  const leases = createScheduleLeases(ctx);
  const runs = createScheduleRunMethods(ctx);
  return {
    ...createScheduleOwnerMethods(ctx, erasure.eraseScheduleIfDrained),
    ...leases,
    ...runs,
    ...erasure,
    ...createScheduleBookkeeping(ctx, {
      disableSchedule: leases.disableSchedule,
      insertScheduleRun: runs.insertScheduleRun,
    }),
  };
}
