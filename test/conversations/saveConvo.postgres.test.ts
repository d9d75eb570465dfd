/**
 * saveConvo on PostgreSQL, asserted directly: on FerretDB upstream's saveConvo cannot run (its
 * findOneAndUpdate projects out the select:false paths, which FerretDB rejects), so the
 * differential suite is allow-listed there. Expected values follow upstream's code.
 */
import type { AllMethods } from '@librechat/dal';
import { beforeEach, describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { at, C, U1, U2 } from './support.js';

const HOUR = 3_600_000;
type Convo = Record<string, any>;

function near(value: unknown, expected: number, tolerance = 60_000): void {
  expect(value).toBeInstanceOf(Date);
  expect(Math.abs((value as Date).getTime() - expected)).toBeLessThan(tolerance);
}

describe('[postgresql] conversations › saveConvo', () => {
  let methods: AllMethods;
  beforeEach(async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    methods = dal.methods;
  });

  test('upsert by (conversationId, user): insert with defaults, then update the same row', async () => {
    const first = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'One', endpoint: 'openAI' },
    )) as Convo;
    expect(first).toMatchObject({
      conversationId: C(1),
      user: U1,
      title: 'One',
      endpoint: 'openAI',
      isArchived: false,
      isTemporary: false,
      tags: [],
      messages: [],
    });
    near(first.createdAt, Date.now());
    const second = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'One bis', tags: ['x'] },
    )) as Convo;
    expect(String(second._id)).toBe(String(first._id));
    expect(second).toMatchObject({ title: 'One bis', tags: ['x'], endpoint: 'openAI' });
  });

  test("another user's colliding conversationId makes a separate row", async () => {
    const mine = (await methods.saveConvo({ userId: U1 }, { conversationId: C(1), title: 'Mine' })) as Convo;
    const theirs = (await methods.saveConvo(
      { userId: U2 },
      { conversationId: C(1), title: 'Theirs' },
    )) as Convo;
    expect(String(theirs._id)).not.toBe(String(mine._id));
    expect((await methods.getConvo(U1, C(1)))?.title).toBe('Mine');
    expect((await methods.getConvo(U2, C(1)))?.title).toBe('Theirs');
  });

  test('newConversationId renames; noUpsert on a missing conversation is null', async () => {
    await methods.saveConvo({ userId: U1 }, { conversationId: C(1), title: 'A' });
    await methods.saveConvo({ userId: U1 }, { conversationId: C(1), newConversationId: C(2), title: 'B' });
    expect(await methods.getConvo(U1, C(1))).toBeNull();
    expect((await methods.getConvo(U1, C(2)))?.title).toBe('B');
    expect(await methods.saveConvo({ userId: U1 }, { conversationId: C(9) }, { noUpsert: true })).toBeNull();
    expect(await methods.getConvo(U1, C(9))).toBeNull();
  });

  test('temporary chats expire after the retention hours, clamped to [1, 8760]; isTemporary false clears it', async () => {
    const save = async (n: number, hours?: number) =>
      (await methods.saveConvo(
        {
          userId: U1,
          isTemporary: true,
          interfaceConfig: hours === undefined ? undefined : ({ temporaryChatRetention: hours } as never),
        },
        { conversationId: C(n), endpoint: 'openAI' },
      )) as Convo;
    const now = Date.now();
    near((await save(1)).expiredAt, now + 720 * HOUR);
    near((await save(2, 48)).expiredAt, now + 48 * HOUR);
    near((await save(3, 0)).expiredAt, now + 1 * HOUR);
    near((await save(4, 100_000)).expiredAt, now + 8760 * HOUR);
    expect((await save(1)).isTemporary).toBe(true);
    const permanent = (await methods.saveConvo(
      { userId: U1, isTemporary: false },
      { conversationId: C(1) },
    )) as Convo;
    expect(permanent.isTemporary).toBe(false);
    expect(permanent.expiredAt).toBeNull();
  });

  test('TEMP_CHAT_RETENTION_HOURS: used, invalid values fall back to 720, clamped', async () => {
    const saved = process.env.TEMP_CHAT_RETENTION_HOURS;
    try {
      for (const [value, hours] of [
        ['5', 5],
        ['soon', 720],
        ['9999', 8760],
      ] as const) {
        process.env.TEMP_CHAT_RETENTION_HOURS = value;
        const c = (await methods.saveConvo(
          { userId: U1, isTemporary: true },
          { conversationId: C(hours) },
        )) as Convo;
        near(c.expiredAt, Date.now() + hours * HOUR);
      }
    } finally {
      if (saved === undefined) delete process.env.TEMP_CHAT_RETENTION_HOURS;
      else process.env.TEMP_CHAT_RETENTION_HOURS = saved;
    }
  });

  test("retentionMode 'all': every chat expires; general retention on insert; isTemporary backfilled", async () => {
    const general = { retentionMode: 'all', generalChatRetention: 10, temporaryChatRetention: 2 } as never;
    const plain = (await methods.saveConvo(
      { userId: U1, interfaceConfig: { retentionMode: 'all' } as never },
      { conversationId: C(1) },
    )) as Convo;
    near(plain.expiredAt, Date.now() + 720 * HOUR);
    expect(plain.isTemporary).toBe(false);
    const temp = (await methods.saveConvo(
      { userId: U1, isTemporary: true, interfaceConfig: general },
      { conversationId: C(2) },
    )) as Convo;
    near(temp.expiredAt, Date.now() + 2 * HOUR);
    const inserted = (await methods.saveConvo(
      { userId: U1, interfaceConfig: general },
      { conversationId: C(3) },
    )) as Convo;
    near(inserted.expiredAt, Date.now() + 10 * HOUR);
    const again = (await methods.saveConvo(
      { userId: U1, interfaceConfig: general },
      { conversationId: C(3), title: 't' },
    )) as Convo;
    expect(again.expiredAt).toEqual(inserted.expiredAt);
    const explicit = (await methods.saveConvo(
      { userId: U1, expiredAt: at(60), isTemporary: false },
      { conversationId: C(4) },
    )) as Convo;
    expect(explicit.expiredAt).toEqual(at(60));
  });

  test('timestamps: preserveUpdatedAt keeps updatedAt; createdAtOnInsert only on insert', async () => {
    await methods.bulkSaveConvos([
      { conversationId: C(1), user: U1, title: 'old', createdAt: at(0), updatedAt: at(5) },
    ]);
    const preserved = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), pinned: true },
      { preserveUpdatedAt: true },
    )) as Convo;
    expect(preserved).toMatchObject({ pinned: true, updatedAt: at(5), createdAt: at(0) });
    const inserted = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(2) },
      { createdAtOnInsert: at(-100) },
    )) as Convo;
    expect(inserted.createdAt).toEqual(at(-100));
    near(inserted.updatedAt, Date.now());
    const existing = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'new' },
      { createdAtOnInsert: at(-100) },
    )) as Convo;
    expect(existing.createdAt).toEqual(at(0));
    near(existing.updatedAt, Date.now());
  });

  test('archive: the first archive stamps archivedAt, a repeat keeps it, unarchive clears it', async () => {
    await methods.bulkSaveConvos([
      { conversationId: C(1), user: U1, title: 'a', createdAt: at(0), updatedAt: at(1) },
    ]);
    const archived = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true, archivedAt: at(10) },
    )) as Convo;
    expect(archived).toMatchObject({ isArchived: true, archivedAt: at(10), createdAt: at(0) });
    near(archived.updatedAt, Date.now());
    const again = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true, archivedAt: at(20) },
    )) as Convo;
    expect(again.archivedAt).toEqual(at(10));
    const unarchived = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: false },
    )) as Convo;
    expect(unarchived).toMatchObject({ isArchived: false, archivedAt: null });
    const quiet = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true },
      { preserveUpdatedAt: true },
    )) as Convo;
    expect(quiet.updatedAt).toEqual(unarchived.updatedAt);
    near(quiet.archivedAt, Date.now());
    const upserted = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(2), isArchived: true },
    )) as Convo;
    expect(upserted.createdAt).toEqual(upserted.updatedAt);
    expect(upserted.archivedAt).toBeInstanceOf(Date);
    expect(
      await methods.saveConvo({ userId: U1 }, { conversationId: C(3), isArchived: true }, { noUpsert: true }),
    ).toBeNull();
  });

  test('message ids: the user’s messages, oldest first; project ids other than the user’s own are dropped', async () => {
    const m = (n: number, user: string) => ({
      messageId: `m${n}`,
      conversationId: C(1),
      user,
      text: 't',
      createdAt: at(n),
      updatedAt: at(n),
    });
    await methods.bulkSaveMessages([m(2, U1), m(1, U1), m(3, U2)], true);
    const saved = (await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), chatProjectId: 'nope' },
    )) as Convo;
    const expected = await methods.getMessages({ conversationId: C(1), user: U1 }, '_id');
    expect(saved.messages.map(String)).toEqual(expected.map((x) => String(x._id)));
    expect(expected).toHaveLength(2);
    expect(saved.chatProjectId).toBeNull();
  });
});
