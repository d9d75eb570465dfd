/** Subagent task rows: control receipts, replay and the one-consumer result claim. */
import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { CONVO, errorText, seed, T0, USER } from './support.js';

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const receipt = (invocationId: string, status: string, extra: Record<string, unknown> = {}) => ({
  invocationId,
  fingerprint: `fp-${invocationId}`,
  action: 'steer',
  status,
  createdAt: at(1),
  updatedAt: at(2),
  ...extra,
});

const taskRows = (taskId: string, inputStatus = 'running', receipts?: unknown[]) => [
  {
    messageId: `${taskId}:user`,
    conversationId: CONVO,
    user: USER,
    model: 'm',
    text: 'do it',
    createdAt: at(0),
    subagentTask: {
      attemptKey: `a-${taskId}`,
      status: inputStatus,
      ...(receipts ? { controlReceipts: receipts } : {}),
    },
  },
  {
    messageId: `${taskId}:assistant`,
    conversationId: CONVO,
    user: USER,
    model: 'm',
    text: 'done',
    createdAt: at(5),
    subagentTask: { attemptKey: `a-${taskId}`, status: 'completed' },
  },
];

const dates = Array.from({ length: 10 }, (_, i) => at(i));

differential(
  'messages › getSubagentTaskControlReceipt reads one receipt; reservations stay private',
  async ({ methods }) => {
    await seed(methods, taskRows('t1', 'running', [receipt('i-1', 'accepted'), receipt('i-2', 'reserved')]));
    const read = (invocationId: string, extra: Record<string, unknown> = {}) =>
      methods
        .getSubagentTaskControlReceipt({
          userId: USER,
          conversationId: CONVO,
          taskId: 't1',
          invocationId,
          ...extra,
        })
        .catch(errorText);
    return {
      accepted: await read('i-1'),
      reserved: await read('i-2'),
      missing: await read('i-3'),
      otherTenant: await read('i-1', { tenantId: 'tenant-x' }),
      invalid: await read(''),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › releaseSubagentTaskResultClaim releases only the exact claim',
  async ({ methods }) => {
    await seed(methods, [
      {
        messageId: 't2:assistant',
        conversationId: CONVO,
        user: USER,
        model: 'm',
        createdAt: at(0),
        subagentTask: {
          attemptKey: 'a',
          status: 'completed',
          resultClaim: { kind: 'wakeup', claimId: 'c-1', claimedAt: at(1) },
        },
      },
    ]);
    const release = (kind: string, claimId: string) =>
      methods
        .releaseSubagentTaskResultClaim({
          userId: USER,
          conversationId: CONVO,
          taskId: 't2',
          kind: kind as never,
          claimId,
        })
        .catch(errorText);
    return {
      wrongKind: await release('manual', 'c-1'),
      wrongId: await release('wakeup', 'c-2'),
      exact: await release('wakeup', 'c-1'),
      again: await release('wakeup', 'c-1'),
      invalid: await release('other', 'c-1'),
    };
  },
);

differential(
  'messages › recordSubagentTaskControlReceipt appends, advances, conflicts and fences on a running task',
  async ({ methods }) => {
    await seed(methods, [...taskRows('t3'), ...taskRows('t4', 'completed')]);
    const record = (taskId: string, r: Record<string, unknown>) =>
      methods
        .recordSubagentTaskControlReceipt({
          userId: USER,
          conversationId: CONVO,
          taskId,
          receipt: r as never,
        })
        .catch(errorText);
    return {
      first: await record('t3', receipt('i-1', 'reserved')),
      accepted: await record('t3', receipt('i-1', 'accepted')),
      same: await record('t3', receipt('i-1', 'accepted')),
      conflict: await record('t3', receipt('i-1', 'applied', { fingerprint: 'other' })),
      applied: await record('t3', receipt('i-1', 'applied')),
      notRunning: await record('t4', receipt('i-9', 'accepted')),
      terminalRejection: await record('t4', receipt('i-9', 'rejected', { reason: 'task_not_running' })),
      invalid: await record('t3', receipt('i-2', 'accepted', { action: 'nope' })),
      stored: await methods.getSubagentTaskControlReceipt({
        userId: USER,
        conversationId: CONVO,
        taskId: 't3',
        invocationId: 'i-1',
      }),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › claimSubagentTaskResult acquires once, replays, reports the competing claim',
  async ({ methods }) => {
    await seed(methods, taskRows('t5'));
    const claim = (kind: string, claimId: string, taskId = 't5') =>
      methods
        .claimSubagentTaskResult({
          userId: USER,
          conversationId: CONVO,
          taskId,
          kind: kind as never,
          claimId,
        })
        .catch(errorText);
    const strip = (r: unknown) => {
      if (r && typeof r === 'object' && 'name' in r) return r; // a captured error
      const x = r as {
        status: string;
        message?: { subagentTask?: { resultClaim?: Record<string, unknown> } };
      };
      return {
        status: x.status,
        claim: x.message?.subagentTask?.resultClaim && {
          kind: x.message.subagentTask.resultClaim.kind,
          claimId: x.message.subagentTask.resultClaim.claimId,
        },
        keys: x.message ? Object.keys(x.message).sort() : undefined,
      };
    };
    return {
      acquired: strip(await claim('wakeup', 'w-1')),
      replay: strip(await claim('wakeup', 'w-1')),
      competing: strip(await claim('manual', 'm-1')),
      missing: strip(await claim('manual', 'm-1', 't9')),
      invalid: await claim('manual', ''),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › getSubagentTaskControlReplay: validation and unknown receipts',
  async ({ methods }) => {
    await seed(methods, taskRows('t6', 'running', [receipt('i-1', 'accepted')]));
    const replay = (extra: Record<string, unknown>) =>
      methods
        .getSubagentTaskControlReplay({
          userId: USER,
          parentConversationId: 'parent',
          taskId: 't6',
          invocationId: 'i-9',
          ...extra,
        } as never)
        .catch(errorText);
    return { unknown: await replay({}), invalid: await replay({ parentConversationId: '' }) };
  },
);

describe('[postgresql] messages › subagent task control receipts and result claims', () => {
  const setup = async () => {
    const dal = await fileDal('postgresql');
    await dal.methods.deleteMessages({});
    return dal.methods;
  };

  test('receipts: reserved → accepted → applied, idempotent, conflicting fingerprints refused', async () => {
    const methods = await setup();
    await seed(methods, taskRows('t3'));
    const record = (r: Record<string, unknown>) =>
      methods.recordSubagentTaskControlReceipt({
        userId: USER,
        conversationId: CONVO,
        taskId: 't3',
        receipt: r as never,
      });
    expect(await record(receipt('i-1', 'reserved'))).toBe(true);
    expect(
      await methods.getSubagentTaskControlReceipt({
        userId: USER,
        conversationId: CONVO,
        taskId: 't3',
        invocationId: 'i-1',
      }),
    ).toBeNull();
    expect(await record(receipt('i-1', 'accepted'))).toBe(true);
    expect(await record(receipt('i-1', 'reserved'))).toBe('unchanged');
    expect(await record(receipt('i-1', 'applied', { fingerprint: 'x' }))).toBe('conflict');
    expect(await record(receipt('i-1', 'applied'))).toBe(true);
    expect(await record(receipt('i-1', 'failed'))).toBe('unchanged');
    expect(
      await methods.getSubagentTaskControlReceipt({
        userId: USER,
        conversationId: CONVO,
        taskId: 't3',
        invocationId: 'i-1',
      }),
    ).toMatchObject({ invocationId: 'i-1', status: 'applied' });
    await expect(record(receipt('', 'accepted'))).rejects.toThrow('Invalid subagent task control receipt');
  });

  test('receipts on a settled task: only a task_not_running rejection is recorded', async () => {
    const methods = await setup();
    await seed(methods, taskRows('t4', 'completed'));
    const record = (r: Record<string, unknown>) =>
      methods.recordSubagentTaskControlReceipt({
        userId: USER,
        conversationId: CONVO,
        taskId: 't4',
        receipt: r as never,
      });
    expect(await record(receipt('i-1', 'accepted'))).toBe(false);
    expect(await record(receipt('i-1', 'rejected', { reason: 'task_not_running' }))).toBe(true);
  });

  test('result claim: acquired once; a different claimant sees claimed; release reopens it', async () => {
    const methods = await setup();
    await seed(methods, taskRows('t5'));
    const base = { userId: USER, conversationId: CONVO, taskId: 't5' };
    const first = await methods.claimSubagentTaskResult({ ...base, kind: 'wakeup', claimId: 'w-1' });
    expect(first.status).toBe('acquired');
    expect(first.status !== 'not_found' && first.message.subagentTask?.resultClaim).toMatchObject({
      kind: 'wakeup',
      claimId: 'w-1',
    });
    expect((await methods.claimSubagentTaskResult({ ...base, kind: 'wakeup', claimId: 'w-1' })).status).toBe(
      'acquired',
    );
    expect((await methods.claimSubagentTaskResult({ ...base, kind: 'manual', claimId: 'm-1' })).status).toBe(
      'claimed',
    );
    expect(await methods.releaseSubagentTaskResultClaim({ ...base, kind: 'wakeup', claimId: 'w-1' })).toBe(
      true,
    );
    expect((await methods.claimSubagentTaskResult({ ...base, kind: 'manual', claimId: 'm-1' })).status).toBe(
      'acquired',
    );
    expect(
      (await methods.claimSubagentTaskResult({ ...base, taskId: 'none', kind: 'manual', claimId: 'm-1' }))
        .status,
    ).toBe('not_found');
  });
});
