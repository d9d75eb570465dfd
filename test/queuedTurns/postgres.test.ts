/**
 * What FerretDB cannot compare, proven on PostgreSQL: the lane protocol under concurrency (two
 * replicas, i.e. two method sets whose in-process lane queues know nothing of each other, so only
 * the database fences order them), the partial unique indexes FerretDB does not build, and the
 * TTL expiry of a retired lane.
 */
import type { Dal } from '@librechat/dal';
import { afterAll, describe, expect, test } from 'vitest';
import { createEngineDal, fileDal, resetDal } from '../harness/index.js';
import { at, LEASE, scope, turn, U1 } from './support.js';

describe('[postgresql] queuedTurns › lanes under concurrency and the database fences', async () => {
  const dal = await fileDal('postgresql');
  const replica: Dal = await createEngineDal('postgresql');
  afterAll(() => replica.close());
  const collections = dal.engine.collections!;

  test('concurrent enqueues from two replicas: sequences 1..N, no duplicates, one active slot each', async () => {
    await resetDal(dal);
    const ids = Array.from({ length: 16 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      ids.map((id, i) => (i % 2 === 0 ? dal : replica).methods.enqueueAgentQueuedTurn(turn(id))),
    );
    const sequences = results.map((r) => r.turn.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(ids.map((_, i) => i + 1));
    expect(new Set(results.map((r) => r.turn.activeSlot)).size).toBe(ids.length);
    expect(new Set(results.map((r) => r.turn.laneId)).size).toBe(1);
    expect(results.every((r) => r.replayed === false && r.turn.status === 'queued')).toBe(true);
    // Concurrent replays of one request: one turn, the others replay it.
    const replays = await Promise.all(
      [dal, replica, dal, replica].map((d) => d.methods.enqueueAgentQueuedTurn(turn('p0'))),
    );
    expect(new Set(replays.map((r) => r.turn.queuedTurnId))).toEqual(
      new Set([results[0]!.turn.queuedTurnId]),
    );
    expect(replays.every((r) => r.replayed)).toBe(true);
    expect(await collections.agentqueuedturns.count({})).toBe(ids.length);
    const lane = await collections.agentqueuedturnsequences.findOne({});
    expect(lane).toMatchObject({ value: ids.length, conversationId: 'c1' });
    expect(lane?.writerId).toBeUndefined();
  });

  test('concurrent first enqueues of one new request: one turn with sequence 1', async () => {
    await resetDal(dal);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? dal : replica).methods.enqueueAgentQueuedTurn(turn('same')),
      ),
    );
    expect(new Set(results.map((r) => r.turn.queuedTurnId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results[0]!.turn.sequence).toBe(1);
  });

  test('concurrent claims of the head: exactly one claimer wins, the others are blocked', async () => {
    await resetDal(dal);
    const { turn: head } = await dal.methods.enqueueAgentQueuedTurn(turn('h1'));
    const { turn: second } = await dal.methods.enqueueAgentQueuedTurn(turn('h2'));
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? dal : replica).methods.claimNextAgentQueuedTurn({
          ...scope(),
          queuedTurnId: i < 8 ? head.queuedTurnId : second.queuedTurnId,
          claimId: `claim-${i}`,
          claimBy: `worker-${i}`,
          ...LEASE,
        }),
      ),
    );
    const acquired = claims.filter((c) => c.outcome === 'acquired');
    expect(acquired).toHaveLength(1);
    expect(acquired[0]!.claim?.queuedTurnId).toBe(head.queuedTurnId);
    expect(claims.filter((c) => c.outcome !== 'acquired').every((c) => c.outcome === 'blocked')).toBe(true);
    const stored = await collections.agentqueuedturns.find({ status: 'claimed' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      attempts: 1,
      admissionSlot: true,
      claimId: acquired[0]!.claim?.claimId,
    });
  });

  test('concurrent reconciliation claims: each started admission goes to one reconciler', async () => {
    await resetDal(dal);
    const convs = ['r1', 'r2', 'r3'];
    for (const conversationId of convs) {
      const { turn: t } = await dal.methods.enqueueAgentQueuedTurn(
        turn(`t-${conversationId}`, { conversationId }),
      );
      const s = scope(conversationId);
      await dal.methods.reserveAgentQueuedTurnDelivery({
        ...s,
        queuedTurnId: t.queuedTurnId,
        deliveryKey: `k-${conversationId}`,
      });
      await dal.methods.markQueuedTurnScheduled({
        ...s,
        queuedTurnId: t.queuedTurnId,
        deliveryKey: `k-${conversationId}`,
      });
      const fence = { ...s, queuedTurnId: t.queuedTurnId, claimId: 'c', claimBy: 'w' };
      await dal.methods.claimNextAgentQueuedTurn({ ...fence, ...LEASE });
      const begun = await dal.methods.beginAgentQueuedTurnAdmission({
        ...fence,
        admissionId: `k-${conversationId}`,
        startedAt: at(20),
      });
      expect(begun.outcome).toBe('started');
    }
    const batches = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? dal : replica).methods.claimQueuedTurnsForAdmissionReconciliation({
          claimId: `rc-${i}`,
          claimBy: 'reconciler',
          now: at(100),
          leaseUntil: at(200),
        }),
      ),
    );
    const claimedIds = batches
      .flat()
      .map((t) => t.clientRequestId)
      .sort();
    expect(claimedIds).toEqual(convs.map((c) => `t-${c}`));
    for (const batch of batches) {
      for (const t of batch) expect(t.reconciliationAttempts).toBe(1);
    }
  });

  test('the partial unique indexes: one sequence, one active slot, one claim per lane; rows without them are free', async () => {
    await resetDal(dal);
    const base = {
      user: U1,
      conversationId: 'c1',
      agentId: 'a',
      parentMessageId: 'p',
      fingerprint: 'f'.repeat(43),
      laneId: 'lane',
      text: 't',
      availableAt: at(0),
    };
    const turns = collections.agentqueuedturns;
    await turns.create({ ...base, clientRequestId: 'i1', sequence: 1, activeSlot: 1, status: 'claimed' });
    const duplicate = (extra: Record<string, unknown>) =>
      turns.create({ ...base, clientRequestId: `x${Math.random()}`, status: 'queued', ...extra }).then(
        () => null,
        (e: unknown) => e,
      );
    expect(await duplicate({ sequence: 1 })).toMatchObject({
      code: 11000,
      keyPattern: { tenantId: 1, user: 1, conversationId: 1, sequence: 1 },
    });
    expect(String(await duplicate({ sequence: 1 }))).toContain('index: agent_queued_turn_sequence dup key');
    expect(String(await duplicate({ activeSlot: 1 }))).toContain(
      'index: agent_queued_turn_active_capacity dup key',
    );
    expect(String(await duplicate({ status: 'claimed' }))).toContain(
      'index: agent_queued_turn_claim_lane dup key',
    );
    expect(String(await duplicate({ clientRequestId: 'i1' }))).toContain(
      'index: tenantId_1_user_1_conversationId_1_clientRequestId_1 dup key',
    );
    await turns.create({
      ...base,
      clientRequestId: 'i2',
      status: 'reserving',
      admissionSlot: true,
      admissionStartedAt: at(1),
    });
    expect(String(await duplicate({ admissionSlot: true }))).toContain(
      'index: agent_queued_turn_admission_slot dup key',
    );
    expect(String(await duplicate({ admissionStartedAt: at(2) }))).toContain(
      'index: agent_queued_turn_admission_started_lane dup key',
    );
    // No sequence, no slot, not claimed, no admission: any number of them.
    expect(await duplicate({})).toBeNull();
    expect(await duplicate({ admissionSlot: false })).toBeNull();
    expect(await turns.count({})).toBe(4);
  });

  test('a retired lane refuses turns until its retention expires (MongoDB TTL on expiresAt)', async () => {
    await resetDal(dal);
    await dal.methods.enqueueAgentQueuedTurn(turn('e1'));
    await dal.methods.prepareAgentQueuedTurnConversationDeletion({
      user: U1,
      targets: [{ conversationId: 'c1' }],
    });
    const lane = await collections.agentqueuedturnsequences.findOne({});
    expect(lane?.retiredAt).toBeInstanceOf(Date);
    const { retiredAt, expiresAt } = lane as { retiredAt: Date; expiresAt: Date };
    expect(expiresAt.getTime() - retiredAt.getTime()).toBe(24 * 60 * 60_000);
    await expect(dal.methods.enqueueAgentQueuedTurn(turn('e2'))).rejects.toMatchObject({
      name: 'AgentQueuedTurnLaneRetiredError',
    });
    await collections.agentqueuedturnsequences.updateOne(
      {},
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const after = await dal.methods.enqueueAgentQueuedTurn(turn('e3'));
    expect(after.turn).toMatchObject({ status: 'queued', sequence: 2 });
    expect(await collections.agentqueuedturnsequences.count({})).toBe(1);
  });

  test("upstream's indexes exist under MongoDB's names", async () => {
    const { rows } = await dal.engine.pool!.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('agentqueuedturns', 'agentqueuedturnsequences')`,
    );
    const names = rows.map((r) => r.indexname);
    for (const name of [
      'agentqueuedturns_agent_queued_turn_sequence',
      'agentqueuedturns_agent_queued_turn_active_capacity',
      'agentqueuedturns_agent_queued_turn_claim_lane',
      'agentqueuedturns_agent_queued_turn_admission_started_lane',
      'agentqueuedturns_agent_queued_turn_admission_slot',
      'agentqueuedturns_agent_queued_turn_claim',
      'agentqueuedturns_agent_queued_turn_active',
      'agentqueuedturns_tenantid_1_user_1_convid_1_clientrequestid_1',
      'agentqueuedturns_status_1_reconavail_1_reconclaimuntil_1__id_1',
      'agentqueuedturns_status_1_scheduledat_1_availableat_1_seq_1',
      'agentqueuedturnsequences_expiresat_1',
    ]) {
      expect(names).toContain(name);
    }
  });
});
