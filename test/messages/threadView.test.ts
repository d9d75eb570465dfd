/**
 * getMessagesForSubagentThreadView (bounded public projection of a child thread) and
 * listSubagentTasksForThreads (newest task outcomes per child thread). Upstream computes both in
 * aggregation pipelines; FerretDB lacks most of their operators (allow-listed), so the
 * `[postgresql]` suite asserts the projection rules callers rely on.
 */
import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { CONVO, CONVO2, seed, T0, USER } from './support.js';

const at = (s: number) => new Date(T0.getTime() + s * 1000);

const rows = () => [
  {
    messageId: 't1:user',
    conversationId: CONVO,
    user: USER,
    model: 'm',
    text: 'task one',
    isCreatedByUser: true,
    createdAt: at(0),
    subagentTask: {
      attemptKey: 'a1',
      status: 'running',
      controlReceipts: [
        {
          invocationId: 'i-1',
          fingerprint: 'f',
          action: 'steer',
          status: 'accepted',
          createdAt: at(1),
          updatedAt: at(1),
          message: 'x'.repeat(200),
        },
        {
          invocationId: 'i-2',
          fingerprint: 'f',
          action: 'cancel',
          status: 'reserved',
          createdAt: at(1),
          updatedAt: at(1),
        },
      ],
    },
  },
  {
    messageId: 't1:assistant',
    conversationId: CONVO,
    user: USER,
    model: 'm',
    text: 'Ünïcödé answer 😀 that is long',
    createdAt: at(1),
    unfinished: false,
    content: [
      { type: 'text', text: 'writing' },
      { type: 'think', think: 'hmm' },
      {
        type: 'tool_call',
        tool_call: {
          id: 'c1',
          name: 'bash',
          args: 'ls',
          output: 'a\nb',
          progress: 1,
          runStepStatus: 'completed',
        },
      },
      {
        type: 'activity_label',
        activity_label: 'Phase',
        activity_label_type: 'phase',
        tool_call_ids: ['c1'],
        status: 'ok',
        pending: false,
      },
      { type: 'image_file' },
    ],
    subagentTask: { attemptKey: 'a1', status: 'completed' },
    subagentTranscript: { taskId: 't1', mode: 'append', messagesJson: '[{"role":"assistant"}]' },
  },
  { messageId: 't2:user', conversationId: CONVO, user: USER, model: 'm', text: 'task two', createdAt: at(2) },
  {
    messageId: 't2:assistant',
    conversationId: CONVO,
    user: USER,
    model: 'm',
    text: 'two',
    error: true,
    createdAt: at(3),
    subagentActivityProjection: {
      taskId: 't2',
      version: 1,
      activityJson: '[{"type":"writing"}]',
      truncated: true,
    },
    subagentTriggerProjection: { version: 1, eventType: 'push', sourceType: 'github', occurredAt: at(3) },
  },
  { messageId: 'plain', conversationId: CONVO, user: USER, model: 'm', text: 'hello', createdAt: at(4) },
  {
    messageId: 't3:user',
    conversationId: CONVO2,
    user: USER,
    model: 'm',
    text: 'other thread',
    createdAt: at(5),
  },
];

const dates = Array.from({ length: 8 }, (_, i) => at(i));

differential(
  'messages › getMessagesForSubagentThreadView: bounded page, sources, selected task, before anchor',
  async ({ methods }) => {
    await seed(methods, rows());
    const view = (extra: Record<string, unknown>) =>
      methods.getMessagesForSubagentThreadView({
        user: USER,
        conversationId: CONVO,
        limit: 10,
        textCodePointLimit: 12,
        ...extra,
      } as never);
    return {
      page: await view({}),
      selected: await view({ selectedTaskId: 't1', limit: 1 }),
      before: await view({ beforeMessageId: 't2:user' }),
      unknownAnchor: await view({ beforeMessageId: 'nope' }),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › listSubagentTasksForThreads: newest task outcomes per child thread',
  async ({ methods }) => {
    await seed(methods, rows());
    return {
      tasks: await methods.listSubagentTasksForThreads({
        user: USER,
        conversationIds: [CONVO, CONVO2],
        limitPerThread: 5,
      }),
      one: await methods.listSubagentTasksForThreads({
        user: USER,
        conversationIds: [CONVO],
        limitPerThread: 1,
      }),
      none: await methods.listSubagentTasksForThreads({ user: USER, conversationIds: [], limitPerThread: 1 }),
    };
  },
  { exactDates: dates },
);

describe('[postgresql] messages › subagent thread views', () => {
  const setup = async () => {
    const { methods } = await fileDal('postgresql');
    await methods.deleteMessages({});
    await seed(methods, rows());
    return methods;
  };

  test('the page is newest first, text bounded by code points, private fields never leave', async () => {
    const methods = await setup();
    const page = (await methods.getMessagesForSubagentThreadView({
      user: USER,
      conversationId: CONVO,
      limit: 10,
      textCodePointLimit: 12,
    })) as Record<string, any>[];
    expect(page.map((m) => m.messageId)).toEqual([
      'plain',
      't2:assistant',
      't2:user',
      't1:assistant',
      't1:user',
    ]);
    const answer = page[3] as Record<string, any>;
    expect(answer.text).toBe('Ünïcödé answ');
    expect(answer.textProjectionTruncated).toBe(true);
    expect(answer.subagentActivity.map((a: { type: string }) => a.type)).toEqual([
      'writing',
      'reasoning',
      'tool',
      'activity_label',
    ]);
    expect(answer.subagentTranscript).toEqual({
      taskId: 't1',
      mode: 'append',
      messagesJson: '[{"role":"assistant"}]',
    });
    expect(answer.subagentTask).toEqual({
      status: 'completed',
      controlReceipts: [],
      controlReceiptsProjectionTruncated: false,
    });
    const input = page[4] as Record<string, any>;
    expect(input.subagentTask.controlReceipts).toHaveLength(1);
    expect(input.subagentTask.controlReceipts[0]).toMatchObject({
      invocationId: 'i-1',
      messageTruncated: true,
    });
    expect(input.subagentTask.controlReceipts[0].message).toHaveLength(128);
    expect(input.subagentTask.controlReceipts[0]).not.toHaveProperty('fingerprint');
    const two = page[1] as Record<string, any>;
    expect(two.subagentActivityProjectionJson).toBe('[{"type":"writing"}]');
    expect(two.subagentActivityProjectionTruncated).toBe(true);
    expect(two.subagentTriggerProjection).toEqual({
      version: 1,
      eventType: 'push',
      sourceType: 'github',
      occurredAt: at(3),
    });
    expect(page[0]).not.toHaveProperty('subagentTask');
  });

  test('tasks: newest first per thread, statuses derived from ordinary rows', async () => {
    const methods = await setup();
    const records = await methods.listSubagentTasksForThreads({
      user: USER,
      conversationIds: [CONVO, CONVO2],
      limitPerThread: 5,
    });
    expect(records.map((r) => r.conversationId)).toEqual([CONVO2, CONVO].sort());
    const main = records.find((r) => r.conversationId === CONVO);
    expect(main?.tasks.map((t) => [t.messageId, t.status, t.statusDerived])).toEqual([
      ['t2:assistant', 'error', true],
      ['t1:assistant', 'completed', false],
    ]);
    const other = records.find((r) => r.conversationId === CONVO2);
    expect(other?.tasks.map((t) => [t.messageId, t.status])).toEqual([['t3:user', 'running']]);
  });
});
