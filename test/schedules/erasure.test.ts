/** Schedules: soft deletion, erasure sweeps and tombstones, account-deletion suspension. */
import { differential } from '../harness/index.js';
import { DATES, FUTURE, insertRun, PAST, raw, run, schedule, scrub, T1, T2, U1, U2 } from './support.js';

const opts = { exactDates: DATES };

differential(
  'schedules › markScheduleDeleting disables, unarms and rotates; idempotent; owner only',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('s1', U1, { nextRunAt: FUTURE, leaseUntil: FUTURE, leaseBy: 'w' }));
    const first = await methods.markScheduleDeleting('s1', U1);
    const again = await methods.markScheduleDeleting('s1', U1);
    return scrub({
      first,
      again,
      wrongOwner: await methods.markScheduleDeleting('s1', U2),
      missing: await methods.markScheduleDeleting('nope', U1),
      stored: await raw(dal, 'schedules', {}),
    });
  },
  opts,
);

differential(
  'schedules › getDeletingSchedules, getDeletingScheduleIds and markEraseAttempted rotate the erasure window',
  async ({ methods }) => {
    for (const id of ['a', 'b', 'c']) {
      await methods.createSchedule(schedule(id));
      await methods.markScheduleDeleting(id, U1);
    }
    await methods.createSchedule(schedule('x', U2, { deleting: true }));
    await methods.createSchedule(schedule('live'));
    await methods.markEraseAttempted(['a', 'live']);
    await methods.markEraseAttempted([]);
    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
    const window = await methods.getDeletingSchedules(3);
    return {
      window: ids(window),
      hasLive: window.some((s) => s.id === 'live'),
      userIds: (await methods.getDeletingScheduleIds(U1, 2)).sort(),
      otherIds: await methods.getDeletingScheduleIds(U2, 5),
      liveAttempted: (await methods.getScheduleById('live'))?.eraseAttemptedAt ?? null,
      lastOfAll: (await methods.getDeletingSchedules(10)).at(-1)?.id,
    };
  },
  opts,
);

differential(
  'schedules › getUnarmedSchedules lists enabled live rows without a next run',
  async ({ methods }) => {
    await methods.createSchedule(schedule('unarmed'));
    await methods.createSchedule(schedule('armed', U1, { nextRunAt: T1 }));
    await methods.createSchedule(schedule('off', U1, { enabled: false }));
    await methods.createSchedule(schedule('gone', U1, { deleting: true }));
    await methods.createSchedule(schedule('unarmed2', U2));
    return {
      all: (await methods.getUnarmedSchedules(10)).map((s) => s.id).sort(),
      limited: (await methods.getUnarmedSchedules(1)).length,
    };
  },
  opts,
);

differential(
  'schedules › eraseScheduleIfDrained waits for leases and active runs, tombstones keyed rows, deletes the rest',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('leased', U1, { deleting: true, leaseUntil: FUTURE }));
    await methods.createSchedule(
      schedule('skew', U1, { deleting: true, leaseUntil: new Date(Date.now() - 5_000) }),
    );
    await methods.createSchedule(schedule('busy', U1, { deleting: true }));
    await insertRun(dal, run('busy', T1, { status: 'requires_action' }));
    await methods.createSchedule(schedule('plain', U1, { deleting: true, leaseUntil: PAST }));
    await insertRun(dal, run('plain', T1, { status: 'success' }));
    await methods.createSchedule(
      schedule('keyed', U1, {
        deleting: true,
        clientRequestId: 'r1',
        clientRequestDigest: 'd1',
        tools: ['t'],
      }),
    );
    await methods.createSchedule(schedule('live'));
    return scrub({
      leased: await methods.eraseScheduleIfDrained('leased'),
      skew: await methods.eraseScheduleIfDrained('skew'),
      busy: await methods.eraseScheduleIfDrained('busy'),
      plain: await methods.eraseScheduleIfDrained('plain'),
      keyed: await methods.eraseScheduleIfDrained('keyed'),
      live: await methods.eraseScheduleIfDrained('live'),
      schedules: await raw(dal, 'schedules', {}),
      runs: (await raw(dal, 'scheduleruns', {})).map((r: { scheduleId: string }) => r.scheduleId),
      tombstoneLookup: await methods.getScheduleByClientRequestId(U1, 'r1'),
      deletingAfter: (await methods.getDeletingSchedules(10)).map((s) => s.id).sort(),
    });
  },
  opts,
);

differential(
  'schedules › suspendUserSchedulesForDeletion snapshots and fences; restoreUserSchedulesFromDeletion restores this attempt only',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('armed', U1, { nextRunAt: T1 }));
    await methods.createSchedule(schedule('off', U1, { enabled: false }));
    await methods.createSchedule(schedule('gone', U1, { deleting: true, nextRunAt: T2 }));
    await methods.createSchedule(schedule('other', U2, { nextRunAt: T1 }));
    await methods.suspendUserSchedulesForDeletion(U1, 'attempt-1');
    const suspended = await raw(dal, 'schedules', {});
    await methods.suspendUserSchedulesForDeletion(U1, 'attempt-1');
    await methods.suspendUserSchedulesForDeletion(U1, 'attempt-2');
    const carried = await raw(dal, 'schedules', { id: 'armed' });
    await methods.restoreUserSchedulesFromDeletion(U1, 'attempt-1');
    const wrongToken = await raw(dal, 'schedules', { id: 'armed' });
    await methods.restoreUserSchedulesFromDeletion(U1, 'attempt-2');
    await methods.suspendUserSchedulesForDeletion(U2, 't');
    await methods.restoreUserSchedulesFromDeletion(U2, 'other-token');
    return scrub({ suspended, carried, wrongToken, restored: await raw(dal, 'schedules', {}) });
  },
  opts,
);

differential(
  'schedules › deleteSchedulesByUser removes the user’s schedules and runs only',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('a'));
    await methods.createSchedule(schedule('b', U2));
    await insertRun(dal, run('a', T1, { status: 'success' }));
    await insertRun(dal, run('b', T1, { status: 'success', user: U2 }));
    await methods.deleteSchedulesByUser(U1);
    await methods.deleteSchedulesByUser('6a00000000000000000000ff');
    return {
      schedules: (await raw(dal, 'schedules', {})).map((s: { id: string }) => s.id),
      runs: (await raw(dal, 'scheduleruns', {})).map((r: { scheduleId: string }) => r.scheduleId),
    };
  },
  opts,
);
