import { differential } from '../harness/index.js';
import { at, C, insertDoc, pick, seedConvos, U1, U2 } from './support.js';

const child = (n: number, parent: number, root = parent) => ({
  conversationId: C(n),
  title: `child ${n}`,
  subagentThread: {
    rootConversationId: C(root),
    parentConversationId: C(parent),
    parentMessageId: 'm',
    parentToolCallId: `t${n}`,
    subagentType: 'helper',
    subagentKind: 'agent',
    depth: 1,
  },
});

const message = (n: number, conversation: number, user = U1) => ({
  messageId: `m-${n}`,
  conversationId: C(conversation),
  user,
  text: `text ${n}`,
  isCreatedByUser: n % 2 === 0,
  createdAt: at(n),
  updatedAt: at(n),
});

differential(
  'conversations › deleteConvos: not found, and another user’s conversation is not found',
  async ({ methods }) => {
    await seedConvos(methods, [{ conversationId: C(1), title: 'a', user: U2 }]);
    return {
      missing: await methods.deleteConvos(U1, { conversationId: C(9) }).catch((e: Error) => e.message),
      notMine: await methods.deleteConvos(U1, { conversationId: C(1) }).catch((e: Error) => e.message),
      byFilter: await methods.deleteConvos(U1, { title: 'nothing' }).catch((e: Error) => e.message),
      allowEmpty: await methods.deleteConvos(U1, { title: 'nothing' }, { allowEmpty: true }),
      stillThere: pick(await methods.getConvo(U2, C(1)), ['conversationId', 'title']),
    };
  },
);

differential(
  'conversations › deleteConvos cascades to messages and child threads, tag counts clamped at 0',
  async ({ methods, dal }) => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'root', tags: ['work', 'work', 'home'] },
      { ...child(2, 1), tags: ['work'] },
      child(3, 2, 1),
      { conversationId: C(4), title: 'kept', tags: ['home'] },
    ]);
    await methods.bulkSaveMessages(
      [message(1, 1), message(2, 1), message(3, 2), message(4, 3), message(5, 4), message(6, 1, U2)],
      true,
    );
    await insertDoc(dal, 'ConversationTag', 'conversationtags', {
      user: U1,
      tag: 'work',
      count: 1,
      position: 1,
    });
    await insertDoc(dal, 'ConversationTag', 'conversationtags', {
      user: U1,
      tag: 'home',
      count: 5,
      position: 2,
    });
    const beforeDelete: string[][] = [];
    const result = await methods.deleteConvos(
      U1,
      { conversationId: C(1) },
      { beforeDelete: async (w) => void beforeDelete.push(w) },
    );
    return {
      result,
      beforeDelete,
      left: (await methods.getConvosByCursor(U1)).conversations.map((c) => c.conversationId),
      messages: (await methods.getMessages({}, 'messageId user')).map((m) => pick(m, ['messageId', 'user'])),
      tags: (await methods.getConversationTags(U1)).map((t) => pick(t, ['tag', 'count', 'position'])),
    };
  },
);

differential(
  'conversations › deleteConvos with a raw filter; recovery by root lineage after a partial delete',
  async ({ methods }) => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'x', model: 'gpt-4' },
      { conversationId: C(2), title: 'y', model: 'gpt-4' },
      { conversationId: C(3), title: 'z', model: 'claude' },
      child(5, 4),
    ]);
    await methods.bulkSaveMessages([message(1, 4)], true);
    return {
      byModel: await methods.deleteConvos(U1, { model: { $in: ['gpt-4'] } }),
      recovered: await methods.deleteConvos(U1, { conversationId: C(4) }),
      left: (await methods.getConvosByCursor(U1)).conversations.map((c) => c.conversationId),
    };
  },
);

differential(
  'conversations › deleteNullOrEmptyConversations removes conversations and messages without an id',
  async ({ methods }) => {
    await seedConvos(methods, [{ conversationId: C(1), title: 'kept' }]);
    await methods.bulkSaveConvos([{ conversationId: '', user: U1, title: 'empty' }]);
    await methods.bulkSaveMessages([{ ...message(1, 1), conversationId: '' }, message(2, 1)], true);
    const result = await methods.deleteNullOrEmptyConversations();
    return {
      result,
      left: await methods.getConvosByCursor(U1).then((p) => p.conversations.map((c) => c.conversationId)),
    };
  },
);

differential(
  'conversations › archiveAllConvos archives visible unarchived chats with one stamp, keeps updatedAt',
  async ({ methods }) => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'a', updatedAt: at(1), createdAt: at(0) },
      {
        conversationId: C(2),
        title: 'b',
        updatedAt: at(2),
        createdAt: at(0),
        isArchived: true,
        archivedAt: at(5),
      },
      {
        conversationId: C(3),
        title: 'c',
        updatedAt: at(3),
        createdAt: at(0),
        isTemporary: true,
        expiredAt: at(1e6),
      },
      { ...child(4, 1), updatedAt: at(4), createdAt: at(0) },
      { conversationId: C(5), title: 'e', updatedAt: at(5), createdAt: at(0), user: U2 },
      { conversationId: C(6), title: 'f', updatedAt: at(6), createdAt: at(0), isArchived: false },
    ]);
    const result = await methods.archiveAllConvos(U1);
    const archived = await methods.getConvosByCursor(U1, { isArchived: true });
    const again = await methods.archiveAllConvos(U1);
    return {
      result,
      again,
      archived: archived.conversations.map((c) => pick(c, ['conversationId', 'updatedAt', 'isArchived'])),
      stampsShared: new Set(
        archived.conversations.filter((c) => c.conversationId !== C(2)).map((c) => String(c.archivedAt)),
      ).size,
      active: (await methods.getConvosByCursor(U1)).conversations.map((c) => c.conversationId),
    };
  },
  { exactDates: [at(1), at(2), at(3), at(4), at(5), at(6)] },
);

differential(
  'conversations › bulkSaveConvos keeps the given timestamps, upserts by (conversationId, user), drops foreign projects',
  async ({ methods }) => {
    const result = await methods.bulkSaveConvos([
      {
        conversationId: C(1),
        user: U1,
        title: 'imported',
        createdAt: at(-50),
        updatedAt: at(-40),
        chatProjectId: '6a00000000000000000000ff',
      },
      {
        conversationId: C(1),
        user: U2,
        title: 'same id, other user',
        createdAt: at(-30),
        updatedAt: at(-20),
      },
      {
        conversationId: C(2),
        user: U1,
        title: 'fork',
        agentEventActor: { generation: 3 },
        initial_agent_id: 'a',
        codeEnvironmentMode: 'attached',
        codeWorkspaces: [{ environmentId: 'e', workspaceId: 'w' }],
      },
    ]);
    const again = await methods.bulkSaveConvos([
      { conversationId: C(1), user: U1, title: 'reimported', updatedAt: at(-10) },
    ]);
    // Defaults that reach the row only through $setOnInsert (initial_agent_id: null, chatProjectId:
    // null) are left out: FerretDB does not store null values of $setOnInsert (see support.pick).
    const fields = [
      'conversationId',
      'user',
      'title',
      'createdAt',
      'updatedAt',
      'codeEnvironmentMode',
      'codeWorkspaces',
      'agentEventActor',
    ];
    return {
      u1Project: (await methods.searchConversation(C(1), 'chatProjectId'))?.chatProjectId,
      result: pick(result, ['insertedCount', 'matchedCount', 'modifiedCount', 'upsertedCount']),
      again: pick(again, ['insertedCount', 'matchedCount', 'modifiedCount', 'upsertedCount']),
      u1: pick(await methods.searchConversation(C(1), null), fields),
      u2: pick(await methods.getConvo(U2, C(1)), fields),
      fork: pick(
        await methods.searchConversation(
          C(2),
          '+agentEventActor +initial_agent_id conversationId codeEnvironmentMode codeWorkspaces',
        ),
        fields,
      ),
      failure: await methods
        .bulkSaveConvos([{ conversationId: C(3), user: U1, createdAt: 'not a date' }])
        .catch((e: Error) => e.message),
    };
  },
  { exactDates: [at(-50), at(-40), at(-30), at(-20), at(-10)] },
);
