import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const OTHER = '65a1b2c3d4e5f60718293a4c';

differential(
  'toolCalls › createToolCall returns the document; getToolCallById reads it back',
  async ({ methods }) => {
    const created = await methods.createToolCall({
      conversationId: 'c1',
      messageId: 'm1',
      toolId: 'execute_code',
      user: USER,
      result: { stdout: 'hi', nested: { at: new Date('2030-01-01T00:00:00Z') } },
      attachments: [{ file_id: 'f1', filename: 'a.png' }],
      blockIndex: 2,
      partIndex: 0,
    });
    const id = String((created as { _id: unknown })._id);
    return { created, read: await methods.getToolCallById(id) };
  },
  { exactDates: [new Date('2030-01-01T00:00:00Z')] },
);

differential('toolCalls › createToolCall validation and cast errors are wrapped', async ({ methods }) => ({
  missing: await methods.createToolCall({ conversationId: 'c1', user: USER }).catch((e: Error) => e.message),
  badUser: await methods
    .createToolCall({ conversationId: 'c1', messageId: 'm', toolId: 't', user: 'not-an-id' })
    .catch((e: Error) => e.message),
}));

differential(
  'toolCalls › getToolCallById: unknown id is null, malformed id is a wrapped cast error',
  async ({ methods }) => ({
    unknown: await methods.getToolCallById('0123456789abcdef01234567'),
    malformed: await methods.getToolCallById('nope').catch((e: Error) => e.message),
  }),
);

differential('toolCalls › by message and by conversation are scoped to the user', async ({ methods }) => {
  for (const [messageId, user] of [
    ['m1', USER],
    ['m1', USER],
    ['m2', USER],
    ['m1', OTHER],
  ] as const) {
    await methods.createToolCall({ conversationId: 'c1', messageId, toolId: 't', user });
  }
  await methods.createToolCall({ conversationId: 'c2', messageId: 'm9', toolId: 't', user: USER });
  return {
    byMessage: await methods.getToolCallsByMessage('m1', USER),
    byConvo: await methods.getToolCallsByConvo('c1', USER),
    other: await methods.getToolCallsByConvo('c1', OTHER),
    none: await methods.getToolCallsByMessage('m1', '0123456789abcdef01234567'),
  };
});

differential('toolCalls › updateToolCall sets fields and returns the new document', async ({ methods }) => {
  const created = (await methods.createToolCall({
    conversationId: 'c1',
    messageId: 'm1',
    toolId: 't',
    user: USER,
  })) as {
    _id: unknown;
  };
  const id = String(created._id);
  return {
    updated: await methods.updateToolCall(id, { result: { ok: true }, partIndex: 3 }),
    unknown: await methods.updateToolCall('0123456789abcdef01234567', { partIndex: 1 }),
    malformed: await methods.updateToolCall('x', { partIndex: 1 }).catch((e: Error) => e.message),
  };
});

differential('toolCalls › deleteToolCalls by user, and by user and conversation', async ({ methods }) => {
  for (const conversationId of ['c1', 'c1', 'c2']) {
    await methods.createToolCall({ conversationId, messageId: 'm', toolId: 't', user: USER });
  }
  await methods.createToolCall({ conversationId: 'c1', messageId: 'm', toolId: 't', user: OTHER });
  const one = await methods.deleteToolCalls(USER, 'c1');
  const rest = await methods.deleteToolCalls(USER);
  return { one, rest, otherLeft: (await methods.getToolCallsByConvo('c1', OTHER)).length };
});

describe('[postgresql] toolCalls › an expired tool call is gone, as after the TTL monitor', () => {
  test('readers skip a tool call whose expiredAt has passed', async () => {
    const dal = await fileDal('postgresql');
    const { methods } = dal;
    const past = (await methods.createToolCall({
      conversationId: 'cx',
      messageId: 'mx',
      toolId: 't',
      user: USER,
      expiredAt: new Date(Date.now() - 1000),
    })) as { _id: unknown };
    const future = (await methods.createToolCall({
      conversationId: 'cx',
      messageId: 'mx',
      toolId: 't',
      user: USER,
      expiredAt: new Date(Date.now() + 3_600_000),
    })) as { _id: unknown };
    expect(await methods.getToolCallById(String(past._id))).toBeNull();
    expect(await methods.updateToolCall(String(past._id), { partIndex: 1 })).toBeNull();
    const listed = await methods.getToolCallsByMessage('mx', USER);
    expect(listed.map((t) => String(t._id))).toEqual([String(future._id)]);
    expect((await methods.getToolCallsByConvo('cx', USER)).length).toBe(1);
    expect((await methods.deleteToolCalls(USER, 'cx')).deletedCount).toBe(2);
  });
});
