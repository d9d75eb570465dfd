/**
 * Switches only the test server has (a real Meilisearch cannot pause its queue or slow its
 * indexer): these always run on the test server itself.
 */
import { MeiliSearch } from 'meilisearch';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { start, type TestServerHandle } from './server.js';

let meili: TestServerHandle;
let client: MeiliSearch;

beforeAll(async () => {
  meili = await start();
  client = new MeiliSearch({ host: meili.host, apiKey: meili.key });
});
afterAll(async () => {
  await meili?.stop();
});
beforeEach(async () => {
  await meili.clear();
});

describe('meili test server › test-server-only switches', () => {
  test('meili › pauseTasks keeps tasks enqueued until resumed; tasks then run in uid order', async () => {
    meili.faults.pauseTasks();
    const a = await client.createIndex('a', { primaryKey: 'id' });
    const b = await client.index('a').addDocuments([{ id: 1 }]);
    await new Promise((r) => setTimeout(r, 50));
    expect((await client.getTask(a.taskUid)).status).toBe('enqueued');
    expect((await client.getTask(b.taskUid)).status).toBe('enqueued');
    meili.faults.pauseTasks(false);
    const [ta, tb] = await client.waitForTasks([a.taskUid, b.taskUid]);
    expect([ta?.status, tb?.status]).toEqual(['succeeded', 'succeeded']);
    expect(new Date(tb?.startedAt as Date).getTime()).toBeGreaterThanOrEqual(
      new Date(ta?.finishedAt as Date).getTime(),
    );
  });

  test('meili › stats report isIndexing while a task of the index is processing', async () => {
    await client.waitForTask((await client.createIndex('a', { primaryKey: 'id' })).taskUid);
    meili.faults.slow({ taskMs: 200 });
    const t = await client.index('a').addDocuments([{ id: 1 }]);
    await new Promise((r) => setTimeout(r, 60));
    expect((await client.index('a').getStats()).isIndexing).toBe(true);
    await client.waitForTask(t.taskUid);
    expect((await client.index('a').getStats()).isIndexing).toBe(false);
  });

  test('meili › documentWrites lists every document task with its ids and outcome', async () => {
    await client.waitForTask((await client.createIndex('a', { primaryKey: 'id' })).taskUid);
    await client.waitForTask((await client.index('a').addDocuments([{ id: 1 }, { id: 2 }])).taskUid);
    await client.waitForTask((await client.index('a').updateDocuments([{ id: 2, x: 1 }])).taskUid);
    await client.waitForTask((await client.index('a').deleteDocuments([1])).taskUid);
    expect((await meili.documentWrites()).map(({ type, ids, status }) => [type, ids, status])).toEqual([
      ['add', ['1', '2'], 'succeeded'],
      ['update', ['2'], 'succeeded'],
      ['delete', ['1'], 'succeeded'],
    ]);
  });
});
