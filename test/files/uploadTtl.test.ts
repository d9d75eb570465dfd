/**
 * The upload TTL: createFile gives a file an hour, in-use writes clear it, extendFilesTTL holds
 * it, and — PostgreSQL having no TTL monitor — a file an hour past its expiresAt is gone for
 * every file method, as MongoDB's TTL index (expireAfterSeconds 3600) would have deleted it.
 */
import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { CONVO, OTHER, OWNER, storedFiles, upload } from './support.js';

const MIN = 60_000;

differential(
  'files › extendFilesTTL widens owned holds up to the lifetime cap, never re-adds a cleared TTL',
  async ({ methods, dal }) => {
    for (let i = 1; i <= 5; i++) await methods.createFile(upload(i) as never);
    await methods.updateFileUsage({ file_id: 'file-3' }); // sent: TTL cleared
    await methods.createFile(upload(6, { user: OTHER }) as never);
    const ids = ['file-1', 'file-2', 'file-3', 'file-6', 'file-1', 'nope'];
    const owner = { user: OWNER };
    const widened = await methods.extendFilesTTL(
      ids,
      { renewMs: 120 * MIN, maxLifetimeMs: 24 * 60 * MIN },
      owner,
    );
    const again = await methods.extendFilesTTL(
      ids,
      { renewMs: 120 * MIN, maxLifetimeMs: 24 * 60 * MIN },
      owner,
    );
    const shorter = await methods.extendFilesTTL(
      ['file-4'],
      { renewMs: 30 * MIN, maxLifetimeMs: 24 * 60 * MIN },
      owner,
    );
    const capped = await methods.extendFilesTTL(
      ['file-5'],
      { renewMs: 600 * MIN, maxLifetimeMs: 90 * MIN },
      owner,
    );
    const noOwner = await methods.extendFilesTTL(
      ids,
      { renewMs: 120 * MIN, maxLifetimeMs: 24 * 60 * MIN },
      { user: '' },
    );
    const badHold = await methods.extendFilesTTL(ids, { renewMs: 0, maxLifetimeMs: 1 }, owner);
    const noIds = await methods.extendFilesTTL([], { renewMs: 1, maxLifetimeMs: 1 }, owner);
    const tenant = await methods.extendFilesTTL(
      ['file-2'],
      { renewMs: 300 * MIN, maxLifetimeMs: 24 * 60 * MIN },
      { user: OWNER, tenantId: 'acme' },
    );
    const stored = (await storedFiles(dal)) as {
      file_id: string;
      expiresAt?: Date;
      updatedAt: Date;
      createdAt: Date;
    }[];
    return {
      widened,
      again,
      shorter,
      capped,
      noOwner,
      badHold,
      noIds,
      tenant,
      ttl: stored.map((f) => ({
        file_id: f.file_id,
        expiresAt: f.expiresAt,
        untouched: f.updatedAt.getTime() === f.createdAt.getTime(),
      })),
    };
  },
);

differential('files › sweepOrphanedPreviews fails stale pending previews', async ({ methods, dal }) => {
  await methods.createFile(upload(1, { status: 'pending' }) as never);
  await methods.createFile(upload(2, { status: 'ready' }) as never);
  await methods.createFile(upload(3, { status: 'pending', conversationId: CONVO }) as never);
  const fresh = await methods.sweepOrphanedPreviews();
  const swept = await methods.sweepOrphanedPreviews(-MIN); // cutoff a minute ahead: all pending are stale
  const again = await methods.sweepOrphanedPreviews(-MIN);
  return { fresh, swept, again, stored: await storedFiles(dal) };
});

describe('[postgresql] files › a file an hour past its upload TTL is gone, as MongoDB’s TTL index deletes it', () => {
  test('readers, writers and upserts treat it as deleted; the row waits for the sweeper', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const { methods } = dal;
    const files = dal.engine.collections!.files;
    const past = (minutes: number) => new Date(Date.now() - minutes * MIN);
    await methods.createFile(upload(1, { conversationId: CONVO }) as never);
    await methods.createFile(upload(2, { conversationId: CONVO }) as never);
    await methods.claimCodeFile({
      filename: 'out.csv',
      conversationId: CONVO,
      file_id: 'claim-1',
      user: OWNER,
    });
    // file-1 expired 61 minutes ago (gone); file-2 expired 59 minutes ago (MongoDB still holds it).
    await files.updateOne({ file_id: 'file-1' }, { $set: { expiresAt: past(61) } }, { timestamps: false });
    await files.updateOne({ file_id: 'file-2' }, { $set: { expiresAt: past(59) } }, { timestamps: false });
    await files.updateOne({ file_id: 'claim-1' }, { $set: { expiresAt: past(120) } }, { timestamps: false });

    expect(await methods.findFileById('file-1')).toBeNull();
    expect((await methods.findFileById('file-2'))?.file_id).toBe('file-2');
    expect(((await methods.getFiles({ conversationId: CONVO })) ?? []).map((f) => f.file_id)).toEqual([
      'file-2',
    ]);
    expect(await methods.updateFile({ file_id: 'file-1', bytes: 1 } as never)).toBeNull();
    expect(await methods.updateFileUsage({ file_id: 'file-1' })).toBeNull();
    expect(await methods.deleteFile('file-1')).toBeNull();
    expect((await methods.deleteFiles(['file-1'])).deletedCount).toBe(0);
    expect(
      await methods.extendFilesTTL(
        ['file-1'],
        { renewMs: 60 * MIN, maxLifetimeMs: 600 * MIN },
        { user: OWNER },
      ),
    ).toBe(0);

    // An upsert on a gone file's key makes a new file, as after MongoDB's deletion.
    const recreated = await methods.createFile(upload(1, { bytes: 7 }) as never);
    expect(recreated?.bytes).toBe(7);
    expect(recreated?.usage).toBe(0);
    const reclaimed = await methods.claimCodeFile({
      filename: 'out.csv',
      conversationId: CONVO,
      file_id: 'claim-2',
      user: OWNER,
    });
    expect(reclaimed.file_id).toBe('claim-2');
    expect((await files.find({ file_id: { $in: ['file-1', 'claim-1'] } })).map((f) => f.file_id)).toEqual([
      'file-1',
    ]);
  });
});
