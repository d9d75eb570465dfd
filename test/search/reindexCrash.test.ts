/**
 * A reindex killed (SIGKILL, in a child process) at random points — during the copy, at the
 * swap, at the cleanup — and resumed from its checkpoint ends with exactly the database's
 * documents in Meili: counts equal, no duplicates, no document lost to writes made between the
 * crashes, no temporary index left behind. On both engines.
 */
import './support/meiliEnv.js';
import { type Dal, isIndexable, searchIndexDefinitions } from '@librechat/dal';
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine, resetDal } from '../harness/index.js';
import { startChild } from './support/child.js';
import { allDocuments, client, createMongoOracle, prepare, searchDal, settle } from './support/index.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const NO_PARENT = '00000000-0000-0000-0000-000000000000';
const convo = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const canonical = (doc: unknown) =>
  JSON.stringify(Object.entries((doc ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));

function seedMessages(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    messageId: `crash-${i}`,
    conversationId: convo(i % 30),
    user: USER,
    parentMessageId: NO_PARENT,
    isCreatedByUser: i % 2 === 0,
    sender: i % 2 === 0 ? 'User' : 'Assistant',
    model: 'gpt-4o',
    text: `message ${i}`,
    ...(i % 97 === 0 ? { isTemporary: true, expiredAt: new Date('2099-01-01') } : {}),
    ...(i % 41 === 0 ? { content: [{ type: 'text', text: `parts of ${i}` }] } : {}),
  }));
}

/** What Meili must hold: upstream's document for every indexable stored document. */
async function expected(dal: Dal) {
  const oracle = await createMongoOracle();
  const read = async (model: 'Message' | 'Conversation') =>
    dal.engine.mongoose
      ? ((await dal.engine.mongoose.models[model]?.find({}).lean()) as Record<string, unknown>[])
      : await dal.engine.collections![model === 'Message' ? 'messages' : 'conversations'].find({});
  const definitions = searchIndexDefinitions({
    model: (name) =>
      (dal.engine.mongoose
        ? dal.engine.mongoose.models[name]
        : dal.engine.collections![name === 'Message' ? 'messages' : 'conversations'].model) as never,
  });
  const out: Record<string, Map<string, unknown>> = {};
  for (const [uid, model, pk] of [
    ['messages', 'Message', 'messageId'],
    ['convos', 'Conversation', 'conversationId'],
  ] as const) {
    const docs = (await read(model)).filter((d) => isIndexable(definitions[uid], d));
    out[uid] = new Map(
      docs.map((d) => [String(oracle.preprocess(model, d)[pk]), oracle.preprocess(model, d)]),
    );
  }
  return out;
}

async function writesBetweenCrashes(dal: Dal, round: number): Promise<void> {
  const m = dal.methods;
  const edits = Array.from({ length: 15 }, (_, i) => ({
    messageId: `crash-${(round * 37 + i * 11) % 250}`,
    conversationId: convo(i % 30),
    user: USER,
    parentMessageId: NO_PARENT,
    isCreatedByUser: true,
    sender: 'User',
    model: 'gpt-4o',
    text: `edited in round ${round}`,
  }));
  await m.bulkSaveMessages(edits as never, false);
  await m.deleteMessages({ messageId: { $in: [`crash-${250 + round}`, `crash-${270 + round}`] } } as never);
  await m.bulkSaveMessages(
    [{ ...edits[0], messageId: `new-in-round-${round}`, text: `created in round ${round}` }] as never,
    false,
  );
}

for (const engine of ENGINES as readonly Engine[]) {
  describe(`[${engine}] search › reindex crash and resume`, () => {
    test('search › killed at random points, resumed: counts equal, no duplicates, nothing lost', async () => {
      const dal = await searchDal(engine, { worker: engine === 'postgresql', reindexLeaseMs: 1_500 });
      await resetDal(dal);
      await prepare(dal);
      // FerretDB (SQLite, no index on messageId: its index build stops at the TTL index) upserts slowly.
      const total = engine === 'postgresql' ? 3_000 : 300;

      await dal.methods.bulkSaveConvos(
        Array.from({ length: 30 }, (_, i) => ({
          conversationId: convo(i),
          user: USER,
          endpoint: 'openAI',
          title: `Chat ${i}`,
          tags: [],
        })) as never,
      );
      await dal.methods.bulkSaveMessages(seedMessages(total) as never, true);
      await settle(dal);
      await client.waitForTask(
        (await client.index('messages').addDocuments([{ messageId: 'ghost', user: USER, text: 'stale' }]))
          .taskUid,
      );

      const random = rng(engine === 'postgresql' ? 7 : 11);
      const plans: { index: string; phase: string; after: number }[] = [
        { index: 'messages', phase: 'copy', after: 1 + Math.floor(random() * 4) },
        { index: 'messages', phase: 'copy', after: 1 + Math.floor(random() * 6) },
        { index: 'messages', phase: 'swap', after: 1 },
        { index: 'messages', phase: 'cleanup', after: 1 },
        { index: 'convos', phase: 'copy', after: 1 },
      ];
      let killedWithCheckpoint = 0;
      for (const [round, plan] of plans.entries()) {
        const child = startChild('reindex', engine, { CHILD_BATCH: engine === 'postgresql' ? '60' : '20' });
        let seen = 0;
        try {
          const event = await child.waitFor(
            (e) =>
              e.event === 'done' ||
              (e.event === 'progress' &&
                e.index === plan.index &&
                e.phase === plan.phase &&
                ++seen >= plan.after),
            120_000,
          );
          await child.kill();
          if (event.event === 'progress') killedWithCheckpoint++;
        } finally {
          await child.kill();
        }
        await writesBetweenCrashes(dal, round);
        if (engine === 'mongodb') await settle(dal);
      }
      const status = await dal.search.status();
      expect(status.some((s) => s.reindex !== null)).toBe(true);

      const results = await dal.search.reindex({ batchSize: 250 });
      if (engine === 'postgresql') await dal.search.sync({ timeoutMs: 60_000 });
      expect(killedWithCheckpoint).toBeGreaterThanOrEqual(4);
      expect(results.some((r) => r.resumed)).toBe(true);

      const want = await expected(dal);
      for (const uid of ['messages', 'convos']) {
        const docs = await allDocuments(uid);
        const pk = uid === 'messages' ? 'messageId' : 'conversationId';
        const ids = docs.map((d) => String(d[pk]));
        expect(new Set(ids).size).toBe(ids.length);
        const got = new Map(docs.map((d) => [String(d[pk]), d]));
        const missing = [...(want[uid] as Map<string, unknown>).keys()].filter((k) => !got.has(k));
        const extra = ids.filter((k) => !(want[uid] as Map<string, unknown>).has(k));
        const wrong = ids.filter(
          (k) => canonical(got.get(k)) !== canonical((want[uid] as Map<string, unknown>).get(k)),
        );
        expect({ uid, missing, extra, wrong: wrong.slice(0, 5) }).toEqual({
          uid,
          missing: [],
          extra: [],
          wrong: [],
        });
      }
      const after = await dal.search.status();
      for (const s of after) {
        expect([s.index, s.presentInMeili, s.flaggedIndexed, s.reindex]).toEqual([
          s.index,
          s.shouldBeIndexed,
          s.shouldBeIndexed,
          null,
        ]);
      }
      expect((await client.getRawIndexes()).results.map((i) => i.uid).sort()).toEqual(['convos', 'messages']);
      await dal.close();
    }, 300_000);
  });
}
