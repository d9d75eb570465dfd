/**
 * Schedules on PostgreSQL: what FerretDB cannot compare (the projected findAndModify of
 * deleteUnarmedSchedule, markRunResumeClaimed and recordRunOutcome; duplicate-key
 * classification; the partial unique indexes it does not build), and the lease/claim methods
 * under concurrency.
 */
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { FUTURE, insertRun, PAST, raw, run, schedule, T1, T2, T3, U1, U2 } from './support.js';

describe('[postgresql] schedules', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('the migrations create upstream’s indexes under MongoDB’s names', async () => {
    const { rows } = await dal.engine.pool!.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('schedules', 'scheduleruns') ORDER BY indexname`,
    );
    const names = rows.map((r) => r.indexname.toLowerCase());
    for (const name of [
      'schedules_id_1_tenantid_1',
      'schedules_enabled_1_nextrunat_1',
      'schedules_user_1_slot_1',
      'schedules_user_1_clientrequestid_1',
      'schedules_deleting_1_eraseattemptedat_1',
      'schedules_erasedat_1',
      'scheduleruns_scheduleid_1_scheduledfor_1',
      'scheduleruns_scheduleid_1',
      'scheduleruns_capacityslot_1',
      'scheduleruns_settledat_1',
      'scheduleruns_scheduleid_1_firedat_-1',
      'scheduleruns_status_1_firedat_1',
      'scheduleruns_status_1_reconciledat_1_firedat_1',
    ]) {
      expect(names).toContain(name);
    }
    await expect(methods.ensureScheduleIndexes()).resolves.toBeUndefined();
  });

  test('a schedule id is unique per tenant (untenanted included), as the E11000 of id_1_tenantId_1', async () => {
    await resetDal(dal);
    await methods.createSchedule(schedule('dup'));
    const error = await methods.createSchedule(schedule('dup', U2)).catch((e) => e);
    expect(error).toMatchObject({ code: 11000, keyPattern: { id: 1, tenantId: 1 } });
    expect(error.message).toContain('index: id_1_tenantId_1');
  });

  test('createScheduleWithSlot under concurrency never exceeds the cap; a repeated client request returns the first row', async () => {
    await resetDal(dal);
    // Concurrent creates read the same free slot; the {user, slot} index makes the losers retry.
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => methods.createScheduleWithSlot(schedule(`s${i}`), 3)),
    );
    const created = results.filter((r) => r !== 'limit') as Array<{ slot?: number }>;
    expect(created.length).toBeLessThanOrEqual(3);
    expect(new Set(created.map((r) => r.slot)).size).toBe(created.length);
    expect(await methods.countSchedulesByUser(U1)).toBe(created.length);
    await resetDal(dal);
    const first = await methods.createScheduleWithSlot(schedule('a', U1, { clientRequestId: 'req' }), 3);
    const retry = await methods.createScheduleWithSlot(schedule('b', U1, { clientRequestId: 'req' }), 3);
    expect(retry).toMatchObject({ id: 'a', clientRequestId: 'req' });
    expect((retry as { _id: unknown })._id?.toString()).toBe((first as { _id: unknown })._id?.toString());
    expect(await methods.countSchedulesByUser(U1)).toBe(1);
  });

  test('deleteUnarmedSchedule: missing, kept, deleted, draining, tombstoned', async () => {
    await resetDal(dal);
    await methods.createSchedule(schedule('armed', U1, { nextRunAt: FUTURE }));
    await methods.createSchedule(schedule('fresh'));
    await methods.createSchedule(schedule('edited'));
    await methods.updateScheduleById('edited', U1, { name: 'e' });
    await methods.createSchedule(schedule('busy'));
    await insertRun(dal, run('busy', T1, { status: 'started' }));
    await methods.createSchedule(schedule('keyed', U1, { clientRequestId: 'r1', clientRequestDigest: 'd' }));
    expect(await methods.deleteUnarmedSchedule('nope', U1)).toBe('missing');
    expect(await methods.deleteUnarmedSchedule('armed', U1)).toBe('kept');
    expect(await methods.deleteUnarmedSchedule('armed', U2)).toBe('missing');
    expect(await methods.deleteUnarmedSchedule('edited', U1, 0)).toBe('kept');
    expect(await methods.deleteUnarmedSchedule('fresh', U1, 0)).toBe('deleted');
    expect(await methods.deleteUnarmedSchedule('busy', U1)).toBe('draining');
    expect(await methods.deleteUnarmedSchedule('busy', U1)).toBe('draining');
    expect(await methods.deleteUnarmedSchedule('keyed', U1)).toBe('deleted');
    const rows = (await raw(dal, 'schedules', {})) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.id).sort()).toEqual(['armed', 'busy', 'edited', 'keyed']);
    const busy = rows.find((r) => r.id === 'busy')!;
    expect(busy).toMatchObject({ deleting: true, enabled: false });
    const keyed = rows.find((r) => r.id === 'keyed')!;
    expect(Object.keys(keyed).sort()).toEqual(
      [
        '__v',
        '_id',
        'clientRequestDigest',
        'clientRequestId',
        'createdAt',
        'deleting',
        'enabled',
        'erased',
        'erasedAt',
        'id',
        'updatedAt',
        'user',
      ].sort(),
    );
    expect(keyed).toMatchObject({ erased: true, enabled: false, deleting: true, clientRequestId: 'r1' });
  });

  test('reserveStartedRun: duplicate (with the holder’s status), overlap, slot-taken', async () => {
    await resetDal(dal);
    const reserved = await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 0 }));
    expect(reserved).toMatchObject({ run: { scheduleId: 's1', status: 'started', capacitySlot: 0 } });
    expect(await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 1 }))).toEqual({
      conflict: 'duplicate',
      existingStatus: 'started',
    });
    expect(await methods.reserveStartedRun(run('s1', T2, { capacitySlot: 1 }))).toEqual({
      conflict: 'overlap',
    });
    expect(await methods.reserveStartedRun(run('s2', T1, { capacitySlot: 0 }))).toEqual({
      conflict: 'slot-taken',
    });
    expect(await methods.reserveStartedRun(run('s2', T1))).toMatchObject({ run: { scheduleId: 's2' } });
    await methods.insertScheduleRun(run('s3', T1, { status: 'success' }));
    expect(await methods.reserveStartedRun(run('s3', T1))).toEqual({
      conflict: 'duplicate',
      existingStatus: 'success',
    });
    // Settled and paused rows hold neither the schedule's active slot nor a capacity slot.
    await methods.insertScheduleRun(run('s4', T1, { status: 'requires_action', capacitySlot: 5 }));
    expect(await methods.reserveStartedRun(run('s4', T2, { capacitySlot: 5 }))).toMatchObject({
      run: { capacitySlot: 5 },
    });
  });

  test('reserveStartedRun under concurrency: one started run per schedule, one run per capacity slot', async () => {
    await resetDal(dal);
    const sameSchedule = await Promise.all(
      [T1, T2, T3, PAST].map((at, i) => methods.reserveStartedRun(run('s1', at, { capacitySlot: i }))),
    );
    expect(sameSchedule.filter((r) => 'run' in r)).toHaveLength(1);
    expect(sameSchedule.filter((r) => 'conflict' in r && r.conflict === 'overlap')).toHaveLength(3);
    const sameSlot = await Promise.all(
      ['a', 'b', 'c', 'd'].map((id) => methods.reserveStartedRun(run(id, T1, { capacitySlot: 9 }))),
    );
    expect(sameSlot.filter((r) => 'run' in r)).toHaveLength(1);
    expect(sameSlot.filter((r) => 'conflict' in r && r.conflict === 'slot-taken')).toHaveLength(3);
  });

  test('markRunResumeClaimed / releaseRunResumeClaim: claim, not-paused, overlap, slot-taken, exact-slot release', async () => {
    await resetDal(dal);
    await insertRun(dal, run('s1', T1, { status: 'requires_action' }));
    expect(await methods.markRunResumeClaimed('s1', T1, 3)).toEqual({ capacitySlot: 3 });
    const [claimed] = (await raw(dal, 'scheduleruns', { scheduleId: 's1' })) as Array<
      Record<string, unknown>
    >;
    expect(claimed).toMatchObject({ status: 'started', capacitySlot: 3, resumeClaimedAt: expect.any(Date) });
    expect(claimed!.updatedAt).toEqual(claimed!.createdAt);
    expect(await methods.markRunResumeClaimed('s1', T1, 4)).toEqual({ conflict: 'not-paused' });
    expect(await methods.releaseRunResumeClaim('s1', T1, 4)).toBe(false);
    expect(await methods.releaseRunResumeClaim('s1', T1, 3)).toBe(true);
    const [released] = (await raw(dal, 'scheduleruns', { scheduleId: 's1' })) as Array<
      Record<string, unknown>
    >;
    expect(released).toMatchObject({ status: 'requires_action' });
    expect(released).not.toHaveProperty('capacitySlot');
    expect(released).not.toHaveProperty('resumeClaimedAt');
    await insertRun(dal, run('s1', T2, { status: 'started', capacitySlot: 1 }));
    expect(await methods.markRunResumeClaimed('s1', T1, 2)).toEqual({ conflict: 'overlap' });
    await insertRun(dal, run('s2', T1, { status: 'requires_action' }));
    expect(await methods.markRunResumeClaimed('s2', T1, 1)).toEqual({ conflict: 'slot-taken' });
  });

  test('recordRunOutcome: pause frees the slot and projects; success counts once; failures disable; balance refusal', async () => {
    await resetDal(dal);
    await methods.createSchedule(schedule('s1', U1, { disabledReason: 'insufficient_balance' }));
    await methods.reserveStartedRun(run('s1', T1, { capacitySlot: 0, configRevision: 0, firedAt: PAST }));
    const base = { scheduleId: 's1', autoDisableAfterFailures: 2 } as const;
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T1,
      status: 'requires_action',
      conversationId: 'c1',
      checkpointNamespace: 'ns',
    });
    let [row] = (await raw(dal, 'scheduleruns', { scheduledFor: T1 })) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ status: 'requires_action', conversationId: 'c1', checkpointNamespace: 'ns' });
    expect(row).not.toHaveProperty('capacitySlot');
    let [card] = (await raw(dal, 'schedules', { id: 's1' })) as Array<Record<string, any>>;
    expect(card!.lastRun).toEqual({
      conversationId: 'c1',
      status: 'requires_action',
      firedAt: PAST,
      scheduledFor: T1,
    });
    // A stale recovery replay is fenced by a fresh resume claim.
    await methods.markRunResumeClaimed('s1', T1, 0);
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T1,
      status: 'requires_action',
      resumeClaimStaleBefore: PAST,
    });
    [row] = (await raw(dal, 'scheduleruns', { scheduledFor: T1 })) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ status: 'started', capacitySlot: 0 });
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: T1,
      status: 'success',
      conversationId: 'c1',
      durationMs: 7,
    });
    await methods.recordRunOutcome({ ...base, scheduledFor: T1, status: 'success' });
    [row] = (await raw(dal, 'scheduleruns', { scheduledFor: T1 })) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      status: 'success',
      bookkept: true,
      durationMs: 7,
      settledAt: expect.any(Date),
    });
    expect(row).not.toHaveProperty('capacitySlot');
    [card] = (await raw(dal, 'schedules', { id: 's1' })) as Array<Record<string, any>>;
    expect(card).toMatchObject({ runCount: 1, failureCount: 0, countedFor: [T1], countersAsOf: T1 });
    expect(card!.lastRun).toMatchObject({ status: 'success', scheduledFor: T1, firedAt: PAST });
    expect(card).not.toHaveProperty('disabledReason');
    for (const at of [T2, T3]) {
      await methods.reserveStartedRun(run('s1', at, { configRevision: 0 }));
      await methods.recordRunOutcome({ ...base, scheduledFor: at, status: 'error', error: 'boom' });
    }
    [card] = (await raw(dal, 'schedules', { id: 's1' })) as Array<Record<string, any>>;
    expect(card).toMatchObject({ enabled: false, disabledReason: 'too_many_failures', failureCount: 2 });
    expect(card!.lastRun).toMatchObject({ status: 'error', error: 'boom', scheduledFor: T3 });
    // An older occurrence settling late neither rewinds the card nor touches the counters.
    await insertRun(dal, run('s1', PAST, { status: 'requires_action' }));
    await methods.recordRunOutcome({
      ...base,
      scheduledFor: PAST,
      status: 'success',
      clearConversationId: true,
    });
    const [late] = (await raw(dal, 'schedules', { id: 's1' })) as Array<Record<string, any>>;
    expect(late).toMatchObject({ runCount: 1, failureCount: 2, countersAsOf: T3 });
    expect(late!.lastRun.scheduledFor).toEqual(T3);
    // No run row, no bookkeeping (a spoofed scheduleId).
    await methods.recordRunOutcome({ ...base, scheduleId: 's1', scheduledFor: FUTURE, status: 'success' });
    expect(((await raw(dal, 'schedules', { id: 's1' })) as Array<Record<string, any>>)[0]!.runCount).toBe(1);
    // A mid-generation balance refusal walks the balance streak.
    await methods.createSchedule(schedule('s2'));
    await methods.reserveStartedRun(run('s2', T1, {}));
    await methods.recordRunOutcome({
      scheduleId: 's2',
      scheduledFor: T1,
      status: 'skipped_balance',
      autoDisableAfterFailures: 3,
      balanceSkipDisableThreshold: 1,
    });
    const [s2] = (await raw(dal, 'schedules', { id: 's2' })) as Array<Record<string, any>>;
    expect(s2).toMatchObject({ enabled: false, disabledReason: 'insufficient_balance', balanceSkipCount: 1 });
  });

  test('claimDueSchedule under concurrency: each due schedule is claimed by exactly one worker', async () => {
    await resetDal(dal);
    for (let i = 0; i < 5; i++) await methods.createSchedule(schedule(`s${i}`, U1, { nextRunAt: PAST }));
    const claimed: string[] = [];
    for (let round = 0; round < 4; round++) {
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          methods.claimDueSchedule({ instanceId: `w${i}`, leaseMs: 60_000 }),
        ),
      );
      for (const c of claims) if (c) claimed.push(c.id);
    }
    expect(claimed.sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(await methods.claimDueSchedule({ instanceId: 'late', leaseMs: 60_000 })).toBeNull();
  });

  test('acquireManualRunLease and acquireResumeLease under concurrency: one holder', async () => {
    await resetDal(dal);
    await methods.createSchedule(schedule('s1'));
    const manual = await Promise.all(
      Array.from({ length: 8 }, () => methods.acquireManualRunLease('s1', U1, 60_000)),
    );
    const winners = manual.filter((m) => m != null);
    expect(winners).toHaveLength(1);
    expect(await methods.revalidateClaim('s1', winners[0]!.claimToken!, false)).toBe(true);
    await methods.releaseLease('s1', winners[0]!.claimToken);
    const resume = await Promise.all(
      Array.from({ length: 8 }, () => methods.acquireResumeLease('s1', 0, true, 60_000)),
    );
    const holders = resume.filter((r) => r != null);
    expect(holders).toHaveLength(1);
    const consumed = await Promise.all(
      Array.from({ length: 4 }, () =>
        methods.consumeResumeLease('s1', holders[0]!.claimToken!, holders[0]!.leaseBy!, true, 0),
      ),
    );
    expect(consumed.filter(Boolean)).toHaveLength(1);
  });
});
