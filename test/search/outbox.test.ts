/**
 * The PostgreSQL search outbox: every write that changes an indexed document records a row in
 * the same transaction (triggers, so every write path — methods, bulk writes, the sweeper — is
 * covered), the worker sends exactly upstream's hook-path documents, and `_meiliIndex` follows.
 */

import { createRequire } from 'node:module';
import type { Dal } from '@librechat/dal';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { resetDal } from '../harness/index.js';
import { allDocuments, client, createMongoOracle, prepare, searchDal } from './support/index.js';
import { meili } from './support/meiliEnv.js';

const fromDal = createRequire(createRequire(import.meta.url).resolve('@librechat/dal'));
const { parseTextParts } = fromDal('librechat-data-provider') as {
  parseTextParts: (parts: unknown[], skipReasoning?: boolean, options?: { includeSteer?: boolean }) => string;
};

const USER = '65a1b2c3d4e5f60718293a4b';
const OTHER = '65a1b2c3d4e5f60718293a4c';
const C1 = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
const C2 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NO_PARENT = '00000000-0000-0000-0000-000000000000';

let dal: Dal;

async function outbox(): Promise<string[]> {
  const { rows } = await dal.engine.pool!.query<{ k: string }>(
    `SELECT index_uid || ':' || doc_key AS k FROM search_outbox ORDER BY 1`,
  );
  return rows.map((r) => r.k);
}

async function clearOutbox(): Promise<void> {
  await dal.engine.pool!.query('DELETE FROM search_outbox');
}

function message(messageId: string, extra: Record<string, unknown> = {}) {
  return {
    messageId,
    conversationId: C1,
    parentMessageId: NO_PARENT,
    sender: 'User',
    text: `text of ${messageId}`,
    isCreatedByUser: true,
    ...extra,
  };
}

beforeAll(async () => {
  dal = await searchDal('postgresql');
});

beforeEach(async () => {
  await resetDal(dal);
  await prepare(dal);
});

describe('[postgresql] search › outbox', () => {
  test('search › a change and its outbox row commit or roll back together', async () => {
    await dal.methods.saveMessage({ userId: USER }, message('m1'));
    await clearOutbox();
    const db = await dal.engine.pool!.connect();
    try {
      await db.query('BEGIN');
      await db.query(`UPDATE messages SET text = 'changed' WHERE message_id = 'm1'`);
      const inside = await db.query(`SELECT doc_key FROM search_outbox`);
      expect(inside.rows.map((r) => r.doc_key)).toEqual(['m1']);
      await db.query('ROLLBACK');
    } finally {
      db.release();
    }
    expect(await outbox()).toEqual([]);
    await dal.engine.pool!.query(`UPDATE messages SET text = 'changed' WHERE message_id = 'm1'`);
    expect(await outbox()).toEqual(['messages:m1']);
  });

  test('search › every write path of messages and conversations records its keys', async () => {
    const m = dal.methods;
    await m.saveMessage({ userId: USER }, message('m1'));
    await m.bulkSaveMessages([message('m2', { user: USER }), message('m3', { user: USER })] as never, true);
    await m.saveConvo(
      { userId: USER } as never,
      { conversationId: C1, title: 'First', endpoint: 'openAI' } as never,
    );
    await m.bulkSaveConvos([
      { conversationId: C2, user: USER, title: 'Second', endpoint: 'openAI', tags: [] },
    ] as never);
    expect(await outbox()).toEqual(
      [`convos:${C2}`, `convos:${C1}`, 'messages:m1', 'messages:m2', 'messages:m3'].sort(),
    );

    const steps: [string, () => Promise<unknown>, string[]][] = [
      [
        'updateMessage',
        () => m.updateMessage(USER, { messageId: 'm1', text: 'edited' } as never),
        ['messages:m1'],
      ],
      [
        'updateMessageText',
        () => m.updateMessageText(USER, { messageId: 'm2', text: 'edited' }),
        ['messages:m2'],
      ],
      [
        'saveMessage rename',
        () => m.saveMessage({ userId: USER }, { ...message('m3'), newMessageId: 'm3b' } as never),
        ['messages:m3', 'messages:m3b'],
      ],
      ['deleteMessages', () => m.deleteMessages({ messageId: 'm2' }), ['messages:m2']],
      [
        'saveConvo title',
        () => m.saveConvo({ userId: USER } as never, { conversationId: C1, title: 'Renamed' } as never),
        [`convos:${C1}`],
      ],
      [
        'saveConvo temporary',
        () => m.saveConvo({ userId: USER, isTemporary: true } as never, { conversationId: C2 } as never),
        [`convos:${C2}`],
      ],
      [
        'deleteConvos',
        () => m.deleteConvos(USER, { conversationId: C1 }),
        [`convos:${C1}`, 'messages:m1', 'messages:m3b'],
      ],
    ];
    for (const [name, run, keys] of steps) {
      await clearOutbox();
      await run();
      expect([name, await outbox()]).toEqual([name, [...keys].sort()]);
    }
  });

  test('search › writes that leave the indexed document unchanged record nothing', async () => {
    const m = dal.methods;
    await m.saveMessage({ userId: USER }, message('m1'));
    await m.saveConvo(
      { userId: USER } as never,
      { conversationId: C1, title: 'First', endpoint: 'openAI' } as never,
    );
    await clearOutbox();
    await m.updateMessage(USER, {
      messageId: 'm1',
      tokenCount: 42,
      feedback: { rating: 'thumbsUp' },
    } as never);
    await m.saveConvo(
      { userId: USER } as never,
      { conversationId: C1, model: 'gpt-4o', pinned: true } as never,
    );
    await m.setConvoPinned(USER, C1, false);
    expect(await outbox()).toEqual([]);
  });

  test('search › the expiry sweeper deleting a temporary chat records its keys', async () => {
    await dal.methods.saveMessage({ userId: USER, isTemporary: true } as never, message('t1'));
    await dal.engine.pool!.query(
      `UPDATE messages SET expired_at = now() - interval '1 day' WHERE message_id = 't1'`,
    );
    await clearOutbox();
    await dal.maintenance.sweepExpired();
    expect(await outbox()).toEqual(['messages:t1']);
  });

  test('search › with the outbox off (no search-enabled dal started) nothing is recorded', async () => {
    await dal.engine.pool!.query('DELETE FROM search_sync_state');
    await dal.methods.saveMessage({ userId: USER }, message('m1'));
    expect(await outbox()).toEqual([]);
  });
});

describe('[postgresql] search › documents and indexability', () => {
  test("search › Meili gets upstream's hook-path document: content parts flattened, `|` replaced, defaults", async () => {
    const oracle = await createMongoOracle();
    const content = [
      { type: 'think', think: 'reasoning first' },
      { type: 'text', text: { value: 'answer part' } },
      { type: 'tool_call', tool_call: { name: 'x' } },
      { type: 'steer', steer: 'user steer' },
      { type: 'text', text: ' spaced' },
    ];
    await dal.methods.saveMessage(
      { userId: USER },
      message('m1', { content, text: 'ignored when content is an array' }),
    );
    await dal.methods.saveMessage({ userId: USER }, message('m2', { sender: undefined }));
    await dal.methods.bulkSaveConvos([
      { conversationId: 'a|b', user: USER, endpoint: 'openAI', title: 'Pipes', tags: ['t1'] },
      { conversationId: C2, user: USER, endpoint: 'openAI' },
    ] as never);
    await dal.search.sync();
    const stored = {
      messages: await dal.engine.collections!.messages.find({}, { sort: { messageId: 1 } }),
      convos: await dal.engine.collections!.conversations.find({}, { sort: { conversationId: 1 } }),
    };
    // The oracle: upstream's own preprocessObjectForIndex on each stored document.
    const expected = {
      messages: stored.messages.map((d) => oracle.preprocess('Message', d)),
      convos: stored.convos.map((d) => oracle.preprocess('Conversation', d)),
    };
    const byKey = (pk: string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a[pk]) < String(b[pk]) ? -1 : 1;
    expect((await allDocuments('messages')).sort(byKey('messageId'))).toEqual(
      expected.messages.sort(byKey('messageId')),
    );
    expect((await allDocuments('convos')).sort(byKey('conversationId'))).toEqual(
      expected.convos.sort(byKey('conversationId')),
    );
    expect((await client.index('messages').getDocument('m1')).text).toBe(
      parseTextParts(content, false, { includeSteer: true }),
    );
    expect((await client.index('convos').getDocument('a--b')).conversationId).toBe('a--b');
  });

  test('search › temporary, expired, unfinished and subagent documents never reach Meili', async () => {
    const m = dal.methods;
    await m.saveMessage({ userId: USER }, message('keep'));
    await m.saveMessage({ userId: USER, isTemporary: true } as never, message('temporary'));
    await m.saveMessage({ userId: USER }, message('unfinished', { unfinished: true }));
    await m.bulkSaveMessages(
      [
        message('expired', { user: USER, isTemporary: false, expiredAt: new Date(Date.now() - 60_000) }),
        message('future', { user: USER, isTemporary: false, expiredAt: new Date(Date.now() + 3_600_000) }),
        message('legacy-expiring', { user: USER, expiredAt: new Date(Date.now() + 3_600_000) }),
        message('subagent', { user: USER, subagentTask: { taskId: 't', status: 'running' } }),
      ] as never,
      true,
    );
    await dal.engine.pool!.query(
      `UPDATE messages SET is_temporary = NULL WHERE message_id = 'legacy-expiring'`,
    );
    await dal.search.sync();
    expect((await allDocuments('messages')).map((d) => d.messageId).sort()).toEqual(['future', 'keep']);
    // A document that stops being indexable leaves Meili; one that becomes indexable enters it.
    await m.saveMessage({ userId: USER, isTemporary: true } as never, message('keep'));
    await m.saveMessage({ userId: USER }, message('unfinished', { unfinished: false }));
    await dal.search.sync();
    expect((await allDocuments('messages')).map((d) => d.messageId).sort()).toEqual(['future', 'unfinished']);
  });

  test('search › updateMessageText and updateMessage reach Meili (upstream updateOne hooks do not)', async () => {
    await dal.methods.saveMessage({ userId: USER }, message('m1'));
    await dal.search.sync();
    await dal.methods.updateMessageText(USER, { messageId: 'm1', text: 'new words' });
    await dal.search.sync();
    expect((await client.index('messages').getDocument('m1')).text).toBe('new words');
  });

  test('search › two users with the same messageId: Meili holds the newest indexable one', async () => {
    await dal.methods.saveMessage({ userId: USER }, message('same', { text: 'first user' }));
    await dal.methods.saveMessage({ userId: OTHER }, message('same', { text: 'second user' }));
    await dal.search.sync();
    expect(await client.index('messages').getDocument('same')).toMatchObject({
      user: OTHER,
      text: 'second user',
    });
    await dal.methods.deleteMessages({ messageId: 'same', user: OTHER });
    await dal.search.sync();
    expect(await client.index('messages').getDocument('same')).toMatchObject({
      user: USER,
      text: 'first user',
    });
  });

  test('search › _meiliIndex: set once Meili confirms, cleared by a change of indexed content, unset on removal', async () => {
    const flags = async () => {
      const { rows } = await dal.engine.pool!.query(
        'SELECT message_id, _meili_index AS f, _meili_index_schema_version AS v FROM messages ORDER BY message_id',
      );
      return rows.map((r) => [r.message_id, r.f, r.v]);
    };
    await dal.methods.saveMessage({ userId: USER }, message('m1'));
    await dal.methods.saveMessage({ userId: USER }, message('m2'));
    expect(await flags()).toEqual([
      ['m1', false, null],
      ['m2', false, null],
    ]);
    await dal.search.sync();
    expect(await flags()).toEqual([
      ['m1', true, 1],
      ['m2', true, 1],
    ]);
    await dal.methods.updateMessage(USER, { messageId: 'm1', tokenCount: 3 } as never);
    await dal.methods.updateMessageText(USER, { messageId: 'm2', text: 'changed' });
    expect(await flags()).toEqual([
      ['m1', true, 1],
      ['m2', false, 1],
    ]);
    await dal.methods.saveMessage({ userId: USER, isTemporary: true } as never, message('m1'));
    await dal.search.sync();
    expect(await flags()).toEqual([
      ['m1', null, 1],
      ['m2', true, 1],
    ]);
  });

  test('search › the status report counts what should be indexed, flagged, in Meili, waiting, parked', async () => {
    await dal.methods.saveMessage({ userId: USER }, message('m1'));
    await dal.methods.saveMessage({ userId: USER }, message('m2'));
    await dal.methods.saveMessage({ userId: USER, isTemporary: true } as never, message('t1'));
    const before = await dal.search.status();
    expect(before.find((s) => s.index === 'messages')).toMatchObject({
      shouldBeIndexed: 2,
      flaggedIndexed: 0,
      presentInMeili: 0,
      backlog: 3,
      parked: 0,
      reindex: null,
    });
    await dal.search.sync();
    const after = await dal.search.status();
    expect(after.find((s) => s.index === 'messages')).toMatchObject({
      shouldBeIndexed: 2,
      flaggedIndexed: 2,
      presentInMeili: 2,
      backlog: 0,
      parked: 0,
    });
    expect(meili.host).toBeTruthy();
  });
});
