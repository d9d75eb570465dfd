import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { at, C, decodeCursor, errorOf, seedConvos, stats, U1, U2 } from './support.js';

// The limits upstream truncates to, from the librechat-data-provider @librechat/dal runs with.
const { MAX_CHAT_PROJECT_NAME_LENGTH, MAX_CHAT_PROJECT_DESCRIPTION_LENGTH } = createRequire(import.meta.url)(
  '../../packages/dal/node_modules/librechat-data-provider',
) as { MAX_CHAT_PROJECT_NAME_LENGTH: number; MAX_CHAT_PROJECT_DESCRIPTION_LENGTH: number };

differential(
  'chatProjects › createChatProject trims and truncates; a blank name is refused',
  async ({ methods }) => {
    const plain = await methods.createChatProject(U1, { name: '  Research  ', description: '  notes ' });
    const long = await methods.createChatProject(U1, {
      name: `${'n'.repeat(MAX_CHAT_PROJECT_NAME_LENGTH)}overflow`,
      description: 'd'.repeat(MAX_CHAT_PROJECT_DESCRIPTION_LENGTH + 5),
    });
    const nullDescription = await methods.createChatProject(U1, { name: 'x', description: null });
    const blank = await methods.createChatProject(U1, { name: '   ' }).catch(errorOf);
    return {
      plain,
      long: { name: long.name.length, description: long.description?.length },
      nullDescription,
      blank,
      one: await methods.getChatProject(U1, String(plain._id)),
      otherUser: await methods.getChatProject(U2, String(plain._id)),
      invalidId: await methods.getChatProject(U1, 'not-an-id'),
      unknown: await methods.getChatProject(U1, '6b00000000000000000000ff'),
    };
  },
);

differential(
  'chatProjects › updateChatProject sets name and description, validates, is owner-scoped',
  async ({ methods }) => {
    const project = await methods.createChatProject(U1, { name: 'Old', description: 'old' });
    const id = String(project._id);
    return {
      renamed: await methods.updateChatProject(U1, id, { name: '  New  ' }),
      described: await methods.updateChatProject(U1, id, { description: '  about  ' }),
      cleared: await methods.updateChatProject(U1, id, { description: null }),
      nothing: await methods.updateChatProject(U1, id, {}),
      blank: await methods.updateChatProject(U1, id, { name: ' ' }).catch(errorOf),
      otherUser: await methods.updateChatProject(U2, id, { name: 'Stolen' }),
      invalidId: await methods.updateChatProject(U1, 'zzz', { name: 'x' }),
      stored: await methods.getChatProject(U1, id),
    };
  },
);

differential(
  'chatProjects › assignConversationToProject refusals: unknown chat, bad or foreign project',
  async ({ methods }) => {
    const a = String((await methods.createChatProject(U1, { name: 'A' }))._id);
    const theirs = String((await methods.createChatProject(U2, { name: 'Theirs' }))._id);
    await seedConvos(methods, [{ conversationId: C(1), title: 'one', createdAt: at(0), updatedAt: at(10) }]);
    return {
      unknownConvo: await methods.assignConversationToProject(U1, C(99), a),
      otherUsersConvo: await methods.assignConversationToProject(U2, C(1), theirs),
      invalidProject: await methods.assignConversationToProject(U1, C(1), 'nope').catch(errorOf),
      otherUsersProject: await methods.assignConversationToProject(U1, C(1), theirs).catch(errorOf),
      unknownProject: await methods
        .assignConversationToProject(U1, C(1), '6b00000000000000000000ff')
        .catch(errorOf),
      untouched: (await methods.getConvo(U1, C(1)))?.chatProjectId ?? 'none',
      stats: stats(await methods.getChatProject(U1, a)),
    };
  },
  { exactDates: [at(10)] },
);

differential(
  'chatProjects › assignConversationToProject moves a chat in, across and out, refreshing stats',
  async ({ methods }) => {
    const a = String((await methods.createChatProject(U1, { name: 'A' }))._id);
    const b = String((await methods.createChatProject(U1, { name: 'B' }))._id);
    const theirs = String((await methods.createChatProject(U2, { name: 'Theirs' }))._id);
    await seedConvos(methods, [
      { conversationId: C(1), title: 'one', createdAt: at(0), updatedAt: at(10) },
      { conversationId: C(2), title: 'two', createdAt: at(1), updatedAt: at(20) },
      { conversationId: C(3), title: 'three', createdAt: at(2), updatedAt: at(30), isArchived: true },
    ]);
    const view = (r: Awaited<ReturnType<typeof methods.assignConversationToProject>>) =>
      r && {
        previousProjectId: r.previousProjectId,
        projectId: r.projectId,
        chatProjectId: r.conversation.chatProjectId,
        conversationId: r.conversation.conversationId,
      };
    const steps = {
      in1: view(await methods.assignConversationToProject(U1, C(1), a)),
      in2: view(await methods.assignConversationToProject(U1, C(2), a)),
      archived: view(await methods.assignConversationToProject(U1, C(3), a)),
      afterIn: [stats(await methods.getChatProject(U1, a)), stats(await methods.getChatProject(U1, b))],
      across: view(await methods.assignConversationToProject(U1, C(2), b)),
      afterAcross: [stats(await methods.getChatProject(U1, a)), stats(await methods.getChatProject(U1, b))],
      out: view(await methods.assignConversationToProject(U1, C(1), null)),
      emptyString: view(await methods.assignConversationToProject(U1, C(2), '')),
      afterOut: [stats(await methods.getChatProject(U1, a)), stats(await methods.getChatProject(U1, b))],
      unknownConvo: await methods.assignConversationToProject(U1, C(99), a),
      otherUsersConvo: await methods.assignConversationToProject(U2, C(1), theirs),
      invalidProject: await methods.assignConversationToProject(U1, C(1), 'nope').catch(errorOf),
      otherUsersProject: await methods.assignConversationToProject(U1, C(1), theirs).catch(errorOf),
    };
    return steps;
  },
  { exactDates: [at(10), at(20), at(30)] },
);

differential(
  'chatProjects › refreshChatProjectStats counts visible chats only (archived, expired, temporary excluded)',
  async ({ methods }) => {
    const p = String((await methods.createChatProject(U1, { name: 'P' }))._id);
    const future = new Date(Date.now() + 86_400_000);
    await seedConvos(methods, [
      { conversationId: C(1), chatProjectId: p, createdAt: at(0), updatedAt: at(5) },
      { conversationId: C(2), chatProjectId: p, createdAt: at(1), updatedAt: at(50), isArchived: true },
      {
        conversationId: C(3),
        chatProjectId: p,
        createdAt: at(2),
        updatedAt: at(40),
        isTemporary: true,
        expiredAt: future,
      },
      { conversationId: C(4), chatProjectId: p, createdAt: at(3), updatedAt: at(60), expiredAt: at(-1) },
      {
        conversationId: C(5),
        chatProjectId: p,
        createdAt: at(4),
        updatedAt: at(30),
        isTemporary: false,
        expiredAt: future,
      },
      { conversationId: C(6), chatProjectId: p, user: U2, createdAt: at(4), updatedAt: at(90) },
    ]);
    return {
      refreshed: stats(await methods.refreshChatProjectStats(U1, p)),
      otherUser: await methods.refreshChatProjectStats(U2, p),
      invalid: await methods.refreshChatProjectStats(U1, 'nope'),
    };
  },
  { exactDates: [at(5), at(30), at(40), at(50), at(60), at(90), at(-1)] },
);

differential('chatProjects › deleteChatProject detaches its conversations', async ({ methods }) => {
  const p = String((await methods.createChatProject(U1, { name: 'P' }))._id);
  const q = String((await methods.createChatProject(U1, { name: 'Q' }))._id);
  await seedConvos(methods, [
    { conversationId: C(1), chatProjectId: p, createdAt: at(0), updatedAt: at(1) },
    { conversationId: C(2), chatProjectId: p, createdAt: at(0), updatedAt: at(2) },
    { conversationId: C(3), chatProjectId: q, createdAt: at(0), updatedAt: at(3) },
  ]);
  const deleted = await methods.deleteChatProject(U1, p);
  const again = await methods.deleteChatProject(U1, p);
  const otherUser = await methods.deleteChatProject(U2, q);
  const invalid = await methods.deleteChatProject(U1, 'nope');
  const convos = await Promise.all([1, 2, 3].map((n) => methods.getConvo(U1, C(n))));
  return {
    deleted,
    again,
    otherUser,
    invalid,
    chatProjectIds: convos.map((c) => c?.chatProjectId ?? 'none'),
    remaining: (await methods.listChatProjects(U1)).projects.map((x) => x.name),
  };
});

/** Every page of a listing, names and decoded cursors. */
async function pages(
  methods: Parameters<Parameters<typeof differential>[1]>[0]['methods'],
  options: Record<string, unknown>,
) {
  const out: { names: string[]; cursor: unknown }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await methods.listChatProjects(U1, { ...options, cursor });
    out.push({ names: page.projects.map((p) => p.name), cursor: decodeCursor(page.nextCursor) });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

differential(
  'chatProjects › listChatProjects pages every sort both ways, null bucket included',
  async ({ methods }) => {
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'alpha', 'Zulu', 'foxtrot', 'golf', 'hotel'];
    const ids: string[] = [];
    for (const name of names)
      ids.push(String((await methods.createChatProject(U1, { name, description: `about ${name}` }))._id));
    await methods.createChatProject(U2, { name: 'not mine' });
    // Four projects get activity (two on the same instant), six stay in the null bucket.
    await seedConvos(methods, [
      { conversationId: C(1), chatProjectId: ids[0], createdAt: at(0), updatedAt: at(10) },
      { conversationId: C(2), chatProjectId: ids[3], createdAt: at(0), updatedAt: at(30) },
      { conversationId: C(3), chatProjectId: ids[5], createdAt: at(0), updatedAt: at(30) },
      { conversationId: C(4), chatProjectId: ids[8], createdAt: at(0), updatedAt: at(20) },
    ]);
    const result: Record<string, unknown> = {};
    for (const sortBy of ['name', 'createdAt', 'lastConversationAt'] as const) {
      for (const sortDirection of ['asc', 'desc'] as const) {
        result[`${sortBy}-${sortDirection}`] = await pages(methods, { sortBy, sortDirection, limit: 3 });
      }
    }
    result.defaults = await pages(methods, {});
    result.badSort = await pages(methods, { sortBy: 'title', sortDirection: 'sideways', limit: 4 });
    return result;
  },
  { exactDates: [at(10), at(20), at(30)] },
);

differential('chatProjects › listChatProjects search, limits and malformed cursors', async ({ methods }) => {
  for (const name of ['Tax (2030)', 'tax notes', 'Travel', 'a.b*c']) {
    await methods.createChatProject(U1, { name, description: name === 'Travel' ? 'TAX receipts' : '' });
  }
  const names = async (options: Record<string, unknown>) =>
    (await methods.listChatProjects(U1, options)).projects.map((p) => p.name);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
  return {
    search: await names({ search: ' tax ', sortBy: 'name', sortDirection: 'asc' }),
    regexChars: await names({ search: '(2030)' }),
    literalDot: await names({ search: 'a.b*' }),
    noMatch: await names({ search: 'zzz' }),
    zeroLimit: await names({ limit: 0, sortBy: 'name' }),
    fractional: await names({ limit: 1.7, sortBy: 'name' }),
    huge: (await names({ limit: 1000 })).length,
    garbageCursor: await names({ cursor: '%%%', sortBy: 'name' }),
    badIdCursor: await names({ cursor: b64({ primary: 'a', id: 'x' }), sortBy: 'name' }),
    badDateCursor: await names({
      cursor: b64({ primary: 'not a date', id: '6b0000000000000000000009' }),
      sortBy: 'createdAt',
    }),
    nullPrimaryByName: await names({
      cursor: b64({ primary: null, id: '6b0000000000000000000009' }),
      sortBy: 'name',
    }),
  };
});

describe('[postgresql] chatProjects › assignConversationToProject (FerretDB cannot run it: findAndModify with a projection)', () => {
  test('moving a chat keeps both projects’ counts and latest chat right; an archived chat is not counted', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const { methods } = dal;
    const a = String((await methods.createChatProject(U1, { name: 'A' }))._id);
    const b = String((await methods.createChatProject(U1, { name: 'B' }))._id);
    await seedConvos(methods, [
      { conversationId: C(1), createdAt: at(0), updatedAt: at(10) },
      { conversationId: C(2), createdAt: at(1), updatedAt: at(20) },
      { conversationId: C(3), createdAt: at(2), updatedAt: at(30), isArchived: true },
    ]);
    const project = async (id: string) =>
      (await methods.getChatProject(U1, id)) as {
        conversationCount: number;
        lastConversationId: string | null;
      };

    const first = await methods.assignConversationToProject(U1, C(1), a);
    expect(first).toMatchObject({
      previousProjectId: null,
      projectId: a,
      conversation: { chatProjectId: a },
    });
    await methods.assignConversationToProject(U1, C(2), a);
    await methods.assignConversationToProject(U1, C(3), a);
    // The assignment is a write: C2, moved last among the visible ones, is the latest chat.
    expect(await project(a)).toMatchObject({ conversationCount: 2, lastConversationId: C(2) });

    const across = await methods.assignConversationToProject(U1, C(2), b);
    expect(across).toMatchObject({ previousProjectId: a, projectId: b });
    expect(await project(a)).toMatchObject({ conversationCount: 1, lastConversationId: C(1) });
    expect(await project(b)).toMatchObject({ conversationCount: 1, lastConversationId: C(2) });

    const out = await methods.assignConversationToProject(U1, C(2), null);
    expect(out).toMatchObject({ previousProjectId: b, projectId: null });
    expect(out?.conversation.chatProjectId).toBeUndefined();
    expect(await project(b)).toMatchObject({ conversationCount: 0, lastConversationId: null });
    expect((await methods.getConvo(U1, C(2)))?.chatProjectId).toBeUndefined();
  });
});
