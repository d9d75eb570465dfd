import { Buffer } from 'node:buffer';
import { differential } from '../harness/index.js';
import { at, C, decodeCursor, ids, insertDoc, pick, seedConvos, U1, U2 } from './support.js';

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');

/** Twelve conversations: repeated titles and timestamps, missing titles, archives, pins, tags. */
async function seed(methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) {
  await seedConvos(methods, [
    { conversationId: C(1), title: 'beta', createdAt: at(1), updatedAt: at(10), tags: ['work'] },
    { conversationId: C(2), title: 'alpha', createdAt: at(2), updatedAt: at(10), pinned: true },
    { conversationId: C(3), title: 'beta', createdAt: at(3), updatedAt: at(12), tags: ['home', 'work'] },
    { conversationId: C(4), createdAt: at(4), updatedAt: at(9) },
    { conversationId: C(5), title: null, createdAt: at(5), updatedAt: at(9) },
    {
      conversationId: C(6),
      title: 'Gamma',
      createdAt: at(6),
      updatedAt: at(8),
      isArchived: true,
      archivedAt: at(30),
    },
    { conversationId: C(7), title: 'delta', createdAt: at(7), updatedAt: at(7), isArchived: true },
    {
      conversationId: C(8),
      title: 'eps',
      createdAt: at(8),
      updatedAt: at(6),
      isArchived: true,
      archivedAt: at(30),
    },
    {
      conversationId: C(9),
      title: 'temp',
      createdAt: at(9),
      updatedAt: at(5),
      isTemporary: true,
      expiredAt: at(600000),
    },
    {
      conversationId: C(10),
      title: 'child',
      createdAt: at(10),
      updatedAt: at(4),
      subagentThread: {
        rootConversationId: C(1),
        parentConversationId: C(1),
        parentMessageId: 'm',
        parentToolCallId: 't',
        subagentType: 'x',
        subagentKind: 'agent',
        depth: 1,
      },
    },
    { conversationId: C(11), title: 'proj', createdAt: at(11), updatedAt: at(3), chatProjectId: null },
    { conversationId: C(12), title: 'other', createdAt: at(12), updatedAt: at(2), user: U2 },
  ]);
}

async function pages(methods: Parameters<typeof seed>[0], options: Record<string, unknown>, limit = 2) {
  const out: unknown[] = [];
  let cursor: string | null | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await methods.getConvosByCursor(U1, { ...options, limit, cursor });
    out.push({ ids: ids(page), nextCursor: decodeCursor(page.nextCursor) });
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

for (const sortBy of ['updatedAt', 'createdAt', 'title', 'archivedAt']) {
  for (const sortDirection of ['desc', 'asc']) {
    differential(
      `conversations › getConvosByCursor pages by ${sortBy} ${sortDirection} (active and archived)`,
      async ({ methods }) => {
        await seed(methods);
        return {
          active: await pages(methods, { sortBy, sortDirection }),
          archived: await pages(methods, { sortBy, sortDirection, isArchived: true }, 1),
        };
      },
    );
  }
}

differential(
  'conversations › getConvosByCursor filters: pinned, tags, project, shared flag, page projection',
  async ({ methods, dal }) => {
    await seed(methods);
    await insertDoc(dal, 'SharedLink', 'sharedlinks', { conversationId: C(1), user: U1, shareId: 's1' });
    await insertDoc(dal, 'SharedLink', 'sharedlinks', {
      conversationId: C(2),
      user: U1,
      shareId: 's2',
      expiredAt: at(-1e6),
    });
    const firstPage = await methods.getConvosByCursor(U1, { limit: 3 });
    return {
      // chatProjectId left out: FerretDB does not store the null default of the upsert (see pick).
      firstPage: {
        conversations: firstPage.conversations.map((c) =>
          pick(c, [
            '_id',
            'conversationId',
            'endpoint',
            'title',
            'createdAt',
            'updatedAt',
            'archivedAt',
            'isArchived',
            'user',
            'model',
            'pinned',
            'isShared',
            'tags',
            'isTemporary',
          ]),
        ),
        nextCursor: decodeCursor(firstPage.nextCursor),
      },
      pinned: ids(await methods.getConvosByCursor(U1, { pinned: true })),
      tags: ids(await methods.getConvosByCursor(U1, { tags: ['work'] })),
      unassigned: ids(await methods.getConvosByCursor(U1, { projectId: 'unassigned' })),
      project: ids(await methods.getConvosByCursor(U1, { projectId: '6a00000000000000000000ff' })),
      defaults: ids(await methods.getConvosByCursor(U1)),
    };
  },
  { exactDates: true },
);

differential(
  'conversations › getConvosByCursor limits: clamped to 1..100, NaN is 25',
  async ({ methods }) => {
    await seed(methods);
    return {
      zero: ids(await methods.getConvosByCursor(U1, { limit: 0 })),
      negative: ids(await methods.getConvosByCursor(U1, { limit: -5 })),
      nan: ids(await methods.getConvosByCursor(U1, { limit: Number.NaN })),
      fraction: ids(await methods.getConvosByCursor(U1, { limit: 2.9 })),
    };
  },
);

differential(
  'conversations › getConvosByCursor cursors: legacy, null group, invalid, malformed dates',
  async ({ methods }) => {
    await seed(methods);
    const get = (cursor: string, extra: Record<string, unknown> = {}) =>
      methods
        .getConvosByCursor(U1, { cursor, limit: 3, ...extra })
        .then(ids, (e: Error) => ({ error: e.message }));
    return {
      legacy: await get(encode({ primary: at(10).toISOString(), secondary: at(10).toISOString() })),
      legacyTitle: await get(encode({ primary: 'beta', secondary: at(12).toISOString() }), {
        sortBy: 'title',
      }),
      nullGroupDesc: await get(
        encode({ primary: null, secondary: at(9).toISOString(), id: 'ffffffffffffffffffffffff' }),
        { sortBy: 'title' },
      ),
      nullGroupAsc: await get(encode({ primary: null, secondary: at(9).toISOString() }), {
        sortBy: 'title',
        sortDirection: 'asc',
      }),
      garbage: await get('not base64 json'),
      badDate: await get(encode({ primary: 'yesterday', secondary: at(1).toISOString() })),
      noSecondary: await get(encode({ primary: 'beta' }), { sortBy: 'title' }),
      badId: await get(encode({ primary: at(10).toISOString(), secondary: at(10).toISOString(), id: 'zz' })),
    };
  },
);

differential(
  'conversations › getConvosByCursor rejects an unknown sortBy; any direction but asc is descending',
  async ({ methods }) => {
    await seed(methods);
    return {
      invalid: await methods.getConvosByCursor(U1, { sortBy: 'model' }).catch((e: Error) => e.message),
      sideways: ids(await methods.getConvosByCursor(U1, { sortDirection: 'sideways' })),
    };
  },
);

differential(
  'conversations › getConvosQueried: visible ones by updatedAt desc, cursor, map',
  async ({ methods }) => {
    await seed(methods);
    const all = [1, 2, 3, 4, 5, 6, 9, 10, 12].map((n) => ({ conversationId: C(n) }));
    const first = await methods.getConvosQueried(U1, all, null, 3);
    const next = await methods.getConvosQueried(U1, all, first.nextCursor, 3);
    const fields = [
      'conversationId',
      'title',
      'updatedAt',
      'createdAt',
      'isShared',
      'user',
      'endpoint',
      'isArchived',
    ];
    return {
      first: {
        conversations: first.conversations.map((c) => pick(c, fields)),
        nextCursor: first.nextCursor,
        keys: Object.keys(first.convoMap),
      },
      next: { ids: ids(next), nextCursor: next.nextCursor, keys: Object.keys(next.convoMap) },
      start: ids(await methods.getConvosQueried(U1, all, 'start', 50)),
      none: await methods.getConvosQueried(U1, [], null),
      nothing: await methods.getConvosQueried(U1, null),
    };
  },
  { exactDates: true },
);
