/** Schedule runs: reservations, capacity, abort coordination, resume claims, reconciliation reads. */
import { differential } from '../harness/index.js';
import { DATES, insertRun, PAST, raw, run, T1, T2, T3, U1, U2 } from './support.js';

const opts = { exactDates: DATES };

differential(
  'schedules › insertScheduleRun inserts once per occurrence, validates',
  async ({ methods }) => {
    const first = await methods.insertScheduleRun(run('s1', T1, { status: 'skipped_overlap' }));
    const dup = await methods.insertScheduleRun(run('s1', T1, { status: 'skipped_balance' }));
    const other = await methods.insertScheduleRun(
      run('s1', T2, { status: 'skipped_balance', chatProjectId: 'p' }),
    );
    const invalid = await methods
      .insertScheduleRun(run('s1', T3, { status: 'bogus' }) as never)
      .catch((e: Error) => ({ name: e.name, message: e.message }));
    return { first, dup, other, invalid };
  },
  opts,
);

// FerretDB's duplicate-key error names neither the key pattern nor the index, so upstream cannot
// classify it and rethrows (allow-listed); postgres.test.ts proves the conflicts on PostgreSQL.
differential(
  'schedules › reserveStartedRun reserves a started run; a second reservation of the occurrence reports its status',
  async ({ methods }) => ({
    reserved: await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 0, configRevision: 2 })),
    duplicate: await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 1 })),
    settled: await methods.insertScheduleRun(run('s2', T1, { status: 'success' })),
    duplicateSettled: await methods.reserveStartedRun(run('s2', T1)),
  }),
  opts,
);

differential(
  'schedules › getCapacityOccupancy and countActiveRuns count started generation runs',
  async ({ methods, dal }) => {
    await insertRun(dal, run('a', T1, { status: 'started', capacitySlot: 0 }));
    await insertRun(dal, run('b', T1, { status: 'started', capacitySlot: 2 }));
    await insertRun(dal, run('c', T1, { status: 'started' }));
    await insertRun(dal, run('d', T1, { status: 'started', admissionOnly: true, capacitySlot: 5 }));
    await insertRun(dal, run('e', T1, { status: 'requires_action' }));
    await insertRun(dal, run('f', T1, { status: 'success', capacitySlot: 7 }));
    const occupancy = await methods.getCapacityOccupancy();
    return {
      takenSlots: [...occupancy.takenSlots].sort(),
      unslotted: occupancy.unslotted,
      active: await methods.countActiveRuns(),
    };
  },
  opts,
);

differential(
  'schedules › requestRunAbort: stop attempts are serialized, deletion renews, settled runs refuse',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started' }));
    await insertRun(dal, run('s2', T1, { status: 'requires_action' }));
    await insertRun(dal, run('s3', T1, { status: 'success' }));
    await insertRun(dal, run('s4', T1, { status: 'started', abortSource: 'stop', abortRequestedAt: PAST }));
    const state = async (id: string) => {
      const s = await methods.getScheduleRunAbortState(id, T1);
      return (
        s && {
          ...s,
          abortRequestedAt: s.abortRequestedAt ? 'set' : undefined,
          abortPersistedAt: s.abortPersistedAt ? 'set' : undefined,
        }
      );
    };
    const out: Record<string, unknown> = {};
    out.stop = await methods.requestRunAbort('s1', T1, 'stop');
    out.stopAgain = await methods.requestRunAbort('s1', T1, 'stop');
    out.deletionDuringStop = await methods.requestRunAbort('s1', T1, 'deletion');
    out.afterDeletion = await state('s1');
    await methods.markRunAbortPersisted('s1', T1);
    out.persisted = await state('s1');
    out.deletionAfterPersist = await methods.requestRunAbort('s1', T1, 'deletion');
    out.afterPersistDeletion = await state('s1');
    out.stopAfterPersist = await methods.requestRunAbort('s1', T1, 'stop');
    out.reopened = await state('s1');
    out.paused = await methods.requestRunAbort('s2', T1);
    out.pausedState = await state('s2');
    out.settled = await methods.requestRunAbort('s3', T1, 'stop');
    out.settledDeletion = await methods.requestRunAbort('s3', T1, 'deletion');
    out.staleStop = await methods.requestRunAbort('s4', T1, 'stop');
    out.missing = await methods.requestRunAbort('nope', T1, 'stop');
    out.missingState = await methods.getScheduleRunAbortState('nope', T1);
    return out;
  },
  opts,
);

differential(
  'schedules › getScheduleRunProject: recorded project, recorded none, unknown, no row',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started', chatProjectId: 'p1' }));
    await insertRun(dal, run('s1', T2, { status: 'success', chatProjectId: null }));
    await insertRun(dal, run('s1', T3, { status: 'success' }));
    return {
      project: await methods.getScheduleRunProject('s1', T1),
      recordedNone: await methods.getScheduleRunProject('s1', T2.toISOString()),
      unknown: await methods.getScheduleRunProject('s1', T3),
      none: await methods.getScheduleRunProject('s1', PAST),
    };
  },
  opts,
);

// markRunResumeClaimed is upstream's findOneAndUpdate on ScheduleRun, whose select:false
// checkpointNamespace makes it a projected findAndModify: FerretDB refuses it (allow-listed);
// postgres.test.ts proves the claims on PostgreSQL.
differential(
  'schedules › markRunResumeClaimed claims a paused run; releaseRunResumeClaim hands back the exact slot',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'requires_action' }));
    const claimed = await methods.markRunResumeClaimed('s1', T1, 3);
    return {
      claimed,
      notPaused: await methods.markRunResumeClaimed('s1', T1, 4),
      wrongSlot: await methods.releaseRunResumeClaim('s1', T1, 4),
      released: await methods.releaseRunResumeClaim('s1', T1, 3),
      again: await methods.releaseRunResumeClaim('s1', T1, 3),
      rows: await raw(dal, 'scheduleruns', {}),
    };
  },
  opts,
);

differential(
  'schedules › releaseRunResumeClaim and markRunAbortPersisted on rows written elsewhere',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started', capacitySlot: 3, resumeClaimedAt: PAST }));
    return {
      wrongSlot: await methods.releaseRunResumeClaim('s1', T1, 4),
      released: await methods.releaseRunResumeClaim('s1', T1, 3),
      again: await methods.releaseRunResumeClaim('s1', T1, 3),
      persisted: await methods.markRunAbortPersisted('nope', T1),
      rows: await raw(dal, 'scheduleruns', {}),
    };
  },
  opts,
);

differential(
  'schedules › setRunFireDetails records the conversation, MCP outcomes and dropped files',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started' }));
    await insertRun(dal, run('s1', T2, { status: 'requires_action' }));
    await methods.setRunFireDetails('s1', T1, {
      conversationId: 'c1',
      droppedFileIds: ['f1'],
      mcp: [{ server: 'srv', status: 'ready' }],
    });
    await methods.setRunFireDetails('s1', T2, { conversationId: 'c2', droppedFileIds: [] });
    await methods.setRunFireDetails('nope', T2, { conversationId: 'c3' });
    return raw(dal, 'scheduleruns', {});
  },
  opts,
);

differential(
  'schedules › deleteScheduleRun fenced on status and conversation',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started', conversationId: 'c1' }));
    await insertRun(dal, run('s1', T2, { status: 'success' }));
    await methods.deleteScheduleRun('s1', T1, 'success');
    await methods.deleteScheduleRun('s1', T1, 'started', 'other');
    const kept = (await raw(dal, 'scheduleruns', {})).length;
    await methods.deleteScheduleRun('s1', T1, 'started', 'c1');
    await methods.deleteScheduleRun('s1', T2);
    return { kept, left: await raw(dal, 'scheduleruns', {}) };
  },
  opts,
);

differential(
  'schedules › getActiveRunsForSchedule (with checkpoint namespace) and getActiveRunsForUser',
  async ({ methods, dal }) => {
    await insertRun(dal, run('s1', T1, { status: 'started', checkpointNamespace: 'ns1' }));
    await insertRun(dal, run('s1', T2, { status: 'requires_action', checkpointNamespace: 'ns2' }));
    await insertRun(dal, run('s1', T3, { status: 'success' }));
    await insertRun(dal, run('s2', T1, { status: 'started', user: U2 }));
    return {
      bySchedule: await methods.getActiveRunsForSchedule('s1'),
      byUser: await methods.getActiveRunsForUser(U1),
      byUserStarted: await methods.getActiveRunsForUser(U1, ['started']),
      other: await methods.getActiveRunsForUser(U2),
      none: await methods.getActiveRunsForSchedule('nope'),
    };
  },
  { ...opts, unordered: true },
);

differential(
  'schedules › getRunsForReconciliation rotates on reconciledAt; markRunsReconciled stamps without updatedAt',
  async ({ methods, dal }) => {
    await insertRun(dal, run('a', T1, { status: 'started', firedAt: T2 }));
    await insertRun(dal, run('b', T1, { status: 'started', firedAt: T1 }));
    await insertRun(dal, run('c', T1, { status: 'requires_action', firedAt: T1 }));
    await insertRun(dal, run('d', T1, { status: 'requires_action', firedAt: T1, reconciledAt: PAST }));
    await insertRun(dal, run('e', T1, { status: 'success', firedAt: T1 }));
    await insertRun(dal, run('f', T1, { status: 'started', firedAt: new Date() }));
    const ids = (rows: Array<{ scheduleId: string }>) => rows.map((r) => r.scheduleId);
    const first = await methods.getRunsForReconciliation(T3, 1);
    await methods.markRunsReconciled(first);
    await methods.markRunsReconciled([]);
    const rows = await raw(dal, 'scheduleruns', { scheduleId: { $in: ['a', 'b'] } });
    return {
      first: ids(first),
      second: ids(await methods.getRunsForReconciliation(T3, 1)),
      all: ids(await methods.getRunsForReconciliation(T3, 10)),
      stamped: rows.map(
        (r: { scheduleId: string; reconciledAt?: Date; updatedAt: Date; createdAt: Date }) => ({
          id: r.scheduleId,
          reconciled: r.reconciledAt != null,
          updatedAtKept: r.updatedAt.getTime() === r.createdAt.getTime(),
        }),
      ),
    };
  },
  opts,
);

differential(
  'schedules › getUnbookkeptRuns: settled rows whose bookkeeping never landed, least recently attempted first',
  async ({ methods, dal }) => {
    await insertRun(dal, run('a', T1, { status: 'success', bookkept: false, firedAt: T2 }));
    await insertRun(
      dal,
      run('b', T1, { status: 'skipped_balance', bookkept: false, firedAt: T1, reconciledAt: PAST }),
    );
    await insertRun(dal, run('c', T1, { status: 'error', bookkept: true, firedAt: T1 }));
    await insertRun(dal, run('d', T1, { status: 'started', bookkept: false, firedAt: T1 }));
    await insertRun(dal, run('e', T1, { status: 'interrupted', bookkept: false, firedAt: T3 }));
    await insertRun(dal, run('f', T1, { status: 'skipped_overlap', firedAt: T1 }));
    return {
      all: (await methods.getUnbookkeptRuns(T3, 10)).map((r) => r.scheduleId),
      limited: (await methods.getUnbookkeptRuns(new Date(), 2)).map((r) => r.scheduleId),
    };
  },
  opts,
);
