/**
 * Background tool results: updateToolCallResult patches a persisted tool_call part,
 * claimBackgroundToolResults elects one consumer, releaseBackgroundToolResultClaims undoes it.
 */
import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { CONVO, errorText, seed, T0, USER } from './support.js';

const handle = (taskId: string, tool = 'bash') =>
  JSON.stringify({ background_task_id: taskId, status: 'running', tool });

const message = (extra: Record<string, unknown> = {}) => ({
  messageId: 'resp-1',
  conversationId: CONVO,
  user: USER,
  model: 'gpt-4o',
  isCreatedByUser: false,
  createdAt: T0,
  content: [
    { type: 'text', text: 'working' },
    { type: 'tool_call', tool_call: { id: 'call_1', name: 'bash', output: handle('task-1') } },
    {
      type: 'tool_call',
      agentId: 'agent-b',
      tool_call: { id: 'call_1', name: 'bash', output: handle('task-2') },
    },
    {
      type: 'tool_call',
      tool_call: { id: 'call_3', name: 'grep', output: handle('task-3', 'grep'), agentId: 'agent-a' },
    },
  ],
  ...extra,
});

const settle = (taskId: string, extra: Record<string, unknown> = {}) => ({
  taskId,
  toolName: 'bash',
  status: 'completed' as const,
  settledAt: new Date('2030-01-02T03:04:05Z'),
  ...extra,
});
const settledAt = new Date('2030-01-02T03:04:05Z');

const claimWith =
  (methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) =>
  (extra: Record<string, unknown>) =>
    methods
      .claimBackgroundToolResults({
        userId: USER,
        conversationId: CONVO,
        taskId: 'task-1',
        kind: 'manual',
        claimId: 'claim-1',
        ...extra,
      } as never)
      .catch(errorText);

const unfinished = {
  ...message(),
  messageId: 'resp-2',
  unfinished: true,
  createdAt: new Date(T0.getTime() + 1),
};

/** Early exits of the claim (no filtered-positional write): comparable on every MongoDB server. */
differential(
  'messages › claimBackgroundToolResults: invalid input, unknown message, not ready',
  async ({ methods }) => {
    await seed(methods, [message(), unfinished]);
    const claim = claimWith(methods);
    return {
      invalidKind: await claim({ kind: 'other' }),
      invalidLimit: await claim({ limit: 0 }),
      generationOnWakeup: await claim({ kind: 'wakeup', generationId: 'g' }),
      unfinishedOnWakeup: await claim({ kind: 'wakeup', allowUnfinished: true }),
      unknownMessage: await claim({ messageId: 'nope' }),
      notReadyUnfinished: await claim({ messageId: 'resp-2' }),
      notReadyRunning: await claim({ messageId: 'resp-1' }),
    };
  },
);

/** Without a messageId the row is found by `$elemMatch` on the content parts. */
differential(
  'messages › claimBackgroundToolResults by task: not found, outcome unknown from the handle',
  async ({ methods }) => {
    await seed(methods, [message(), unfinished]);
    const claim = claimWith(methods);
    return {
      notFound: await claim({ taskId: 'task-9' }),
      outcomeUnknown: await claim({ taskId: 'task-3' }),
      outcomeUnknownOtherAgent: await claim({ taskId: 'task-3', agentId: 'agent-z' }),
      notReady: await claim({ taskId: 'task-1' }),
    };
  },
);

differential(
  'messages › updateToolCallResult settles a tool call, then one consumer claims it',
  async ({ methods }) => {
    await seed(methods, [message()]);
    const settled = await methods.updateToolCallResult({
      userId: USER,
      messageId: 'resp-1',
      conversationId: CONVO,
      toolCallId: 'call_1',
      agentId: 'agent-a',
      output: 'stdout',
      markBackgrounded: true,
      backgroundTask: settle('task-1', { completionWakeup: true }),
    });
    const acquired = await methods.claimBackgroundToolResults({
      userId: USER,
      conversationId: CONVO,
      taskId: 'task-1',
      kind: 'wakeup',
      claimId: 'w-1',
    });
    const competing = await methods.claimBackgroundToolResults({
      userId: USER,
      conversationId: CONVO,
      messageId: 'resp-1',
      taskId: 'task-1',
      kind: 'manual',
      claimId: 'm-1',
    });
    const released = await methods.releaseBackgroundToolResultClaims({
      userId: USER,
      conversationId: CONVO,
      messageId: 'resp-1',
      kind: 'wakeup',
      claimId: 'w-1',
    });
    const stored = await methods.getMessage({ user: USER, messageId: 'resp-1' });
    return { settled, acquired, competing, released, content: stored?.content };
  },
  { exactDates: [settledAt] },
);

describe('[postgresql] messages › background tool results', () => {
  const setup = async () => {
    const dal = await fileDal('postgresql');
    await dal.methods.deleteMessages({});
    await seed(dal.methods, [message()]);
    return dal.methods;
  };

  test('settle patches only the matching part (agent-scoped) and disarms the wakeup', async () => {
    const methods = await setup();
    const result = await methods.updateToolCallResult({
      userId: USER,
      messageId: 'resp-1',
      conversationId: CONVO,
      toolCallId: 'call_1',
      agentId: 'agent-b',
      output: 'agent b output',
      backgroundTask: settle('task-2'),
    });
    expect(result).toEqual({ matched: true, unfinished: false });
    const content = (await methods.getMessage({ user: USER, messageId: 'resp-1' }))?.content as Record<
      string,
      any
    >[];
    // call_1 without agent identity is a wildcard part: it matches agent-b too, as upstream's rule says.
    expect(content[1]?.tool_call.output).toBe('agent b output');
    expect(content[2]?.tool_call.output).toBe('agent b output');
    expect(content[2]?.tool_call.backgroundTask).toEqual({
      version: 1,
      taskId: 'task-2',
      toolName: 'bash',
      status: 'completed',
      cancelled: false,
      settledAt,
    });
    expect(content[3]?.tool_call.output).toBe(handle('task-3', 'grep'));
    const none = await methods.updateToolCallResult({
      userId: USER,
      messageId: 'resp-1',
      conversationId: CONVO,
      toolCallId: 'call_9',
      output: 'x',
    });
    expect(none).toEqual({ matched: false, unfinished: false });
    expect(
      await methods.updateToolCallResult({
        userId: USER,
        messageId: 'resp-1',
        conversationId: CONVO,
        toolCallId: 'call_1',
      }),
    ).toEqual({ matched: false, unfinished: false });
  });

  test('attachments merge idempotently, replacing only this tool call’s entries', async () => {
    const methods = await setup();
    const call = { userId: USER, messageId: 'resp-1', conversationId: CONVO, toolCallId: 'call_3' };
    const file = (v: number) => ({ file_id: 'f-1', toolCallId: 'call_3', version: v });
    await methods.updateToolCallResult({ ...call, attachments: [file(1)] });
    await methods.updateToolCallResult({
      ...call,
      attachments: [file(2), { filepath: '/p', toolCallId: 'call_3' }],
    });
    await methods.updateToolCallResult({
      ...call,
      toolCallId: 'call_1',
      attachments: [{ file_id: 'f-1', toolCallId: 'call_1' }],
    });
    const stored = await methods.getMessage({ user: USER, messageId: 'resp-1' });
    expect(stored?.attachments).toEqual([
      file(2),
      { filepath: '/p', toolCallId: 'call_3' },
      { file_id: 'f-1', toolCallId: 'call_1' },
    ]);
  });

  test('claims: wakeup batch of settled siblings, replay, release, unfinished rows wait', async () => {
    const methods = await setup();
    const base = { userId: USER, messageId: 'resp-1', conversationId: CONVO };
    await methods.updateToolCallResult({
      ...base,
      toolCallId: 'call_1',
      agentId: 'agent-a',
      output: 'one',
      backgroundTask: settle('task-1', { completionWakeup: true }),
    });
    await methods.updateToolCallResult({
      ...base,
      toolCallId: 'call_3',
      output: 'three',
      backgroundTask: settle('task-3', { toolName: 'grep', completionWakeup: true }),
    });
    const claim = {
      userId: USER,
      conversationId: CONVO,
      taskId: 'task-1',
      kind: 'wakeup' as const,
      claimId: 'w-1',
    };
    const acquired = await methods.claimBackgroundToolResults(claim);
    expect(acquired.status).toBe('acquired');
    const ids = acquired.status === 'acquired' ? acquired.results.map((r) => r.taskId).sort() : [];
    expect(ids).toEqual(['task-1', 'task-3']);
    expect(acquired).toMatchObject({ messageId: 'resp-1' });
    expect((await methods.claimBackgroundToolResults(claim)).status).toBe('acquired');
    const other = await methods.claimBackgroundToolResults({ ...claim, kind: 'manual', claimId: 'm-1' });
    expect(other).toEqual({
      status: 'claimed',
      claim: { kind: 'wakeup', claimId: 'w-1' },
      messageId: 'resp-1',
    });
    expect(
      await methods.releaseBackgroundToolResultClaims({
        ...base,
        taskIds: ['task-3'],
        kind: 'wakeup',
        claimId: 'w-1',
      }),
    ).toBe(true);
    expect(
      await methods.releaseBackgroundToolResultClaims({
        ...base,
        taskIds: [],
        kind: 'wakeup',
        claimId: 'w-1',
      }),
    ).toBe(true);
    expect(await methods.releaseBackgroundToolResultClaims({ ...base, kind: 'wakeup', claimId: 'w-1' })).toBe(
      true,
    );
    const manual = await methods.claimBackgroundToolResults({
      ...claim,
      kind: 'manual',
      claimId: 'm-1',
      generationId: 'gen-1',
    });
    expect(manual.status).toBe('acquired');
    const content = (await methods.getMessage({ user: USER, messageId: 'resp-1' }))?.content as Record<
      string,
      any
    >[];
    expect(content[1]?.tool_call.backgroundTask.resultClaim).toMatchObject({
      kind: 'manual',
      claimId: 'm-1',
      generationId: 'gen-1',
    });
    expect(content[3]?.tool_call.backgroundTask.resultClaim).toBeUndefined();
    expect(
      await methods.releaseBackgroundToolResultClaims({
        ...base,
        messageId: 'nope',
        kind: 'manual',
        claimId: 'm-1',
      }),
    ).toBe(false);
  });
});
