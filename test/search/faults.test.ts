/**
 * Fault injection on the PostgreSQL search sync: Meili down or failing while the application
 * writes loses nothing (rows are acknowledged only once Meili confirms), and documents Meili keeps
 * rejecting are parked with their error instead of blocking the others or being retried forever.
 */

import type { Dal } from '@librechat/dal';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { resetDal } from '../harness/index.js';
import { allDocuments, client, prepare, searchDal } from './support/index.js';
import { meili } from './support/meiliEnv.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const NO_PARENT = '00000000-0000-0000-0000-000000000000';
const convo = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let dal: Dal;

beforeAll(async () => {
  dal = await searchDal('postgresql', { worker: true, maxAttempts: 3 });
});
beforeEach(async () => {
  await resetDal(dal);
  await prepare(dal);
});
afterEach(() => {
  meili.faults.reset();
});

/** Runs `jobs` with `width` in flight. */
async function pool(jobs: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await (jobs[next++] as () => Promise<unknown>)();
    }),
  );
}

/** A deterministic pseudo-random sequence. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('[postgresql] search › faults', () => {
  test('search › Meili down during 10,000 writes: every last update arrives once it is back', async () => {
    const random = rng(42);
    const m = dal.methods;
    const texts = new Map<string, string | null>();
    const titles = new Map<string, string>();
    const ids = Array.from({ length: 2_000 }, (_, i) => `msg-${i}`);
    const convoOf = (id: string) => convo(Number(id.slice(4)) % 40);
    const save = (id: string, text: string) => async () => {
      await m.saveMessage(
        { userId: USER },
        {
          messageId: id,
          conversationId: convoOf(id),
          parentMessageId: NO_PARENT,
          sender: 'User',
          text,
          isCreatedByUser: true,
        },
      );
      texts.set(id, text);
    };
    // Writes to one document run in order (its lane); lanes run in parallel.
    const ops: [string, () => Promise<unknown>][] = ids.map((id) => [id, save(id, `first ${id}`)]);
    for (let i = 0; i < 8_000; i++) {
      const id = ids[Math.floor(random() * ids.length)] as string;
      const kind = random();
      if (kind < 0.45) ops.push([id, save(id, `edit ${i} of ${id}`)]);
      else if (kind < 0.75) {
        ops.push([
          id,
          async () => {
            await m.updateMessageText(USER, { messageId: id, text: `text ${i}` });
            if (texts.get(id) != null) texts.set(id, `text ${i}`);
          },
        ]);
      } else if (kind < 0.85) {
        ops.push([
          id,
          async () => {
            await m.deleteMessages({ messageId: id, user: USER });
            texts.set(id, null);
          },
        ]);
      } else {
        const c = convoOf(id);
        ops.push([
          c,
          async () => {
            await m.saveConvo(
              { userId: USER } as never,
              { conversationId: c, title: `title ${i}`, endpoint: 'openAI' } as never,
            );
            titles.set(c, `title ${i}`);
          },
        ]);
      }
    }
    expect(ops).toHaveLength(10_000);

    meili.faults.down();
    const flapping = (async () => {
      // Meili comes back briefly twice and is slow once, mid-run.
      await new Promise((r) => setTimeout(r, 800));
      meili.faults.down(false);
      await new Promise((r) => setTimeout(r, 150));
      meili.faults.down();
      await new Promise((r) => setTimeout(r, 800));
      meili.faults.down(false);
      meili.faults.slow({ requestMs: 30 });
      await new Promise((r) => setTimeout(r, 300));
      meili.faults.slow({ requestMs: 0 });
      meili.faults.down();
    })();
    const lanes = new Map<string, (() => Promise<unknown>)[]>();
    for (const [key, op] of ops) lanes.set(key, [...(lanes.get(key) ?? []), op]);
    await pool(
      [...lanes.values()].map((lane) => async () => {
        for (const op of lane) await op();
      }),
      16,
    );
    await flapping;
    const during = await dal.search.status();
    meili.faults.reset();
    await dal.search.sync({ timeoutMs: 120_000 });

    expect(dal.search.worker?.stats.failures).toBeGreaterThan(0);
    expect(during.find((s) => s.index === 'messages')?.backlog).toBeGreaterThan(0);
    const inMeili = new Map(
      (await allDocuments('messages')).map((d) => [d.messageId as string, d.text as string]),
    );
    const expected = new Map([...texts].filter(([, t]) => t !== null) as [string, string][]);
    expect(inMeili.size).toBe(expected.size);
    const lost = [...expected].filter(([id, text]) => inMeili.get(id) !== text);
    expect(lost).toEqual([]);
    const convos = new Map(
      (await allDocuments('convos')).map((d) => [d.conversationId as string, d.title as string]),
    );
    expect([...titles].filter(([c, t]) => convos.get(c) !== t)).toEqual([]);
    const status = await dal.search.status();
    for (const s of status) {
      expect([s.index, s.backlog, s.parked, s.flaggedIndexed, s.presentInMeili]).toEqual([
        s.index,
        0,
        0,
        s.shouldBeIndexed,
        s.shouldBeIndexed,
      ]);
    }
  }, 240_000);

  test('search › a failed task is not acknowledged: the row waits and is sent again', async () => {
    meili.faults.failNextTasks(3);
    await dal.methods.saveMessage(
      { userId: USER },
      {
        messageId: 'retry-me',
        conversationId: convo(1),
        parentMessageId: NO_PARENT,
        sender: 'User',
        text: 'sent after three failures',
        isCreatedByUser: true,
      },
    );
    await dal.search.sync({ timeoutMs: 30_000 });
    expect(await client.index('messages').getDocument('retry-me')).toMatchObject({
      text: 'sent after three failures',
    });
    // Meili's own failures never count against the document: nothing was parked.
    expect(await dal.search.parked()).toEqual([]);
    expect(dal.search.worker?.stats.failures).toBeGreaterThanOrEqual(1);
  });

  test('search › a document Meili keeps rejecting is parked with its error; the others are indexed', async () => {
    meili.faults.rejectDocuments((doc) => typeof doc.text === 'string' && doc.text.includes('POISON'));
    for (let i = 0; i < 30; i++) {
      await dal.methods.saveMessage(
        { userId: USER },
        {
          messageId: `doc-${i}`,
          conversationId: convo(1),
          parentMessageId: NO_PARENT,
          sender: 'User',
          text: i === 7 || i === 21 ? `POISON ${i}` : `fine ${i}`,
          isCreatedByUser: true,
        },
      );
    }
    await dal.search.sync({ timeoutMs: 60_000 });
    expect((await allDocuments('messages')).map((d) => d.messageId).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `doc-${i}`)
        .filter((id) => id !== 'doc-7' && id !== 'doc-21')
        .sort(),
    );
    const parked = await dal.search.parked();
    expect(parked.map((p) => [p.index, p.key, p.attempts]).sort()).toEqual([
      ['messages', 'doc-21', 3],
      ['messages', 'doc-7', 3],
    ]);
    for (const p of parked) expect(typeof (p.error as { code?: unknown }).code).toBe('string');
    const status = (await dal.search.status()).find((s) => s.index === 'messages');
    expect(status).toMatchObject({
      parked: 2,
      backlog: 0,
      shouldBeIndexed: 30,
      flaggedIndexed: 28,
      presentInMeili: 28,
    });

    // New content un-parks a document; the operator can retry the rest once Meili accepts them.
    await dal.methods.saveMessage(
      { userId: USER },
      {
        messageId: 'doc-7',
        conversationId: convo(1),
        parentMessageId: NO_PARENT,
        sender: 'User',
        text: 'cured',
        isCreatedByUser: true,
      },
    );
    await dal.search.sync({ timeoutMs: 30_000 });
    expect((await dal.search.parked()).map((p) => p.key)).toEqual(['doc-21']);
    meili.faults.reset();
    expect(await dal.search.retryParked()).toBe(1);
    await dal.search.sync({ timeoutMs: 30_000 });
    expect(await dal.search.parked()).toEqual([]);
    expect((await dal.search.status()).find((s) => s.index === 'messages')).toMatchObject({
      presentInMeili: 30,
      flaggedIndexed: 30,
    });
  }, 60_000);
});
