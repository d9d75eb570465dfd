import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import {
  at,
  CLIENT_MESSAGE_SELECT,
  CONVO,
  conversation,
  OTHER,
  readStored,
  seed,
  T0,
  USER,
} from './support.js';

const dates = Array.from({ length: 12 }, (_, i) => at(i));

differential(
  'messages › bulkSaveMessages inserts new messages with their own timestamps (overrideTimestamp)',
  async ({ methods, dal }) => {
    const result = await methods.bulkSaveMessages(conversation(4) as never, true);
    return {
      result,
      stored: await methods.getMessages({ conversationId: CONVO, user: USER }),
      hidden: await readStored(dal, { messageId: `${CONVO.slice(0, 8)}-msg-000` }),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › bulkSaveMessages without overrideTimestamp stamps now and ignores createdAt',
  async ({ methods }) => {
    const result = await methods.bulkSaveMessages(conversation(2) as never);
    return {
      result,
      stored: await methods.getMessages({ conversationId: CONVO }, 'messageId createdAt updatedAt'),
    };
  },
);

differential(
  'messages › bulkSaveMessages updates by messageId alone, later ops see earlier ones',
  async ({ methods }) => {
    await seed(methods, conversation(3));
    const [first, second] = conversation(3);
    const result = await methods.bulkSaveMessages(
      [
        // The upsert comes first: FerretDB reports every upsert of a batch at index 0.
        {
          messageId: 'fresh-1',
          conversationId: CONVO,
          user: USER,
          text: 'a',
          createdAt: at(10),
          updatedAt: at(10),
        },
        { ...first, text: 'edited', user: OTHER, tokenCount: 99 },
        {
          messageId: 'fresh-1',
          conversationId: CONVO,
          user: USER,
          text: 'b',
          createdAt: at(11),
          updatedAt: at(11),
        },
        { ...second },
      ] as never,
      true,
    );
    return {
      result,
      mine: await methods.getMessages({ conversationId: CONVO, user: USER }, 'messageId text user createdAt'),
      moved: await methods.getMessages({ user: OTHER }, 'messageId text tokenCount'),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › bulkSaveMessages normalises provenance and casts fields',
  async ({ methods, dal }) => {
    await methods.bulkSaveMessages(
      [
        {
          messageId: 'p1',
          model: 'gpt-4o',
          conversationId: CONVO,
          user: USER,
          text: 42,
          tokenCount: '7',
          isCreatedByUser: 'true',
          userSubmittedPaths: ['/content/0', 'no-slash', '/content/0', 3],
          userSubmittedMessageFieldPaths: [
            { path: '/x', field: 'answer' },
            { path: '/y', field: 'bogus' },
          ],
          unknownField: 'dropped',
          content: [{ type: 'text', text: 'hi', extra: { at: T0 } }],
          feedback: { rating: 'thumbsUp', tag: { k: 1 }, stray: true },
          createdAt: T0,
        },
        {
          messageId: 'p2',
          model: 'gpt-4o',
          conversationId: CONVO,
          user: USER,
          userSubmittedPaths: Array.from({ length: 300 }, (_, i) => `/p/${i}`),
          createdAt: at(1),
        },
        {
          messageId: 'p3',
          model: 'gpt-4o',
          conversationId: CONVO,
          user: USER,
          userSubmittedPaths: [],
          createdAt: at(2),
        },
      ] as never,
      true,
    );
    const stored = await methods.getMessages({ conversationId: CONVO }, '-userSubmittedPaths');
    const p2 = (await readStored(dal, { messageId: 'p2' })) as { userSubmittedPaths?: string[] };
    return { stored, p2Paths: p2?.userSubmittedPaths?.length };
  },
  { exactDates: dates },
);

differential('messages › bulkSaveMessages of nothing, and a cast error', async ({ methods }) => ({
  empty: await methods.bulkSaveMessages([] as never),
  castError: await methods
    .bulkSaveMessages([{ messageId: 'x', conversationId: CONVO, user: USER, tokenCount: 'many' }] as never)
    .catch((e: Error) => ({ name: e.name, message: e.message })),
}));

differential(
  'messages › getMessages with CLIENT_MESSAGE_SELECT strips server fields inside arrays',
  async ({ methods }) => {
    await seed(methods, [
      {
        messageId: 'sel-1',
        model: 'gpt-4o',
        conversationId: CONVO,
        user: USER,
        text: 'x',
        clientId: 'c',
        summary: 's',
        metadata: { thoughtSignatures: ['a'], keep: 1 },
        content: [
          {
            type: 'tool_call',
            tool_call: { id: 't', backgroundTask: { resultClaim: { kind: 'manual' }, taskId: 'k' } },
          },
          'plain',
        ],
        attachments: [
          {
            web_search: {
              organic: [{ link: 'a', sitelinks: [1], highlights: [2] }],
              knowledgeGraph: {},
              news: [],
            },
          },
          { file_id: 'f' },
        ],
        createdAt: T0,
      },
    ]);
    return methods.getMessages({ conversationId: CONVO, user: USER }, CLIENT_MESSAGE_SELECT);
  },
  { exactDates: [T0] },
);

describe('[postgresql] messages › bulkSaveMessages result and insert defaults', () => {
  test('upsertedIds are keyed by the op index within the batch, as the MongoDB driver reports them', async () => {
    const { methods } = await fileDal('postgresql');
    await methods.deleteMessages({});
    await seed(methods, conversation(1));
    const [existing] = conversation(1);
    const result = (await methods.bulkSaveMessages([
      { ...existing, text: 'x' },
      { messageId: 'n-1', conversationId: CONVO, user: USER },
    ] as never)) as { upsertedIds: Record<string, unknown>; matchedCount: number; upsertedCount: number };
    expect(Object.keys(result.upsertedIds)).toEqual(['1']);
    expect(result.matchedCount).toBe(1);
    expect(result.upsertedCount).toBe(1);
  });

  test('an upsert stores the null `model` default that mongoose puts in $setOnInsert (FerretDB drops it)', async () => {
    const { methods } = await fileDal('postgresql');
    await methods.deleteMessages({});
    await methods.bulkSaveMessages([{ messageId: 'd-1', conversationId: CONVO, user: USER }] as never);
    const [stored] = await methods.getMessages({ messageId: 'd-1' });
    expect(stored).toHaveProperty('model', null);
  });
});
