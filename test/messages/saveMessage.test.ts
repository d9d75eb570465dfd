/**
 * saveMessage, recordMessage and updateMessage. Upstream writes through
 * `Message.findOneAndUpdate`, which mongoose sends with the schema's select:false exclusion
 * projection — FerretDB cannot run that (allow-listed), so the `[postgresql]` suite below also
 * asserts what callers rely on.
 */
import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { CONVO, errorText, OTHER, readStored, T0, USER } from './support.js';

const base = {
  messageId: 'save-1',
  conversationId: CONVO,
  parentMessageId: '00000000-0000-0000-0000-000000000000',
  sender: 'User',
  text: 'hello',
  isCreatedByUser: true,
};

differential(
  'messages › saveMessage upserts by (messageId, user) and returns the saved message',
  async ({ methods, dal }) => {
    const first = await methods.saveMessage({ userId: USER }, { ...base });
    const second = await methods.saveMessage({ userId: USER }, { ...base, text: 'edited', tokenCount: 5 });
    // A client echoing timestamps back: createdAt is immutable, updatedAt is now.
    const echoed = await methods.saveMessage({ userId: USER }, {
      ...base,
      messageId: 'save-2',
      createdAt: T0,
      updatedAt: T0,
    } as never);
    return { first, second, echoed, stored: await readStored(dal, { messageId: 'save-1' }) };
  },
);

differential(
  'messages › saveMessage: invalid conversation id returns undefined, no user throws',
  async ({ methods }) => ({
    notUuid: await methods.saveMessage({ userId: USER }, { ...base, conversationId: 'new' }),
    missing: await methods.saveMessage({ userId: USER }, { ...base, conversationId: undefined }),
    noUser: await methods.saveMessage({ userId: '' }, { ...base }).catch(errorText),
    stored: await methods.getMessages({}),
  }),
);

differential(
  'messages › saveMessage retention: temporary, explicit expiredAt, isTemporary false',
  async ({ methods }) => {
    const temporary = await methods.saveMessage(
      { userId: USER, isTemporary: true },
      { ...base, messageId: 't-1' },
    );
    const explicit = await methods.saveMessage(
      { userId: USER, expiredAt: new Date('2031-01-01T00:00:00Z') },
      { ...base, messageId: 't-2' },
    );
    const permanent = await methods.saveMessage(
      { userId: USER, isTemporary: false },
      { ...base, messageId: 't-1' },
    );
    const all = await methods.saveMessage(
      { userId: USER, interfaceConfig: { retentionMode: 'all' } as never },
      { ...base, messageId: 't-3' },
    );
    return { temporary, explicit, permanent, all };
  },
  { exactDates: [new Date('2031-01-01T00:00:00Z')] },
);

differential(
  "messages › saveMessage: another user's colliding messageId makes a separate row",
  async ({ methods }) => {
    await methods.saveMessage({ userId: USER }, { ...base });
    await methods.saveMessage({ userId: OTHER }, { ...base, text: 'hijack' });
    return methods.getMessages({ messageId: 'save-1' }, 'user text', { sort: { user: 1 } });
  },
);

differential(
  'messages › saveMessage renaming onto an existing messageId returns the existing message',
  async ({ methods }) => {
    await methods.saveMessage({ userId: USER }, { ...base, messageId: 'a' });
    await methods.saveMessage({ userId: USER }, { ...base, messageId: 'b', text: 'b text' });
    return methods.saveMessage({ userId: USER }, { ...base, messageId: 'b', newMessageId: 'a' });
  },
);

differential(
  'messages › recordMessage upserts and stamps isUserSubmitted:false on model output',
  async ({ methods }) => ({
    recorded: await methods.recordMessage({
      user: USER,
      messageId: 'r-1',
      conversationId: 'not-a-uuid',
      isCreatedByUser: false,
      text: 'answer',
    }),
    again: await methods.recordMessage({
      user: USER,
      messageId: 'r-1',
      text: 'answer 2',
      isUserSubmitted: true,
    }),
  }),
);

differential(
  'messages › updateMessage returns the sanitized fields; unknown message throws',
  async ({ methods }) => {
    await methods.saveMessage({ userId: USER }, { ...base, messageId: 'u-1' });
    return {
      updated: await methods.updateMessage(USER, {
        messageId: 'u-1',
        text: 'new',
        feedback: { rating: 'thumbsUp' },
      }),
      other: await methods.updateMessage(OTHER, { messageId: 'u-1', text: 'x' }).catch(errorText),
    };
  },
);

describe('[postgresql] messages › saveMessage, recordMessage, updateMessage', () => {
  const setup = async () => {
    const dal = await fileDal('postgresql');
    await dal.methods.deleteMessages({});
    return dal;
  };

  test('upsert by (messageId, user): insert with defaults, then update; returns a plain object', async () => {
    const { methods } = await setup();
    const first = (await methods.saveMessage({ userId: USER }, { ...base })) as Record<string, unknown>;
    expect(first).toMatchObject({
      ...base,
      user: USER,
      model: null,
      isTemporary: false,
      unfinished: false,
      error: false,
      __v: 0,
    });
    expect(first).not.toHaveProperty('_meiliIndex');
    expect(first.createdAt).toBeInstanceOf(Date);
    const second = (await methods.saveMessage({ userId: USER }, { ...base, text: 'edited' })) as Record<
      string,
      unknown
    >;
    expect(String(second._id)).toBe(String(first._id));
    expect(second.text).toBe('edited');
    expect((second.createdAt as Date).getTime()).toBe((first.createdAt as Date).getTime());
    expect((second.updatedAt as Date).getTime()).toBeGreaterThanOrEqual((first.updatedAt as Date).getTime());
    expect(await methods.getMessages({ messageId: 'save-1' })).toHaveLength(1);
  });

  test('client-sent createdAt/updatedAt are not written (createdAt immutable, updatedAt now)', async () => {
    const { methods } = await setup();
    const saved = (await methods.saveMessage({ userId: USER }, {
      ...base,
      createdAt: T0,
      updatedAt: T0,
    } as never)) as Record<string, Date>;
    expect(Math.abs((saved.createdAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs((saved.updatedAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
  });

  test('updateMessage ignores client-sent timestamps as mongoose does (createdAt kept, updatedAt now)', async () => {
    const { methods } = await setup();
    const saved = (await methods.saveMessage({ userId: USER }, { ...base })) as Record<string, Date>;
    await methods.updateMessage(USER, {
      messageId: base.messageId,
      text: 'edited',
      createdAt: T0,
      updatedAt: T0,
    });
    const [stored] = (await methods.getMessages({ messageId: base.messageId })) as Record<string, Date>[];
    if (!stored) throw new Error('the message is gone');
    expect(stored.text).toBe('edited');
    expect(stored.createdAt?.getTime()).toBe(saved.createdAt?.getTime());
    expect(Math.abs((stored.updatedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  test('returns what mongoose hydrates from the stored row: new, edited, and a legacy row with missing fields', async () => {
    const dal = await setup();
    const messages = dal.engine.collections!.messages;
    const hidden = messages.spec.columns.filter((c) => c.hidden).map((c) => c.field);
    /** The oracle: upstream's Message model hydrating the row as a findOneAndUpdate result, then toObject(). */
    const hydrated = async (messageId: string) => {
      const [row] = await messages.findRaw({ messageId });
      const visible = Object.fromEntries(Object.entries(row ?? {}).filter(([k]) => !hidden.includes(k)));
      return messages.model.hydrate(visible, Object.fromEntries(hidden.map((f) => [f, 0]))).toObject();
    };
    const withParts = {
      ...base,
      messageId: 'shape-1',
      isCreatedByUser: false,
      sender: 'GPT',
      metadata: {},
      files: [],
      content: [
        { type: 'text', text: 'part' },
        { type: 'think', think: 'hm' },
      ],
    };
    const created = await dal.methods.saveMessage({ userId: USER }, withParts as never);
    expect(created).toEqual(await hydrated('shape-1'));
    const edited = await dal.methods.saveMessage({ userId: USER }, {
      ...withParts,
      text: 'edited',
      model: null,
    } as never);
    expect(edited).toEqual(await hydrated('shape-1'));
    // A row written before fields existed: NULL columns that are not explicit nulls are missing
    // paths, which mongoose fills with the schema's defaults on init.
    await dal.engine.pool!.query(
      `UPDATE messages SET unfinished = NULL, error = NULL, is_temporary = NULL, _nulls = '{}' WHERE message_id = 'shape-1'`,
    );
    const legacy = (await dal.methods.saveMessage(
      { userId: USER },
      { ...base, messageId: 'shape-1', text: 'again' },
    )) as Record<string, unknown>;
    expect(legacy).toEqual(await hydrated('shape-1'));
    expect(legacy).toMatchObject({ unfinished: false, error: false, isTemporary: false, text: 'again' });
    expect(legacy).not.toHaveProperty('metadata');
  });

  test('invalid conversation id → undefined, no row; no user → throws', async () => {
    const { methods } = await setup();
    expect(await methods.saveMessage({ userId: USER }, { ...base, conversationId: 'new' })).toBeUndefined();
    await expect(methods.saveMessage({ userId: '' }, { ...base })).rejects.toThrow('User not authenticated');
    expect(await methods.getMessages({})).toHaveLength(0);
  });

  test('retention: temporary → isTemporary + expiredAt ≈ now + 30 days; isTemporary:false clears it', async () => {
    const { methods } = await setup();
    const temp = (await methods.saveMessage({ userId: USER, isTemporary: true }, { ...base })) as Record<
      string,
      unknown
    >;
    expect(temp.isTemporary).toBe(true);
    const days = ((temp.expiredAt as Date).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const kept = (await methods.saveMessage({ userId: USER, isTemporary: false }, { ...base })) as Record<
      string,
      unknown
    >;
    expect(kept.isTemporary).toBe(false);
    expect(kept.expiredAt).toBeNull();
    const explicit = new Date(Date.now() + 3_600_000);
    const withDate = (await methods.saveMessage(
      { userId: USER, expiredAt: explicit },
      { ...base },
    )) as Record<string, Date>;
    expect(withDate.expiredAt?.getTime()).toBe(explicit.getTime());
  });

  test('retentionMode all: a new message gets a deadline and isTemporary:false', async () => {
    const { methods } = await setup();
    const saved = (await methods.saveMessage(
      { userId: USER, interfaceConfig: { retentionMode: 'all' } as never },
      { ...base },
    )) as Record<string, unknown>;
    expect(saved.isTemporary).toBe(false);
    expect(saved.expiredAt).toBeInstanceOf(Date);
  });

  test("another user's colliding messageId is a separate row; neither overwrites the other", async () => {
    const { methods } = await setup();
    await methods.saveMessage({ userId: USER }, { ...base });
    await methods.saveMessage({ userId: OTHER }, { ...base, text: 'hijack' });
    expect((await methods.getMessage({ user: USER, messageId: 'save-1' }))?.text).toBe('hello');
    expect((await methods.getMessage({ user: OTHER, messageId: 'save-1' }))?.text).toBe('hijack');
  });

  test('renaming onto an existing messageId is a duplicate key: returns the existing message', async () => {
    const { methods } = await setup();
    await methods.saveMessage({ userId: USER }, { ...base, messageId: 'a' });
    await methods.saveMessage({ userId: USER }, { ...base, messageId: 'b', text: 'b text' });
    const result = (await methods.saveMessage(
      { userId: USER },
      { ...base, messageId: 'b', newMessageId: 'a' },
    )) as Record<string, unknown>;
    expect(result).toMatchObject({ messageId: 'b', text: 'b text' });
    expect((await methods.getMessages({}, 'messageId')).map((m) => m.messageId)).toEqual(['a', 'b']);
  });

  test('contextMeta:null unsets it; NaN tokenCount becomes 0; steer parts mark provenance', async () => {
    const { methods, engine } = await setup();
    await methods.saveMessage({ userId: USER }, { ...base, contextMeta: { calibrationRatio: 1.5 } as never });
    const cleared = (await methods.saveMessage(
      { userId: USER },
      { ...base, contextMeta: null, tokenCount: Number.NaN },
    )) as Record<string, unknown>;
    expect(cleared).not.toHaveProperty('contextMeta');
    expect(cleared.tokenCount).toBe(0);
    const steered = (await methods.saveMessage(
      { userId: USER },
      {
        ...base,
        messageId: 's-1',
        isCreatedByUser: false,
        content: [{ type: 'text' }, { type: 'steer', text: 'x' }] as never,
      },
    )) as Record<string, unknown>;
    expect(steered.userSubmittedPaths).toEqual(['/content/1']);
    expect(steered.isUserSubmitted).toBe(false);
    void engine;
  });

  test('recordMessage returns a hydrated document; updateMessage returns the sanitized fields', async () => {
    const { methods } = await setup();
    const recorded = (await methods.recordMessage({
      user: USER,
      messageId: 'r-1',
      isCreatedByUser: false,
      text: 'answer',
    })) as unknown as { toObject(): Record<string, unknown> };
    expect(typeof recorded.toObject).toBe('function');
    expect(recorded.toObject()).toMatchObject({ messageId: 'r-1', isUserSubmitted: false, text: 'answer' });
    const updated = await methods.updateMessage(USER, { messageId: 'r-1', text: 'new' });
    expect(Object.keys(updated).sort()).toEqual(
      [
        'messageId',
        'conversationId',
        'parentMessageId',
        'sender',
        'text',
        'isCreatedByUser',
        'isUserSubmitted',
        'userSubmittedPaths',
        'userSubmittedMessageFieldPaths',
        'tokenCount',
        'feedback',
        'endpoint',
        'langfuseSampled',
        'langfuseDestinationIds',
        'langfuseRunId',
      ].sort(),
    );
    expect(updated.text).toBe('new');
    await expect(methods.updateMessage(OTHER, { messageId: 'r-1', text: 'x' })).rejects.toThrow(
      'Message not found or user not authorized.',
    );
  });

  test('an expired message is gone for readers, as after the TTL monitor', async () => {
    const { methods } = await setup();
    await methods.saveMessage({ userId: USER, expiredAt: new Date(Date.now() - 1000) }, { ...base });
    expect(await methods.getMessage({ user: USER, messageId: 'save-1' })).toBeNull();
    expect(await methods.getMessages({ conversationId: CONVO, user: USER })).toEqual([]);
    await expect(methods.updateMessage(USER, { messageId: 'save-1', text: 'x' })).rejects.toThrow(
      'Message not found or user not authorized.',
    );
  });
});
