/**
 * The search reads: `searchMessages` and `getConvosByCursor({ search })` answer through Meili on
 * PostgreSQL as upstream's plugin does on MongoDB (differential, same Meili), fail the same way
 * when Meili is down, and — PostgreSQL only — fall back to PostgreSQL full-text search when search
 * is not configured.
 */

import type { Dal } from '@librechat/dal';
import { beforeAll, describe, expect, test } from 'vitest';
import { differential, resetDal } from '../harness/index.js';
import { prepare, searchDal, settle } from './support/index.js';
import { meili } from './support/meiliEnv.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const OTHER = '65a1b2c3d4e5f60718293a4c';
const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NO_PARENT = '00000000-0000-0000-0000-000000000000';
const T0 = new Date('2030-01-01T00:00:00.000Z');

const convos = () => [
  {
    conversationId: C(1),
    user: USER,
    endpoint: 'openAI',
    title: 'Postgres migration plan',
    tags: [],
    updatedAt: new Date(T0.getTime() + 1000),
  },
  {
    conversationId: C(2),
    user: USER,
    endpoint: 'openAI',
    title: 'Holiday ideas',
    tags: [],
    updatedAt: new Date(T0.getTime() + 2000),
  },
  {
    conversationId: C(3),
    user: USER,
    endpoint: 'openAI',
    title: 'Weekly notes',
    tags: [],
    updatedAt: new Date(T0.getTime() + 3000),
  },
  {
    conversationId: C(4),
    user: OTHER,
    endpoint: 'openAI',
    title: 'Postgres for another user',
    tags: [],
    updatedAt: new Date(T0.getTime() + 4000),
  },
];

const messages = () =>
  [
    [C(1), USER, 'How do we move the sidebar to PostgreSQL?'],
    [C(2), USER, 'A beach with good snorkeling'],
    [C(3), USER, 'Remember to vacuum the postgres tables'],
    [C(3), USER, 'Lunch on Friday'],
    [C(4), OTHER, 'postgres tuning for another user'],
  ].map(([conversationId, user, text], i) => ({
    messageId: `q-${i}`,
    conversationId,
    user,
    parentMessageId: NO_PARENT,
    isCreatedByUser: true,
    sender: 'User',
    model: 'gpt-4o',
    text,
    createdAt: new Date(T0.getTime() + i * 1000),
    updatedAt: new Date(T0.getTime() + i * 1000),
  }));

async function seed(dal: Dal): Promise<void> {
  await prepare(dal);
  await dal.methods.bulkSaveConvos(convos() as never);
  await dal.methods.bulkSaveMessages(messages() as never, true);
  await settle(dal);
}

const ids = (page: { conversations: { conversationId?: string }[] }) =>
  page.conversations.map((c) => c.conversationId);

differential(
  'search › getConvosByCursor({ search }) finds conversations by title and by message text, for the user only',
  async ({ dal, methods }) => {
    await seed(dal);
    return {
      postgres: ids(await methods.getConvosByCursor(USER, { search: 'postgres' })),
      prefix: ids(await methods.getConvosByCursor(USER, { search: 'snork' })),
      title: ids(await methods.getConvosByCursor(USER, { search: 'weekly' })),
      none: await methods.getConvosByCursor(USER, { search: 'zebra' }),
      other: ids(await methods.getConvosByCursor(OTHER, { search: 'postgres' })),
      ascending: ids(await methods.getConvosByCursor(USER, { search: 'postgres', sortDirection: 'asc' })),
    };
  },
  { exactDates: true, timeout: 120_000 },
);

differential(
  'search › searchMessages(q, { filter: user }, hydrate): Meili hits merged over the stored messages',
  async ({ dal, methods }) => {
    await seed(dal);
    const hydrated = await methods.searchMessages('postgres', { filter: `user = "${USER}"` }, true);
    const plain = await methods.searchMessages(
      'vacuum',
      { filter: `user = "${USER}"`, attributesToRetrieve: ['messageId'] },
      false,
    );
    return { hydrated, plain };
  },
  {
    exactDates: true,
    unordered: true,
    ignore: ['hydrated.processingTimeMs', 'plain.processingTimeMs'],
    timeout: 120_000,
  },
);

differential(
  'search › with Meili down, getConvosByCursor({ search }) fails with "Error during meiliSearch"',
  async ({ dal, methods }) => {
    await seed(dal);
    meili.faults.down();
    try {
      const convo = await methods
        .getConvosByCursor(USER, { search: 'postgres' })
        .catch((e: Error) => ({ error: e.message }));
      const message = await methods.searchMessages('postgres', { filter: `user = "${USER}"` }, false).then(
        () => 'answered',
        (e: Error) => e.name,
      );
      return { convo, message };
    } finally {
      meili.faults.reset();
    }
  },
  { timeout: 120_000 },
);

describe('[postgresql] search › database fallback (search not configured)', () => {
  let dal: Dal;
  beforeAll(async () => {
    dal = await searchDal('postgresql', { enabled: false, host: undefined, apiKey: undefined });
    await resetDal(dal);
    await dal.methods.bulkSaveConvos(convos() as never);
    await dal.methods.bulkSaveMessages(messages() as never, true);
  });

  test('search › getConvosByCursor({ search }) matches titles and message text with PostgreSQL full-text search', async () => {
    expect(dal.search.enabled).toBe(false);
    expect(ids(await dal.methods.getConvosByCursor(USER, { search: 'postgres' }))).toEqual([C(3), C(1)]);
    expect(ids(await dal.methods.getConvosByCursor(USER, { search: 'POSTGRESQL sidebar' }))).toEqual([C(1)]);
    expect(ids(await dal.methods.getConvosByCursor(USER, { search: 'holi' }))).toEqual([C(2)]);
    expect(ids(await dal.methods.getConvosByCursor(OTHER, { search: 'postgres' }))).toEqual([C(4)]);
    expect(await dal.methods.getConvosByCursor(USER, { search: 'zebra' })).toEqual({
      conversations: [],
      nextCursor: null,
    });
  });

  test('search › searchMessages answers in Meili’s shape with Meili documents, best full-text rank first', async () => {
    const res = await dal.methods.searchMessages('postgres', { filter: `user = "${USER}"` }, false);
    expect(res).toMatchObject({ query: 'postgres', limit: 20, offset: 0, estimatedTotalHits: 2 });
    expect(res.hits).toEqual([
      {
        messageId: 'q-2',
        conversationId: C(3),
        user: USER,
        sender: 'User',
        text: 'Remember to vacuum the postgres tables',
      },
      {
        messageId: 'q-0',
        conversationId: C(1),
        user: USER,
        sender: 'User',
        text: 'How do we move the sidebar to PostgreSQL?',
      },
    ]);
    const hydrated = await dal.methods.searchMessages('vacuum', { filter: `user = "${USER}"` }, true);
    expect(hydrated.hits[0]).toMatchObject({ messageId: 'q-2', model: 'gpt-4o', isCreatedByUser: true });
    const paged = await dal.methods.searchMessages(
      'postgres',
      { filter: `user = "${USER}"`, limit: 1, offset: 1 },
      false,
    );
    expect(paged.hits.map((h) => h.messageId)).toEqual(['q-0']);
  });

  test('search › the fallback understands only the user filter LibreChat sends', async () => {
    await expect(
      dal.methods.searchMessages('postgres', { filter: 'sender = "User"' }, false),
    ).rejects.toThrow('supports only the filter `user = "<id>"`');
  });

  test('search › status and reindex need Meili; the report says so', async () => {
    const status = await dal.search.status();
    expect(status.map((s) => [s.index, s.presentInMeili, typeof s.meiliError])).toEqual([
      ['messages', null, 'string'],
      ['convos', null, 'string'],
    ]);
    await expect(dal.search.reindex()).rejects.toThrow('MeiliSearch is not configured');
  });
});
