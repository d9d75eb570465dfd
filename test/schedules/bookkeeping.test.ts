/**
 * Run outcomes and the schedule card/counters. recordRunOutcome transitions the run row with
 * upstream's findOneAndUpdate on ScheduleRun (select:false checkpointNamespace → a projected
 * findAndModify FerretDB refuses: allow-listed, proven in postgres.test.ts); recordSkippedRun and
 * finalizeBookkeeping are compared here.
 */
import { differential } from '../harness/index.js';
import { DATES, insertRun, PAST, raw, run, schedule, scrub, T1, T2, T3, U1 } from './support.js';

const opts = { exactDates: DATES };

const card = async (dal: Parameters<typeof raw>[0], id = 's1') => {
  const [row] = await raw(dal, 'schedules', { id });
  const r = row as Record<string, unknown>;
  return {
    enabled: r.enabled,
    disabledReason: r.disabledReason,
    lastRun: r.lastRun,
    runCount: r.runCount,
    failureCount: r.failureCount,
    balanceSkipCount: r.balanceSkipCount,
    countedFor: r.countedFor,
    countersAsOf: r.countersAsOf,
  };
};

differential(
  'schedules › recordSkippedRun: overlap skips project the card and break the balance streak, once per occurrence',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { balanceSkipCount: 2 }));
    await methods.recordSkippedRun({
      scheduleId: 's1',
      user: U1,
      scheduledFor: T2,
      status: 'skipped_overlap',
    });
    const first = await card(dal);
    await methods.recordSkippedRun({
      scheduleId: 's1',
      user: U1,
      scheduledFor: T2,
      status: 'skipped_overlap',
    });
    await methods.recordSkippedRun({
      scheduleId: 's1',
      user: U1,
      scheduledFor: T1,
      status: 'skipped_overlap',
    });
    return scrub({ first, after: await card(dal), runs: await raw(dal, 'scheduleruns', {}) });
  },
  { ...opts, ignore: ['*.lastRun.firedAt', 'runs.*.firedAt', 'runs.*.settledAt'] },
);

differential(
  'schedules › recordSkippedRun: balance skips walk the streak to insufficient_balance; a different row is left alone',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1'));
    const skip = (at: Date) =>
      methods.recordSkippedRun(
        { scheduleId: 's1', user: U1, scheduledFor: at, status: 'skipped_balance' },
        2,
      );
    await skip(T1);
    const one = await card(dal);
    await skip(T1);
    const replay = await card(dal);
    await skip(T2);
    const two = await card(dal);
    await insertRun(dal, run('s1', T3, { status: 'success' }));
    await skip(T3);
    await methods.recordSkippedRun({
      scheduleId: 's1',
      user: U1,
      scheduledFor: PAST,
      status: 'skipped_balance',
    });
    return scrub({ one, replay, two, after: await card(dal) });
  },
  { ...opts, ignore: ['*.lastRun.firedAt'] },
);

differential(
  'schedules › finalizeBookkeeping replays terminal, skip and failure bookkeeping idempotently',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { disabledReason: 'too_many_failures' }));
    await methods.createSchedule(schedule('s2', U1, { configRevision: 1 }));
    await insertRun(dal, run('s1', T1, { status: 'success', bookkept: false, conversationId: 'c1' }));
    await insertRun(dal, run('s1', T2, { status: 'error', bookkept: false }));
    await insertRun(dal, run('s1', T3, { status: 'error', bookkept: false }));
    await insertRun(dal, run('s2', T1, { status: 'error', bookkept: false, configRevision: 0 }));
    const base = { scheduleId: 's1', autoDisableAfterFailures: 2 } as const;
    await methods.finalizeBookkeeping({ ...base, scheduledFor: T1, status: 'success', conversationId: 'c1' });
    const success = await card(dal);
    await methods.finalizeBookkeeping({ ...base, scheduledFor: T1, status: 'success', conversationId: 'c1' });
    await methods.finalizeBookkeeping({ ...base, scheduledFor: T2, status: 'error', error: 'boom' });
    const oneFailure = await card(dal);
    await methods.finalizeBookkeeping({ ...base, scheduledFor: T3, status: 'error', error: 'boom' });
    const disabled = await card(dal);
    await methods.finalizeBookkeeping({ ...base, scheduledFor: T3, status: 'skipped_overlap' });
    await methods.finalizeBookkeeping({
      ...base,
      scheduleId: 's2',
      scheduledFor: T1,
      status: 'error',
      autoDisableAfterFailures: 1,
    });
    await methods.finalizeBookkeeping({ ...base, scheduleId: 'nope', scheduledFor: T1, status: 'success' });
    await methods.finalizeBookkeeping({
      ...base,
      scheduledFor: PAST,
      status: 'skipped_balance',
      balanceSkipDisableThreshold: 5,
    });
    return scrub({
      success,
      oneFailure,
      disabled,
      after: await card(dal),
      revisionFenced: await card(dal, 's2'),
      runs: (await raw(dal, 'scheduleruns', {})).map((r: Record<string, unknown>) => [
        r.scheduleId,
        r.bookkept,
      ]),
    });
  },
  opts,
);

differential(
  'schedules › finalizeBookkeeping: an MCP failure disables at once with its reason',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1'));
    await insertRun(dal, run('s1', T1, { status: 'error', bookkept: false }));
    await methods.finalizeBookkeeping({
      scheduleId: 's1',
      scheduledFor: T1,
      status: 'error',
      autoDisableAfterFailures: 5,
      mcp: [{ server: 'srv', status: 'mcp_reauth_required' }],
    });
    return scrub(await card(dal));
  },
  opts,
);

differential(
  'schedules › recordRunOutcome: pause, resume, success, failure streak and balance refusal',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1'));
    await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 0, configRevision: 0 }));
    const base = { scheduleId: 's1', autoDisableAfterFailures: 2 } as const;
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T1,
      status: 'requires_action',
      conversationId: 'c1',
      checkpointNamespace: 'ns',
    });
    const paused = await card(dal);
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T1,
      status: 'success',
      conversationId: 'c1',
      durationMs: 5,
    });
    const success = await card(dal);
    await methods.recordRunOutcome({ ...base, scheduledFor: T1, status: 'error' });
    await methods.reserveStartedRun(run('s1', T2, { configRevision: 0 }));
    await methods.recordRunOutcome({ ...base, scheduledFor: T2, status: 'error', error: 'x' });
    await methods.reserveStartedRun(run('s1', T3, { configRevision: 0 }));
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T3,
      status: 'skipped_balance',
      balanceSkipDisableThreshold: 1,
    });
    return scrub({ paused, success, after: await card(dal), runs: await raw(dal, 'scheduleruns', {}) });
  },
  { ...opts, ignore: ['*.lastRun.firedAt', 'runs.*.firedAt', 'runs.*.settledAt'] },
);
