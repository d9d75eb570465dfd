/**
 * The Meilisearch test server against Meilisearch's documented behaviour (API reference
 * examples), through the `meilisearch` JS client 0.38 the DAL uses. With MEILI_HOST and
 * MEILI_MASTER_KEY set the same assertions run against that real Meilisearch.
 */
import {
  MeiliSearch,
  MeiliSearchApiError,
  MeiliSearchCommunicationError,
  MeiliSearchTimeOutError,
} from 'meilisearch';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type MeiliHandle, startMeili } from './index.js';

type ApiError = InstanceType<typeof MeiliSearchApiError>;

let meili: MeiliHandle;
let client: MeiliSearch;

beforeAll(async () => {
  meili = await startMeili();
  client = new MeiliSearch({ host: meili.host, apiKey: meili.key });
});
afterAll(async () => {
  await meili?.stop();
});
beforeEach(async () => {
  await meili.clear();
});

const movies = [
  { id: 287947, title: 'Shazam', genres: ['Action', 'Comedy'], release_date: 1553299200, user: 'u1' },
  {
    id: 299537,
    title: 'Captain Marvel',
    genres: ['Action', 'Adventure'],
    release_date: 1551830400,
    user: 'u2',
  },
  { id: 522681, title: 'Escape Room', genres: ['Thriller'], release_date: 1546473600, user: 'u1' },
  {
    id: 166428,
    title: 'How to Train Your Dragon: The Hidden World',
    genres: ['Animation'],
    release_date: 1546473600,
    user: 'u3',
  },
];

async function raw(path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? meili.key}`;
  const res = await fetch(`${meili.host}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeiliSearchApiError);
  return error as ApiError;
}

async function seedMovies(
  uid = 'movies',
  settings: Record<string, unknown> = { filterableAttributes: ['user', 'genres', 'release_date'] },
) {
  await client.waitForTask((await client.index(uid).updateSettings(settings)).taskUid);
  const task = await client.index(uid).addDocuments(movies, { primaryKey: 'id' });
  return client.waitForTask(task.taskUid);
}

describe('meili test server › health, version, keys', () => {
  test('meili › GET /health needs no key and answers {status: available}', async () => {
    expect(await raw('/health', { key: null })).toEqual({ status: 200, body: { status: 'available' } });
    expect(await client.isHealthy()).toBe(true);
  });

  test('meili › GET /version reports pkgVersion, commitSha and commitDate', async () => {
    const version = await client.getVersion();
    expect(Object.keys(version).sort()).toEqual(['commitDate', 'commitSha', 'pkgVersion']);
    expect(version.pkgVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('meili › a missing Authorization header is 401 missing_authorization_header', async () => {
    expect(await raw('/indexes', { key: null })).toEqual({
      status: 401,
      body: {
        message: 'The Authorization header is missing. It must use the bearer authorization method.',
        code: 'missing_authorization_header',
        type: 'auth',
        link: 'https://docs.meilisearch.com/errors#missing_authorization_header',
      },
    });
  });

  test('meili › a wrong key is 403 invalid_api_key, through the client too', async () => {
    expect(await raw('/indexes', { key: 'not-the-key' })).toEqual({
      status: 403,
      body: {
        message: 'The provided API key is invalid.',
        code: 'invalid_api_key',
        type: 'auth',
        link: 'https://docs.meilisearch.com/errors#invalid_api_key',
      },
    });
    const bad = new MeiliSearch({ host: meili.host, apiKey: 'nope' });
    const error = await apiError(bad.getIndexes());
    expect([error.code, error.httpStatus, error.type]).toEqual(['invalid_api_key', 403, 'auth']);
  });

  test('meili › the default search key searches but cannot write; the admin key cannot list keys', async () => {
    await seedMovies();
    const { results } = await client.getKeys();
    const search = results.find((k) => k.name === 'Default Search API Key');
    const admin = results.find((k) => k.name === 'Default Admin API Key');
    expect(search?.actions).toEqual(['search']);
    const searcher = new MeiliSearch({ host: meili.host, apiKey: search?.key });
    expect((await searcher.index('movies').search('shazam')).hits.map((h) => h.id)).toEqual([287947]);
    expect((await apiError(searcher.index('movies').addDocuments([{ id: 1 }]))).code).toBe('invalid_api_key');
    const adminClient = new MeiliSearch({ host: meili.host, apiKey: admin?.key });
    expect((await adminClient.getIndexes()).total).toBe(1);
    expect((await apiError(adminClient.getKeys())).code).toBe('invalid_api_key');
  });
});

describe('meili test server › indexes', () => {
  test('meili › createIndex enqueues a summarized task; it succeeds with details.primaryKey', async () => {
    const enqueued = await client.createIndex('movies', { primaryKey: 'id' });
    expect(enqueued).toMatchObject({ indexUid: 'movies', status: 'enqueued', type: 'indexCreation' });
    expect(typeof enqueued.taskUid).toBe('number');
    expect(enqueued.enqueuedAt).toBeInstanceOf(Date);
    const task = await client.waitForTask(enqueued.taskUid);
    expect(task).toMatchObject({
      uid: enqueued.taskUid,
      indexUid: 'movies',
      status: 'succeeded',
      type: 'indexCreation',
      canceledBy: null,
      details: { primaryKey: 'id' },
      error: null,
    });
    expect(task.duration).toMatch(/^PT[\d.]+S$/);
    const info = await client.getRawIndex('movies');
    expect(Object.keys(info).sort()).toEqual(['createdAt', 'primaryKey', 'uid', 'updatedAt']);
    expect(info).toMatchObject({ uid: 'movies', primaryKey: 'id' });
  });

  test('meili › creating an existing index fails its task with index_already_exists', async () => {
    await client.waitForTask((await client.createIndex('movies')).taskUid);
    const task = await client.waitForTask((await client.createIndex('movies')).taskUid);
    expect(task.status).toBe('failed');
    expect(task.error).toEqual({
      message: 'Index `movies` already exists.',
      code: 'index_already_exists',
      type: 'invalid_request',
      link: 'https://docs.meilisearch.com/errors#index_already_exists',
    });
  });

  test('meili › a missing index is 404 index_not_found on get, search, documents and stats', async () => {
    for (const call of [
      () => client.getRawIndex('nope'),
      () => client.index('nope').search('x'),
      () => client.index('nope').getDocuments(),
      () => client.index('nope').getStats(),
    ]) {
      const error = await apiError(call());
      expect([error.code, error.httpStatus, error.message]).toEqual([
        'index_not_found',
        404,
        'Index `nope` not found.',
      ]);
    }
  });

  test('meili › an invalid uid is refused synchronously with invalid_index_uid', async () => {
    const error = await apiError(client.createIndex('bad uid!'));
    expect([error.code, error.httpStatus]).toEqual(['invalid_index_uid', 400]);
  });

  test('meili › indexes list with results/offset/limit/total; delete reports deletedDocuments', async () => {
    await seedMovies('movies');
    await client.waitForTask((await client.createIndex('books')).taskUid);
    const list = await client.getRawIndexes({ limit: 1 });
    expect(list).toMatchObject({ offset: 0, limit: 1, total: 2 });
    expect(list.results.map((i) => i.uid)).toEqual(['books']);
    const task = await client.waitForTask((await client.deleteIndex('movies')).taskUid);
    expect(task).toMatchObject({
      status: 'succeeded',
      type: 'indexDeletion',
      details: { deletedDocuments: 4 },
    });
    const missing = await client.waitForTask((await client.deleteIndex('movies')).taskUid);
    expect([missing.status, missing.error?.code]).toEqual(['failed', 'index_not_found']);
  });

  test('meili › updateIndex sets the primary key of an empty index', async () => {
    await client.waitForTask((await client.createIndex('movies')).taskUid);
    const task = await client.waitForTask((await client.updateIndex('movies', { primaryKey: 'id' })).taskUid);
    expect(task).toMatchObject({ type: 'indexUpdate', status: 'succeeded', details: { primaryKey: 'id' } });
    expect((await client.getRawIndex('movies')).primaryKey).toBe('id');
  });
});

describe('meili test server › documents', () => {
  test('meili › addDocuments creates the index; details receivedDocuments/indexedDocuments', async () => {
    const enqueued = await client.index('movies').addDocuments(movies, { primaryKey: 'id' });
    expect(enqueued).toMatchObject({
      indexUid: 'movies',
      status: 'enqueued',
      type: 'documentAdditionOrUpdate',
    });
    const task = await client.waitForTask(enqueued.taskUid);
    expect(task.details).toMatchObject({ receivedDocuments: 4, indexedDocuments: 4 });
    expect((await client.getRawIndex('movies')).primaryKey).toBe('id');
    expect(await client.index('movies').getDocument(287947)).toEqual(movies[0]);
    const page = await client.index('movies').getDocuments({ limit: 2, offset: 1, fields: ['id', 'title'] });
    expect(page).toMatchObject({ offset: 1, limit: 2, total: 4 });
    expect(page.results).toHaveLength(2);
    for (const doc of page.results) expect(Object.keys(doc).sort()).toEqual(['id', 'title']);
  });

  test('meili › the primary key is inferred from the one attribute ending in id', async () => {
    await client.waitForTask(
      (await client.index('notes').addDocuments([{ note_id: 'a', body: 'x' }])).taskUid,
    );
    expect((await client.getRawIndex('notes')).primaryKey).toBe('note_id');
    const none = await client.waitForTask(
      (await client.index('other').addDocuments([{ body: 'x' }])).taskUid,
    );
    expect([none.status, none.error?.code]).toEqual(['failed', 'index_primary_key_no_candidate_found']);
  });

  test('meili › POST replaces a document, PUT (updateDocuments) merges fields', async () => {
    await seedMovies();
    const index = client.index('movies');
    await client.waitForTask((await index.updateDocuments([{ id: 287947, title: 'Shazam ⚡️' }])).taskUid);
    expect(await index.getDocument(287947)).toEqual({ ...movies[0], title: 'Shazam ⚡️' });
    await client.waitForTask((await index.addDocuments([{ id: 287947, title: 'Only title' }])).taskUid);
    expect(await index.getDocument(287947)).toEqual({ id: 287947, title: 'Only title' });
  });

  test('meili › an invalid document id fails the whole task: nothing is indexed', async () => {
    await client.waitForTask((await client.createIndex('messages', { primaryKey: 'messageId' })).taskUid);
    const task = await client.waitForTask(
      (await client.index('messages').addDocuments([{ messageId: 'ok-1' }, { messageId: 'a|b' }])).taskUid,
    );
    expect(task.status).toBe('failed');
    expect(task.error?.code).toBe('invalid_document_id');
    expect(task.details).toMatchObject({ receivedDocuments: 2, indexedDocuments: 0 });
    expect((await client.index('messages').getStats()).numberOfDocuments).toBe(0);
    const missingId = await client.waitForTask(
      (await client.index('messages').addDocuments([{ text: 'x' }])).taskUid,
    );
    expect(missingId.error?.code).toBe('missing_document_id');
  });

  test('meili › a missing document is 404 document_not_found', async () => {
    await seedMovies();
    const error = await apiError(client.index('movies').getDocument(1));
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'document_not_found',
      404,
      'Document `1` not found.',
    ]);
  });

  test('meili › deleteDocument and deleteDocuments by ids report providedIds and deletedDocuments', async () => {
    await seedMovies();
    const index = client.index('movies');
    const one = await client.waitForTask((await index.deleteDocument(287947)).taskUid);
    expect(one).toMatchObject({
      type: 'documentDeletion',
      status: 'succeeded',
      details: { providedIds: 1, deletedDocuments: 1 },
    });
    const many = await client.waitForTask((await index.deleteDocuments([299537, 522681, 1])).taskUid);
    expect(many.details).toMatchObject({ providedIds: 3, deletedDocuments: 2 });
    expect((await index.getDocuments()).results.map((d) => d.id)).toEqual([166428]);
  });

  test('meili › deleteDocuments by filter needs a filterable attribute', async () => {
    await seedMovies('movies', { filterableAttributes: ['genres'] });
    const index = client.index('movies');
    const refused = await client.waitForTask((await index.deleteDocuments({ filter: 'user = u1' })).taskUid);
    expect([refused.status, refused.error?.code]).toEqual(['failed', 'invalid_document_filter']);
    const done = await client.waitForTask(
      (await index.deleteDocuments({ filter: 'genres = action' })).taskUid,
    );
    expect(done.details).toMatchObject({ deletedDocuments: 2, originalFilter: '"genres = action"' });
    expect((await index.getStats()).numberOfDocuments).toBe(2);
  });

  test('meili › getDocuments with a filter; deleteAllDocuments empties the index', async () => {
    await seedMovies();
    const index = client.index('movies');
    const page = await index.getDocuments({ filter: 'user = u1' });
    expect(page.results.map((d) => d.id).sort()).toEqual([287947, 522681]);
    const task = await client.waitForTask((await index.deleteAllDocuments()).taskUid);
    expect(task.details).toMatchObject({ deletedDocuments: 4 });
    expect((await index.getStats()).numberOfDocuments).toBe(0);
  });
});

describe('meili test server › settings', () => {
  test('meili › a new index has the documented default settings', async () => {
    await client.waitForTask((await client.createIndex('movies')).taskUid);
    const settings = await client.index('movies').getSettings();
    expect(settings).toMatchObject({
      displayedAttributes: ['*'],
      searchableAttributes: ['*'],
      filterableAttributes: [],
      sortableAttributes: [],
      rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
      stopWords: [],
      synonyms: {},
      distinctAttribute: null,
      pagination: { maxTotalHits: 1000 },
    });
  });

  test('meili › updateSettings is a settingsUpdate task; sub-routes read, write and reset', async () => {
    const index = client.index('convos');
    const task = await client.waitForTask(
      (await index.updateSettings({ filterableAttributes: ['user'] })).taskUid,
    );
    expect(task).toMatchObject({
      type: 'settingsUpdate',
      status: 'succeeded',
      details: { filterableAttributes: ['user'] },
    });
    expect(await index.getFilterableAttributes()).toEqual(['user']);
    await client.waitForTask((await index.updateSortableAttributes(['title'])).taskUid);
    await client.waitForTask((await index.updateSearchableAttributes(['title', 'user'])).taskUid);
    expect(await index.getSortableAttributes()).toEqual(['title']);
    expect(await index.getSearchableAttributes()).toEqual(['title', 'user']);
    await client.waitForTask((await index.resetSearchableAttributes()).taskUid);
    expect(await index.getSearchableAttributes()).toEqual(['*']);
    await client.waitForTask((await index.resetSettings()).taskUid);
    expect(await index.getFilterableAttributes()).toEqual([]);
  });

  test('meili › a setting of the wrong type is refused synchronously', async () => {
    const error = await apiError(
      client.index('convos').updateSettings({ filterableAttributes: 'user' as never }),
    );
    expect([error.code, error.httpStatus]).toEqual(['invalid_settings_filterable_attributes', 400]);
  });
});

describe('meili test server › search', () => {
  beforeEach(async () => {
    await seedMovies();
  });

  test('meili › the documented response shape: hits, query, processingTimeMs, limit, offset, estimatedTotalHits', async () => {
    const res = await client.index('movies').search('shazam');
    expect(Object.keys(res).sort()).toEqual([
      'estimatedTotalHits',
      'hits',
      'limit',
      'offset',
      'processingTimeMs',
      'query',
    ]);
    expect(res).toMatchObject({
      query: 'shazam',
      limit: 20,
      offset: 0,
      estimatedTotalHits: 1,
      hits: [movies[0]],
    });
  });

  test('meili › words match case-insensitively, the last word as a prefix', async () => {
    const index = client.index('movies');
    expect((await index.search('CAPTAIN marv')).hits.map((h) => h.id)).toEqual([299537]);
    expect((await index.search('esc')).hits.map((h) => h.id)).toEqual([522681]);
    // Only the last word is a prefix.
    expect((await index.search('esc room', { matchingStrategy: 'all' as never })).hits).toEqual([]);
  });

  test('meili › the default matching strategy drops query words from the end', async () => {
    const index = client.index('movies');
    expect((await index.search('dragon zzzz')).hits.map((h) => h.id)).toEqual([166428]);
    expect((await index.search('dragon zzzz', { matchingStrategy: 'all' as never })).hits).toEqual([]);
  });

  test('meili › a document matching more query words ranks first', async () => {
    const index = client.index('movies');
    const hits = (await index.search('the hidden escape')).hits.map((h) => h.id);
    expect(hits[0]).toBe(166428);
  });

  test('meili › empty q is a placeholder search of every document', async () => {
    const res = await client.index('movies').search('', { limit: 2, offset: 1 });
    expect(res).toMatchObject({ limit: 2, offset: 1, estimatedTotalHits: 4 });
    expect(res.hits).toHaveLength(2);
    expect((await client.index('movies').search(null)).hits).toHaveLength(4);
  });

  test('meili › page and hitsPerPage answer totalHits and totalPages', async () => {
    const res = await client.index('movies').search('', { hitsPerPage: 3, page: 2 });
    expect(res).toMatchObject({ page: 2, hitsPerPage: 3, totalHits: 4, totalPages: 2 });
    expect(res.hits).toHaveLength(1);
  });

  test('meili › attributesToRetrieve limits each hit', async () => {
    const res = await client.index('movies').search('shazam', { attributesToRetrieve: ['id'] });
    expect(res.hits).toEqual([{ id: 287947 }]);
  });

  test.each([
    ['user = "u1"', [287947, 522681]],
    ["user = 'U1'", [287947, 522681]],
    ['user = u1 AND genres = action', [287947]],
    ['user = u2 OR user = u3', [166428, 299537]],
    ['user IN [u2, u3]', [166428, 299537]],
    ['user NOT IN [u2, u3]', [287947, 522681]],
    ['NOT user = u1', [166428, 299537]],
    ['user != u1', [166428, 299537]],
    ['(user = u1 OR user = u2) AND genres = adventure', [299537]],
    ['user = u1 AND (genres = thriller OR genres = comedy)', [287947, 522681]],
    ['user = u1 AND NOT genres = comedy', [522681]],
    ['release_date > 1550000000', [287947, 299537]],
    ['release_date 1546473600 TO 1551830400', [166428, 299537, 522681]],
    ['genres EXISTS', [166428, 287947, 299537, 522681]],
    ['user = "u1" OR user = u2 AND genres = comedy', [287947, 522681]],
  ])('meili › filter %s', async (filter, ids) => {
    const res = await client.index('movies').search('', { filter });
    expect(res.hits.map((h) => h.id).sort()).toEqual(ids);
  });

  test('meili › the array filter form: items AND, inner arrays OR', async () => {
    const res = await client
      .index('movies')
      .search('', { filter: [['user = u2', 'user = u3'], 'genres = animation'] });
    expect(res.hits.map((h) => h.id)).toEqual([166428]);
  });

  test('meili › filtering on a non-filterable attribute is 400 invalid_search_filter', async () => {
    const error = await apiError(client.index('movies').search('', { filter: 'title = Shazam' }));
    expect([error.code, error.httpStatus, error.type]).toEqual([
      'invalid_search_filter',
      400,
      'invalid_request',
    ]);
    expect(error.message).toContain('`title`');
  });

  test('meili › a malformed filter is 400 invalid_search_filter', async () => {
    for (const filter of ['user =', 'user = u1 AND', '(user = u1', 'user IN [u1']) {
      const error = await apiError(client.index('movies').search('', { filter }));
      expect([filter, error.code, error.httpStatus]).toEqual([filter, 'invalid_search_filter', 400]);
    }
  });

  test('meili › sort needs a sortable attribute', async () => {
    const index = client.index('movies');
    expect((await apiError(index.search('', { sort: ['release_date:asc'] }))).code).toBe(
      'invalid_search_sort',
    );
    await client.waitForTask((await index.updateSortableAttributes(['release_date'])).taskUid);
    const res = await index.search('', { sort: ['release_date:desc'] });
    expect(res.hits.map((h) => h.id)).toEqual([287947, 299537, 522681, 166428]);
  });

  test('meili › stats: numberOfDocuments, isIndexing, fieldDistribution', async () => {
    const stats = await client.index('movies').getStats();
    expect(stats).toMatchObject({
      numberOfDocuments: 4,
      isIndexing: false,
      fieldDistribution: { id: 4, title: 4, genres: 4, release_date: 4, user: 4 },
    });
    const all = await client.getStats();
    expect(all.indexes.movies).toMatchObject({ numberOfDocuments: 4 });
  });
});

describe('meili test server › tasks', () => {
  test('meili › GET /tasks/:uid of an unknown task is 404 task_not_found', async () => {
    const error = await apiError(client.getTask(987654));
    expect([error.code, error.httpStatus]).toEqual(['task_not_found', 404]);
  });

  test('meili › GET /tasks filters by uids, statuses, types and indexUids, newest first, with from/next', async () => {
    const since = new Date(Date.now() - 1000);
    const a = await client.createIndex('movies');
    const b = await client.createIndex('movies');
    const c = await client.index('books').addDocuments([{ id: 1 }]);
    await client.waitForTasks([a.taskUid, b.taskUid, c.taskUid]);
    const mine = [a.taskUid, b.taskUid, c.taskUid];
    const all = await client.getTasks({ uids: mine });
    expect(all.results.map((t) => t.uid)).toEqual([...mine].reverse());
    expect((await client.getTasks({ uids: mine, statuses: ['failed'] })).results.map((t) => t.uid)).toEqual([
      b.taskUid,
    ]);
    expect(
      (await client.getTasks({ uids: mine, types: ['documentAdditionOrUpdate'] })).results.map((t) => t.uid),
    ).toEqual([c.taskUid]);
    expect((await client.getTasks({ uids: mine, indexUids: ['movies'] })).results.map((t) => t.uid)).toEqual([
      b.taskUid,
      a.taskUid,
    ]);
    expect((await client.getTasks({ uids: mine, afterEnqueuedAt: since })).results).toHaveLength(3);
    const page = await client.getTasks({ uids: mine, limit: 2 });
    expect(page).toMatchObject({ limit: 2, from: c.taskUid, next: a.taskUid });
    const rest = await client.getTasks({ uids: mine, limit: 2, from: page.next as number });
    expect(rest.results.map((t) => t.uid)).toEqual([a.taskUid]);
    expect(rest.next).toBeNull();
  });

  test('meili › a task is enqueued, then processing, then succeeded; waitForTask times out', async () => {
    if (meili.kind === 'test-server' && 'engine' in meili) meili.faults.slow({ taskMs: 150 });
    const enqueued = await client.index('movies').addDocuments(movies, { primaryKey: 'id' });
    const seen: string[] = [enqueued.status];
    for (;;) {
      const task = await client.getTask(enqueued.taskUid);
      if (seen[seen.length - 1] !== task.status) seen.push(task.status);
      if (task.status === 'succeeded' || task.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen[0]).toBe('enqueued');
    expect(seen[seen.length - 1]).toBe('succeeded');
    expect(['enqueued', 'processing', 'succeeded'].filter((s) => seen.includes(s))).toEqual(seen);
    if (meili.kind === 'test-server' && 'engine' in meili)
      expect(seen).toEqual(['enqueued', 'processing', 'succeeded']);
    await expect(client.waitForTask(enqueued.taskUid, { timeOutMs: 0 })).rejects.toBeInstanceOf(
      MeiliSearchTimeOutError,
    );
  });

  test('meili › cancelTasks needs a filter; deleteTasks hides finished tasks', async () => {
    const missing = await apiError(client.cancelTasks({}));
    expect(missing.code).toBe('missing_task_filters');
    const t = await client.createIndex('movies');
    await client.waitForTask(t.taskUid);
    const deletion = await client.waitForTask((await client.deleteTasks({ uids: [t.taskUid] })).taskUid);
    expect(deletion).toMatchObject({
      type: 'taskDeletion',
      status: 'succeeded',
      details: { deletedTasks: 1 },
    });
    expect((await apiError(client.getTask(t.taskUid))).code).toBe('task_not_found');
  });
});

describe('meili test server › swap-indexes', () => {
  test('meili › swapping exchanges documents and settings; the task has indexUid null and details.swaps', async () => {
    await seedMovies('movies');
    const before = await client.waitForTask(
      (await client.index('movies_new').updateSettings({ filterableAttributes: ['title'] })).taskUid,
    );
    await client.waitForTask(
      (await client.index('movies_new').addDocuments([{ id: 1, title: 'New' }])).taskUid,
    );
    const enqueued = await client.swapIndexes([{ indexes: ['movies', 'movies_new'] }]);
    expect(enqueued).toMatchObject({ indexUid: null, type: 'indexSwap', status: 'enqueued' });
    const task = await client.waitForTask(enqueued.taskUid);
    expect(task).toMatchObject({
      status: 'succeeded',
      details: { swaps: [{ indexes: ['movies', 'movies_new'] }] },
    });
    expect((await client.index('movies').getDocuments()).results).toEqual([{ id: 1, title: 'New' }]);
    expect(await client.index('movies').getFilterableAttributes()).toEqual(['title']);
    expect((await client.index('movies_new').getStats()).numberOfDocuments).toBe(4);
    // The task history follows the swap: the settings task of movies_new now names movies.
    expect((await client.getTask(before.uid)).indexUid).toBe('movies');
  });

  test('meili › swapping a missing index fails with index_not_found; a duplicate is refused', async () => {
    await client.waitForTask((await client.createIndex('a')).taskUid);
    const task = await client.waitForTask((await client.swapIndexes([{ indexes: ['a', 'b'] }])).taskUid);
    expect([task.status, task.error?.code]).toEqual(['failed', 'index_not_found']);
    const dup = await apiError(client.swapIndexes([{ indexes: ['a', 'a'] }]));
    expect([dup.code, dup.httpStatus]).toEqual(['invalid_swap_duplicate_index_found', 400]);
  });
});

describe('meili test server › fault switches', () => {
  test('meili › down resets connections until reset; the client reports a communication error', async () => {
    meili.faults.down();
    await expect(client.getIndexes()).rejects.toBeInstanceOf(MeiliSearchCommunicationError);
    expect(await client.isHealthy()).toBe(false);
    meili.faults.reset();
    expect(await client.isHealthy()).toBe(true);
  });

  test('meili › slow delays every response', async () => {
    meili.faults.slow({ requestMs: 120 });
    const started = Date.now();
    await client.health();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  test('meili › failNextTasks fails exactly the next n document writes, as an internal error', async () => {
    await client.waitForTask((await client.createIndex('movies', { primaryKey: 'id' })).taskUid);
    meili.faults.failNextTasks(2);
    const outcomes: string[] = [];
    for (const movie of movies.slice(0, 3)) {
      // The test server fails the task; the fault proxy of a real Meilisearch fails the request.
      try {
        const task = await client.waitForTask((await client.index('movies').addDocuments([movie])).taskUid);
        outcomes.push(task.status === 'failed' ? `failed:${task.error?.type}` : task.status);
      } catch (error) {
        outcomes.push(`failed:${(error as ApiError).type}`);
      }
    }
    expect(outcomes).toEqual(['failed:internal', 'failed:internal', 'succeeded']);
    expect((await client.index('movies').getStats()).numberOfDocuments).toBe(1);
  });

  test('meili › rejectDocuments fails any task carrying a matching document', async () => {
    await client.waitForTask((await client.createIndex('movies', { primaryKey: 'id' })).taskUid);
    meili.faults.rejectDocuments((doc) => doc.title === 'Escape Room');
    const bad = await client.waitForTask((await client.index('movies').addDocuments(movies)).taskUid);
    expect(bad.status).toBe('failed');
    const good = await client.waitForTask(
      (await client.index('movies').addDocuments(movies.slice(0, 2))).taskUid,
    );
    expect(good.status).toBe('succeeded');
    expect((await client.index('movies').getStats()).numberOfDocuments).toBe(2);
    const writes = await meili.documentWrites();
    expect(writes.map((w) => [w.type, w.status, w.ids.length])).toEqual([
      ['add', 'failed', 4],
      ['add', 'succeeded', 2],
    ]);
  });
});
