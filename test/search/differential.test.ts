/**
 * One Meili instance serves either engine: the same data written through each engine ends with
 * identical Meili contents (documents, primary keys, filterable attributes) and the same status
 * report — after the live sync (MongoDB: upstream's hooks then its startup sync `syncWithMeili`;
 * PostgreSQL: the outbox) and after a reindex.
 *
 * The sync scenario writes through the bulk and delete paths. Upstream's bulk sync sends raw
 * documents (content arrays unflattened) and indexes `unfinished` messages while its hooks do
 * neither; PostgreSQL always sends the hook-path document, so that scenario has no content arrays
 * and no unfinished messages — the hook path is compared by its own scenario (which FerretDB
 * cannot run: upstream's findOneAndUpdate with the plugin's select:false paths) and proven on
 * PostgreSQL against upstream's own preprocessObjectForIndex in outbox.test.ts.
 */
import './support/meiliEnv.js';
import { differential } from '../harness/index.js';
import { client, meiliSnapshot, prepare, settle } from './support/index.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const OTHER = '65a1b2c3d4e5f60718293a4c';
const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NO_PARENT = '00000000-0000-0000-0000-000000000000';
const T0 = new Date('2030-01-01T00:00:00.000Z');
const FAR = new Date('2099-01-01T00:00:00.000Z');
const PAST = new Date('2001-01-01T00:00:00.000Z');

function convos() {
  return [
    {
      conversationId: C(1),
      user: USER,
      endpoint: 'openAI',
      title: 'Postgres migration plan',
      tags: ['work'],
    },
    { conversationId: C(2), user: OTHER, endpoint: 'openAI', title: 'Holiday ideas', tags: [] },
    {
      conversationId: C(3),
      user: USER,
      endpoint: 'openAI',
      title: 'Temporary chat',
      tags: [],
      isTemporary: true,
      expiredAt: FAR,
    },
    {
      conversationId: C(4),
      user: USER,
      endpoint: 'openAI',
      title: 'Kept until 2099',
      tags: [],
      isTemporary: false,
      expiredAt: FAR,
    },
    {
      conversationId: C(5),
      user: USER,
      endpoint: 'openAI',
      title: 'Expired long ago',
      tags: [],
      isTemporary: false,
      expiredAt: PAST,
    },
    {
      conversationId: C(6),
      user: USER,
      endpoint: 'openAI',
      title: 'A subagent thread',
      tags: [],
      subagentThread: { parentConversationId: C(1), parentMessageId: 'm-1-0', agentId: 'agent_1' },
    },
    { conversationId: C(7), user: USER, endpoint: 'openAI', title: 'To be deleted', tags: ['old'] },
  ];
}

function messages(withContent: boolean) {
  const out: Record<string, unknown>[] = [];
  for (const [conversationId, user, n] of [
    [C(1), USER, 6],
    [C(2), OTHER, 3],
    [C(3), USER, 2],
    [C(7), USER, 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      out.push({
        messageId: `m-${conversationId.slice(-1)}-${i}`,
        conversationId,
        user,
        parentMessageId: i === 0 ? NO_PARENT : `m-${conversationId.slice(-1)}-${i - 1}`,
        isCreatedByUser: i % 2 === 0,
        sender: i % 2 === 0 ? 'User' : 'Assistant',
        model: 'gpt-4o',
        text: `message ${i} about indexes and ${user === USER ? 'postgres' : 'beaches'}`,
        ...(conversationId === C(3) ? { isTemporary: true, expiredAt: FAR } : {}),
        createdAt: new Date(T0.getTime() + out.length * 1000),
        updatedAt: new Date(T0.getTime() + out.length * 1000),
      });
    }
  }
  out.push({
    messageId: 'm-subagent',
    conversationId: C(6),
    user: USER,
    parentMessageId: NO_PARENT,
    isCreatedByUser: false,
    sender: 'Assistant',
    model: 'gpt-4o',
    text: 'subagent work',
    subagentTask: { taskId: 'task-1', status: 'completed' },
  });
  if (withContent) {
    out.push(
      {
        messageId: 'm-parts',
        conversationId: C(1),
        user: USER,
        parentMessageId: NO_PARENT,
        isCreatedByUser: false,
        sender: 'Assistant',
        model: 'gpt-4o',
        text: '',
        content: [
          { type: 'think', think: 'consider the outbox' },
          { type: 'text', text: 'Use a transactional outbox.' },
          { type: 'tool_call', tool_call: { name: 'search' } },
          { type: 'steer', steer: 'and be brief' },
        ],
      },
      {
        messageId: 'm-unfinished',
        conversationId: C(1),
        user: USER,
        parentMessageId: NO_PARENT,
        isCreatedByUser: false,
        sender: 'Assistant',
        model: 'gpt-4o',
        text: 'still streaming',
        unfinished: true,
      },
    );
  }
  return out;
}

const ignore = ['status.*.engine'];

differential(
  'search › bulk writes and deletions: the same Meili contents and status after sync',
  async ({ dal, methods }) => {
    await prepare(dal);
    await methods.bulkSaveConvos(convos() as never);
    await methods.bulkSaveMessages(messages(false) as never, true);
    await settle(dal);
    const afterWrites = await meiliSnapshot();
    await methods.deleteMessages({ messageId: 'm-1-5' });
    await methods.deleteConvos(USER, { conversationId: C(7) });
    await settle(dal);
    return { afterWrites, afterDeletes: await meiliSnapshot(), status: await dal.search.status() };
  },
  { ignore, timeout: 120_000 },
);

differential(
  'search › hook-path writes (saveConvo, saveMessage with content parts, updateMessage): the same Meili contents',
  async ({ dal, methods }) => {
    await prepare(dal);
    await methods.saveConvo(
      { userId: USER } as never,
      { conversationId: C(1), title: 'Hooks', endpoint: 'openAI' } as never,
    );
    await methods.saveMessage(
      { userId: USER },
      {
        messageId: 'h-1',
        conversationId: C(1),
        parentMessageId: NO_PARENT,
        sender: 'User',
        text: 'question about triggers',
        isCreatedByUser: true,
      },
    );
    await methods.saveMessage({ userId: USER }, {
      messageId: 'h-2',
      conversationId: C(1),
      parentMessageId: 'h-1',
      sender: 'Assistant',
      text: '',
      isCreatedByUser: false,
      content: [
        { type: 'think', think: 'the trigger runs in the transaction' },
        { type: 'text', text: 'Triggers see every write.' },
      ],
    } as never);
    await methods.updateMessage(USER, { messageId: 'h-1', text: 'question about triggers, edited' } as never);
    await methods.saveMessage({ userId: USER, isTemporary: true } as never, {
      messageId: 'h-3',
      conversationId: C(1),
      parentMessageId: 'h-2',
      sender: 'User',
      text: 'temporary',
      isCreatedByUser: true,
    });
    await settle(dal);
    return { meili: await meiliSnapshot(), status: await dal.search.status() };
  },
  { ignore, timeout: 120_000 },
);

differential(
  'search › reindex: the same Meili contents and status, stale documents gone',
  async ({ dal, methods }) => {
    await prepare(dal);
    await methods.bulkSaveConvos([
      ...convos(),
      { conversationId: 'legacy|pipe', user: USER, endpoint: 'openAI', title: 'Pipes', tags: [] },
    ] as never);
    await methods.bulkSaveMessages(messages(true) as never, true);
    // What a drifted index holds: a document no database has, and a stale copy of a real one.
    await client.waitForTask(
      (
        await client.index('messages').addDocuments([
          { messageId: 'ghost', conversationId: C(9), user: USER, text: 'not in any database' },
          { messageId: 'm-1-0', conversationId: C(1), user: USER, text: 'stale text' },
        ])
      ).taskUid,
    );
    const progress: string[] = [];
    const results = await dal.search.reindex({
      batchSize: 4,
      pipeline: 2,
      onProgress: (p) => {
        if (progress[progress.length - 1] !== p.phase) progress.push(p.phase);
      },
    });
    return {
      results: results.map(({ index, done, total, resumed, rejected }) => ({
        index,
        done,
        total,
        resumed,
        rejected,
      })),
      progress,
      meili: await meiliSnapshot(),
      status: await dal.search.status(),
      indexes: (await client.getRawIndexes()).results.map((i) => i.uid).sort(),
    };
  },
  { ignore, timeout: 120_000 },
);
