import { differential } from '../harness/index.js';
import { CONVO, errorOf, inTenant, OTHER, OWNER, storedFiles, upload } from './support.js';

differential('files › createFile upserts by file_id with a one-hour upload TTL', async ({ methods, dal }) => {
  const created = await methods.createFile(upload(1, { conversationId: CONVO, text: 'hello' }) as never);
  const replaced = await methods.createFile({
    file_id: 'file-1',
    bytes: 999,
    filename: 'renamed.txt',
  } as never);
  const permanent = await methods.createFile(upload(2) as never, true);
  return { created, replaced, permanent, stored: await storedFiles(dal) };
});

differential(
  'files › createFile skips required validation on upsert; a bad user id is a CastError',
  async ({ methods, dal }) => {
    const bare = await methods.createFile({ file_id: 'bare' } as never);
    const badUser = await methods.createFile({ ...upload(3), user: 'not-an-id' } as never).catch(errorOf);
    const badEnum = await methods.createFile({ ...upload(4), status: 'sideways' } as never).catch(errorOf);
    return { bare, badUser, badEnum, stored: await storedFiles(dal) };
  },
);

differential(
  'files › updateFile sets fields and clears the TTL; extraFilter makes it conditional',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1, { previewRevision: 'rev-1', status: 'pending' }) as never);
    const updated = await methods.updateFile({
      file_id: 'file-1',
      status: 'ready',
      text: '<p>x</p>',
      textFormat: 'html',
    } as never);
    const stale = await methods.updateFile({ file_id: 'file-1', status: 'failed' } as never, {
      previewRevision: 'rev-0',
    });
    const current = await methods.updateFile({ file_id: 'file-1', previewError: 'timeout' } as never, {
      previewRevision: 'rev-1',
    });
    const unknown = await methods.updateFile({ file_id: 'nope', bytes: 1 } as never);
    return { updated, stale, current, unknown, stored: await storedFiles(dal) };
  },
);

differential(
  'files › updateFile with echoed timestamps: createdAt kept, updatedAt is now',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1) as never);
    const echoed = new Date('2020-02-02T00:00:00.000Z');
    const updated = await methods.updateFile({
      file_id: 'file-1',
      filename: 'echoed.txt',
      createdAt: echoed,
      updatedAt: echoed,
    } as never);
    return { updated, stored: await storedFiles(dal) };
  },
  { exactDates: [new Date('2020-02-02T00:00:00.000Z')] },
);

differential(
  'files › updateFileUsage increments, clears TTL and temp id, and is owner-scoped',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1, { temp_file_id: 'tmp-1' }) as never);
    // Upstream strips tenantId from updates: a tenant's file is created in its request context.
    await inTenant('acme', () => methods.createFile(upload(2) as never));
    const once = await methods.updateFileUsage({ file_id: 'file-1' });
    const byFive = await methods.updateFileUsage({ file_id: 'file-1', inc: 5, user: OWNER });
    const wrongOwner = await methods.updateFileUsage({ file_id: 'file-2', user: OTHER });
    const wrongTenant = await methods.updateFileUsage({ file_id: 'file-2', user: OWNER, tenantId: 'other' });
    const rightTenant = await methods.updateFileUsage({
      file_id: 'file-2',
      user: OWNER,
      tenantId: 'acme',
      inc: -1,
    });
    const tenantFromPayload = await methods.createFile(upload(7, { tenantId: 'ignored' }) as never);
    const missing = await methods.updateFileUsage({ file_id: 'nope' });
    return {
      once,
      byFive,
      wrongOwner,
      wrongTenant,
      rightTenant,
      missing,
      tenantFromPayload,
      stored: await storedFiles(dal),
    };
  },
);

differential(
  'files › updateFilesUsage dedupes ids, keeps the owner scope and drops misses',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1) as never);
    await methods.createFile(upload(2) as never);
    await methods.createFile(upload(3, { user: OTHER }) as never);
    const filesOnly = await methods.updateFilesUsage([
      { file_id: 'file-1' },
      { file_id: 'file-1' },
      { file_id: 'nope' },
    ]);
    const withIds = await methods.updateFilesUsage([{ file_id: 'file-2' }], ['file-2', 'file-1', 'file-3'], {
      user: OWNER,
    });
    return { filesOnly, withIds, stored: await storedFiles(dal) };
  },
);

differential(
  'files › deleteFile, deleteFileByFilter and deleteFiles (a user deletes all their files)',
  async ({ methods, dal }) => {
    for (let i = 1; i <= 4; i++) await methods.createFile(upload(i) as never);
    await methods.createFile(upload(5, { user: OTHER }) as never);
    await methods.createFile(upload(6, { user: OTHER }) as never);
    const one = await methods.deleteFile('file-1');
    const again = await methods.deleteFile('file-1');
    const byFilter = await methods.deleteFileByFilter({ filename: 'f2.txt', bytes: { $gte: 200 } });
    const byIds = await methods.deleteFiles(['file-3', 'file-5', 'nope']);
    const afterIds = await storedFiles(dal);
    const byUser = await methods.deleteFiles(['file-6'], OWNER);
    return { one, again, byFilter, byIds, afterIds, byUser, stored: await storedFiles(dal) };
  },
);

differential(
  'files › batchUpdateFiles rewrites paths and only the storage fields given',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1, { storageKey: 'k1', storageRegion: 'eu' }) as never, true);
    await methods.createFile(upload(2) as never, true);
    const none = await methods.batchUpdateFiles([]);
    const result = await methods.batchUpdateFiles([
      { file_id: 'file-1', filepath: 'https://s3/new-1' },
      { file_id: 'file-2', filepath: 'https://s3/new-2', storageKey: 'k2', storageRegion: 'us' },
      { file_id: 'missing', filepath: 'https://s3/x' },
    ]);
    return { none, result, stored: await storedFiles(dal) };
  },
);

differential(
  'files › addFileEmbeddedEntity adds each namespace once and clears the TTL',
  async ({ methods, dal }) => {
    await methods.createFile(upload(1) as never);
    const first = await methods.addFileEmbeddedEntity({ file_id: 'file-1', entityId: 'agent_a' });
    const second = await methods.addFileEmbeddedEntity({ file_id: 'file-1', entityId: 'agent_b' });
    const repeat = await methods.addFileEmbeddedEntity({ file_id: 'file-1', entityId: 'agent_a' });
    const missing = await methods.addFileEmbeddedEntity({ file_id: 'nope', entityId: 'agent_a' });
    return { first, second, repeat, missing, stored: await storedFiles(dal) };
  },
);

differential(
  'files › an upsert keeps the empty objects it writes (no minimize, unlike create)',
  async ({ methods, dal }) => {
    const upserted = await methods.createFile(upload(1, { metadata: {} }) as never, true);
    const matched = await methods.getFiles({ metadata: null }, null, 'file_id');
    const emptyDoc = await methods.getFiles({ metadata: {} }, null, 'file_id');
    return { upserted, matched, emptyDoc, stored: await storedFiles(dal) };
  },
);
