import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { actorLifecycle } from './eventActor.support.js';
import { at } from './support.js';

differential(
  'conversations › agent-event actor lifecycle: binding, journal, suspension fence, commit, legacy turn, receipts',
  async ({ methods }) => actorLifecycle(methods),
  { exactDates: [at(0)] },
);

/** FerretDB cannot run this lifecycle (findAndModify projections, positional updates): PostgreSQL is asserted here. */
describe('[postgresql] conversations › agent-event actor lifecycle', () => {
  test('every step answers as upstream’s compare-and-set rules say', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const r = (await actorLifecycle(dal.methods)) as Record<string, any>;
    expect(r.reserve).toEqual({
      created: true,
      binding: { bindingId: 'b1', sourceKeyId: 'k1', actorId: 'actor-1' },
    });
    expect(r.reserveAgain).toBe(false);
    expect(r.binding).toMatchObject({
      agentId: 'agent_x',
      isTemporary: false,
      binding: { bindingId: 'b1' },
      lineage: { depth: 1 },
    });
    expect(r.wrongKey).toBeNull();
    expect(r.snapshot0).toEqual({
      state: null,
      reconciliations: [],
      legacyTurn: null,
      suspension: null,
      epoch: 0,
    });
    expect([r.record, r.recordAgain, r.recordOther, r.admit]).toEqual([true, false, false, true]);
    expect(r.wrongThread).toEqual({ error: 'Event actor reconciliation changed its logical thread' });
    expect(r.invalidSuspension).toEqual({ error: 'Event actor suspension evidence is invalid' });
    expect([r.store, r.storeAgain]).toEqual([{ status: 'stored' }, { status: 'stale' }]);
    expect(r.claimInvalid).toEqual({ error: 'Event actor suspension claim is invalid' });
    expect([r.claim, r.claimAgain]).toEqual([{ status: 'claimed' }, { status: 'stale' }]);
    expect(r.commitWrongThread).toEqual({ error: 'Event actor checkpoint changed its logical thread' });
    expect(r.commit).toMatchObject({
      status: 'committed',
      state: { generation: 1, checkpoint: { checkpointId: 'cp1' } },
    });
    // The replay finds its closed "committed" receipt and reports the current head.
    expect(r.commitReplay).toMatchObject({ status: 'committed', state: { generation: 1 } });
    expect(r.snapshot1.state).toMatchObject({
      generation: 1,
      summary: { text: 'so far' },
      discoveredToolNames: ['a', 'b'],
    });
    expect(r.snapshot1.reconciliations).toMatchObject([
      { invocationId: 'inv1', status: 'persistence_pending', checkpoint: { checkpointId: 'cp1' } },
    ]);
    expect(r.snapshot1.suspension).toMatchObject({
      status: 'closed',
      outcome: 'committed',
      resumeAttemptId: 'r1',
    });
    expect([r.persisted, r.persistedAgain]).toEqual([true, true]);
    expect(r.metrics).toEqual({ pending: 1, oldestPendingAgeSeconds: 3600 });
    expect([r.resolveNoId, r.resolve, r.resolveReplay]).toEqual([false, true, true]);
    expect([r.clear, r.clearAgain, r.abandonMissing]).toEqual([true, true, false]);
    expect([r.begin, r.beginAgain, r.completeWrong, r.complete]).toEqual([true, false, false, true]);
    expect(r.snapshot2).toMatchObject({ epoch: 1, legacyTurn: null, state: { requiresColdStart: true } });
    expect(r.record3).toBe(true);
    expect(r.staleCommit).toMatchObject({ status: 'stale', state: { generation: 1 } });
    expect([r.settleStale, r.cancelStale]).toEqual([{ status: 'stale' }, { status: 'stale' }]);
    expect(r.abandon).toBe(true);
    expect(r.metricsEnd).toEqual({ pending: 0, oldestPendingAgeSeconds: 0 });
    expect(r.expire).toBe(0);
    expect(r.expireInvalid).toEqual({ error: 'now must be a valid date' });
    expect(r.snapshotEnd.reconciliations).toEqual([]);
  });
});
