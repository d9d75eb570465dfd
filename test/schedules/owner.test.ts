/** Schedules, the owner's side: create (slot cap, idempotent retries), edit, read, delete. */
import { differential } from '../harness/index.js';
import { DATES, FUTURE, insertRun, raw, run, schedule, scrub, T1, T2, U1, U2 } from './support.js';

const opts = { exactDates: DATES };
const fail = (e: Error & { code?: number }) => ({ name: e.name, message: e.message, code: e.code });

// Upstream builds the Schedule/ScheduleRun indexes; FerretDB refuses the TTL index erasedAt_1
// (allow-listed). On PostgreSQL the migrations created them (checked in postgres.test.ts).
differential('schedules › ensureScheduleIndexes resolves', async ({ methods }) => ({
  indexes: await methods.ensureScheduleIndexes(),
}));

differential(
  'schedules › createSchedule stores upstream defaults',
  async ({ methods }) => ({
    created: scrub(await methods.createSchedule(schedule('s1'))),
    cron: scrub(
      await methods.createSchedule(
        schedule('s2', U1, { cadence: { frequency: 'cron', expression: '0 9 * * 1' }, tools: ['web'] }),
      ),
    ),
  }),
  opts,
);

differential(
  'schedules › createSchedule validates as upstream (required fields, cron expression, enums)',
  async ({ methods }) => {
    return [
      await methods.createSchedule({ id: 'x', user: U1 } as never).catch(fail),
      await methods
        .createSchedule(schedule('c', U1, { cadence: { frequency: 'cron' } }) as never)
        .catch(fail),
      await methods
        .createSchedule(schedule('h', U1, { cadence: { frequency: 'daily', hour: 24, minute: 0 } }) as never)
        .catch(fail),
      await methods.createSchedule(schedule('t', U1, { target: 'old' }) as never).catch(fail),
    ];
  },
  opts,
);

differential(
  'schedules › createScheduleWithSlot fills the lowest free slot, stops at the cap, frees deleting slots',
  async ({ methods }) => {
    const a = await methods.createScheduleWithSlot(schedule('a'), 2);
    const b = await methods.createScheduleWithSlot(schedule('b'), 2);
    const full = await methods.createScheduleWithSlot(schedule('c'), 2);
    const other = await methods.createScheduleWithSlot(schedule('o', U2), 2);
    await methods.markScheduleDeleting('a', U1);
    const reused = await methods.createScheduleWithSlot(schedule('d'), 2);
    const zero = await methods.createScheduleWithSlot(schedule('z', U2), 0);
    return scrub({ a, b, full, other, reused, zero });
  },
  opts,
);

differential(
  'schedules › createScheduleWithSlot counts slotless live rows against the cap',
  async ({ methods }) => {
    await methods.createSchedule(schedule('legacy'));
    return scrub({
      first: await methods.createScheduleWithSlot(schedule('a'), 2),
      full: await methods.createScheduleWithSlot(schedule('b'), 2),
    });
  },
  opts,
);

differential(
  'schedules › getScheduleByClientRequestId finds the row a create committed, deleting rows included',
  async ({ methods }) => {
    await methods.createScheduleWithSlot(
      schedule('a', U1, { clientRequestId: 'req-1', clientRequestDigest: 'd1' }),
      3,
    );
    await methods.markScheduleDeleting('a', U1);
    return scrub({
      found: await methods.getScheduleByClientRequestId(U1, 'req-1'),
      otherUser: await methods.getScheduleByClientRequestId(U2, 'req-1'),
      missing: await methods.getScheduleByClientRequestId(U1, 'req-2'),
    });
  },
  opts,
);

differential(
  'schedules › updateScheduleById rotates the claim token, bumps the revision, unsets, fences on revision',
  async ({ methods, dal }) => {
    const created = await methods.createSchedule(schedule('s1', U1, { tools: ['a'], nextRunAt: FUTURE }));
    const edited = await methods.updateScheduleById(
      's1',
      U1,
      { name: 'Renamed', enabled: false },
      { tools: 1 },
    );
    const stale = await methods.updateScheduleById('s1', U1, { name: 'Stale' }, undefined, {
      expectedConfigRevision: 0,
    });
    const fenced = await methods.updateScheduleById('s1', U1, { name: 'Fenced' }, undefined, {
      expectedConfigRevision: 1,
    });
    return scrub({
      tokenRotated: edited?.claimToken !== created.claimToken,
      edited,
      stale,
      fenced,
      wrongOwner: await methods.updateScheduleById('s1', U2, { name: 'x' }),
      missing: await methods.updateScheduleById('nope', U1, { name: 'x' }),
      stored: await raw(dal, 'schedules', { id: 's1' }),
    });
  },
  opts,
);

differential(
  'schedules › updateScheduleById drops a paused card, keeps a settled one; deleting rows are not edited',
  async ({ methods, dal }) => {
    await methods.createSchedule(
      schedule('p', U1, { lastRun: { status: 'requires_action', firedAt: T1, scheduledFor: T1 } }),
    );
    await methods.createSchedule(
      schedule('s', U1, { lastRun: { status: 'success', firedAt: T1, scheduledFor: T1 } }),
    );
    await methods.createSchedule(schedule('d'));
    await methods.markScheduleDeleting('d', U1);
    return scrub({
      paused: await methods.updateScheduleById('p', U1, { prompt: 'new' }),
      settled: await methods.updateScheduleById('s', U1, { prompt: 'new' }, { cron: 1 }),
      deleting: await methods.updateScheduleById('d', U1, { prompt: 'new' }),
      stored: await raw(dal, 'schedules', {}),
    });
  },
  opts,
);

differential(
  'schedules › getScheduleById, getSchedulesByUser (newest edit first, no lease fields) and countSchedulesByUser hide deleting rows',
  async ({ methods }) => {
    await methods.createSchedule(schedule('a'));
    await methods.createSchedule(schedule('b'));
    await methods.createSchedule(schedule('c'));
    await methods.createSchedule(schedule('x', U2));
    await methods.acquireManualRunLease('a', U1, 60_000);
    await new Promise((r) => setTimeout(r, 5));
    await methods.updateScheduleById('a', U1, { name: 'edited' });
    await methods.markScheduleDeleting('c', U1);
    return scrub({
      byId: await methods.getScheduleById('a'),
      byIdOwner: await methods.getScheduleById('a', U1),
      byIdOtherOwner: await methods.getScheduleById('a', U2),
      deleting: await methods.getScheduleById('c'),
      list: (await methods.getSchedulesByUser(U1)).map((s) => ({
        id: s.id,
        keys: Object.keys(s).sort(),
      })),
      count: await methods.countSchedulesByUser(U1),
      countOther: await methods.countSchedulesByUser(U2),
      none: await methods.getSchedulesByUser('6a00000000000000000000ff'),
    });
  },
  opts,
);

differential(
  'schedules › deleteScheduleById removes the owner’s schedule and its runs only',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('a'));
    await methods.createSchedule(schedule('b'));
    await insertRun(dal, run('a', T1, { status: 'success' }));
    await insertRun(dal, run('b', T1, { status: 'success' }));
    return {
      wrongOwner: await methods.deleteScheduleById('a', U2),
      deleted: await methods.deleteScheduleById('a', U1),
      again: await methods.deleteScheduleById('a', U1),
      schedules: (await raw(dal, 'schedules', {})).map((s: { id: string }) => s.id),
      runs: (await raw(dal, 'scheduleruns', {})).map((r: { scheduleId: string }) => r.scheduleId),
    };
  },
  opts,
);

// Upstream's claim is findOneAndUpdate(…).select('_id'): a projected findAndModify, which FerretDB
// refuses (allow-listed); postgres.test.ts proves the outcomes on PostgreSQL.
differential(
  'schedules › deleteUnarmedSchedule: missing, kept (armed or edited), deleted, draining, tombstoned',
  async ({ methods, dal }) => {
    await methods.createSchedule(schedule('armed', U1, { nextRunAt: FUTURE }));
    await methods.createSchedule(schedule('fresh'));
    await methods.createSchedule(schedule('edited'));
    await methods.updateScheduleById('edited', U1, { name: 'e' });
    await methods.createSchedule(schedule('busy'));
    await insertRun(dal, run('busy', T1, { status: 'started' }));
    await methods.createSchedule(schedule('keyed', U1, { clientRequestId: 'r1', clientRequestDigest: 'd' }));
    return scrub({
      missing: await methods.deleteUnarmedSchedule('nope', U1),
      armed: await methods.deleteUnarmedSchedule('armed', U1),
      edited: await methods.deleteUnarmedSchedule('edited', U1, 0),
      fresh: await methods.deleteUnarmedSchedule('fresh', U1, 0),
      busy: await methods.deleteUnarmedSchedule('busy', U1),
      busyAgain: await methods.deleteUnarmedSchedule('busy', U1),
      keyed: await methods.deleteUnarmedSchedule('keyed', U1),
      stored: await raw(dal, 'schedules', {}),
      runs: await raw(dal, 'scheduleruns', {}),
      t2: T2,
    });
  },
  opts,
);
