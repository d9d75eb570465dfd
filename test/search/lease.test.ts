/**
 * The outbox worker is single across processes (a session advisory lock): two live workers never
 * send the same batch, a stopped leader hands over to a standby, and a killed process releases
 * the lead with its connection — the standby goes on within a poll interval.
 */
import './support/meiliEnv.js';
import type { Dal } from '@librechat/dal';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { resetDal } from '../harness/index.js';
import { startChild } from './support/child.js';
import { allDocuments, prepare, searchDal } from './support/index.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const NO_PARENT = '00000000-0000-0000-0000-000000000000';
const CONVO = '00000000-0000-4000-8000-000000000001';

let writer: Dal;

beforeAll(async () => {
  writer = await searchDal('postgresql');
});
beforeEach(async () => {
  await resetDal(writer);
  await prepare(writer);
});

async function write(from: number, to: number): Promise<void> {
  const ids = Array.from({ length: to - from }, (_, i) => from + i);
  for (let i = 0; i < ids.length; i += 8) {
    await Promise.all(
      ids.slice(i, i + 8).map((n) =>
        writer.methods.saveMessage(
          { userId: USER },
          {
            messageId: `lease-${n}`,
            conversationId: CONVO,
            parentMessageId: NO_PARENT,
            sender: 'User',
            text: `message ${n}`,
            isCreatedByUser: true,
          },
        ),
      ),
    );
  }
}

const until = async (check: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('[postgresql] search › worker lease', () => {
  test('search › two workers never send the same batch; the standby takes over when the leader stops', async () => {
    const a = await searchDal('postgresql', { worker: true, recordBatches: true });
    const b = await searchDal('postgresql', { worker: true, recordBatches: true });
    await write(0, 400);
    await until(
      () => (a.search.worker?.stats.batches.length ?? 0) + (b.search.worker?.stats.batches.length ?? 0) > 0,
    );
    expect([a.search.worker?.isLeader, b.search.worker?.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = a.search.worker?.isLeader ? [a, b] : [b, a];
    await write(400, 800);
    const leaderBatches = leader.search.worker?.stats.batches ?? [];
    await leader.close();
    await write(800, 1200);
    await standby.search.sync({ timeoutMs: 60_000 });
    const standbyBatches = standby.search.worker?.stats.batches ?? [];

    expect(standby.search.worker?.isLeader).toBe(true);
    expect(leaderBatches.length).toBeGreaterThan(0);
    expect(standbyBatches.length).toBeGreaterThan(0);
    const first = new Set(leaderBatches.flat());
    expect(standbyBatches.flat().filter((row) => first.has(row))).toEqual([]);
    expect((await allDocuments('messages')).length).toBe(1200);
    await standby.close();
  }, 120_000);

  test('search › a SIGKILLed worker process releases the lead at once; the other process goes on', async () => {
    const child = startChild('worker', 'postgresql');
    try {
      await child.waitFor((e) => e.event === 'leader');
      const parent = await searchDal('postgresql', { worker: true, recordBatches: true });
      await write(0, 300);
      await child.waitFor((e) => e.event === 'batch');
      expect(parent.search.worker?.isLeader).toBe(false);
      await child.kill();
      const killedAt = Date.now();
      await until(() => parent.search.worker?.isLeader === true);
      const takeoverMs = Date.now() - killedAt;
      await write(300, 600);
      await parent.search.sync({ timeoutMs: 60_000 });

      const childBatches = child.events.filter((e) => e.event === 'batch').map((e) => e.rows as string[]);
      const parentRows = new Set((parent.search.worker?.stats.batches ?? []).flat());
      // Only the batch in flight when the child died may be sent again (at-least-once).
      const last = new Set(childBatches[childBatches.length - 1] ?? []);
      const resent = childBatches.flat().filter((row) => parentRows.has(row));
      expect(resent.filter((row) => !last.has(row))).toEqual([]);
      expect(takeoverMs).toBeLessThan(5_000);
      expect((await allDocuments('messages')).length).toBe(600);
      await parent.close();
    } finally {
      await child.kill();
    }
  }, 120_000);
});
