import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { CONVO, errorOf, OTHER, OWNER, upload } from './support.js';

/** librechat-data-provider's EToolResources values (the test package does not depend on it). */
const EToolResources = {
  context: 'context',
  file_search: 'file_search',
  execute_code: 'execute_code',
} as const;
const resources = (...names: string[]) => new Set(names) as never;

const T0 = new Date('2031-03-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

differential(
  'files › findFileById merges extra conditions; getFiles sorts newest first without text',
  async ({ methods }) => {
    await methods.createFile(upload(1, { text: 'one', conversationId: CONVO }) as never, true);
    await methods.createFile(upload(2, { text: 'two', context: 'agents' }) as never, true);
    await methods.createFile(upload(3, { user: OTHER, conversationId: CONVO }) as never, true);
    await methods.updateFile({ file_id: 'file-1', width: 10 } as never);
    return {
      byId: await methods.findFileById('file-2'),
      byIdOwned: await methods.findFileById('file-2', { user: OWNER }),
      byIdOtherOwner: await methods.findFileById('file-2', { user: OTHER }),
      missing: await methods.findFileById('nope'),
      all: await methods.getFiles({}),
      mine: await methods.getFiles({ user: OWNER }),
      inConvo: await methods.getFiles({ conversationId: CONVO }, { bytes: -1 }),
      withText: await methods.getFiles({ file_id: { $in: ['file-1', 'file-2'] } }, null, 'file_id text'),
      excluding: await methods.getFiles({ filename: /^f[12]/ }, { createdAt: 1 }, { filepath: 0, text: 0 }),
      operators: await methods.getFiles({
        $or: [{ bytes: { $gt: 250 } }, { context: { $exists: true } }],
        type: { $in: ['text/plain'] },
      }),
    };
  },
);

differential('files › getFiles rejects a malformed ObjectId as mongoose casts it', async ({ methods }) => {
  await methods.createFile(upload(1) as never, true);
  return {
    badUser: await methods.getFiles({ user: 'zzz' }).catch(errorOf),
    strict: await methods.getFiles({ notAField: 1 } as never),
  };
});

differential(
  'files › getExpiredFiles: past retention deadline, not deferred, oldest first, limited',
  async ({ methods }) => {
    const now = at(0);
    await methods.createFile(upload(1, { expiredAt: at(-30) }) as never, true);
    await methods.createFile(upload(2, { expiredAt: at(-90) }) as never, true);
    await methods.createFile(upload(3, { expiredAt: at(30) }) as never, true);
    await methods.createFile(upload(4) as never, true);
    await methods.createFile(upload(5, { expiredAt: at(-60), deletionRetryAt: at(10) }) as never, true);
    await methods.createFile(upload(6, { expiredAt: at(-10), deletionRetryAt: at(-5) }) as never, true);
    await methods.createFile(upload(7, { expiredAt: null }) as never, true);
    const ids = (files: { file_id: string }[]) => files.map((f) => f.file_id);
    return {
      due: ids(await methods.getExpiredFiles(100, { now })),
      firstTwo: ids(await methods.getExpiredFiles(2, { now })),
      later: ids(await methods.getExpiredFiles(100, { now: at(20) })),
      full: await methods.getExpiredFiles(1, { now }),
    };
  },
  { exactDates: [-90, -60, -30, -10, -5, 0, 10, 20, 30].map(at) },
);

differential(
  'files › incrementFileDeletionAttempts returns the count from the increment itself',
  async ({ methods }) => {
    await methods.createFile(upload(1, { expiredAt: at(-30) }) as never, true);
    return {
      first: await methods.incrementFileDeletionAttempts('file-1'),
      second: await methods.incrementFileDeletionAttempts('file-1'),
      missing: await methods.incrementFileDeletionAttempts('nope'),
    };
  },
);

describe('[postgresql] files › incrementFileDeletionAttempts under concurrent sweepers', () => {
  test('each call gets its own attempt number (row-locked increment) and updatedAt stays put', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const { methods } = dal;
    await methods.createFile(upload(1, { expiredAt: at(-30) }) as never, true);
    const counts = await Promise.all([1, 2, 3, 4].map(() => methods.incrementFileDeletionAttempts('file-1')));
    expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    expect(await methods.incrementFileDeletionAttempts('nope')).toBe(0);
    const file = await methods.findFileById('file-1');
    expect(file?.deletionAttempts).toBe(4);
    expect(file?.updatedAt?.getTime()).toBe(file?.createdAt?.getTime());
  });
});

differential(
  'files › deferExpiredFile only moves the retry deadline later, without a content write',
  async ({ methods }) => {
    await methods.createFile(upload(1, { expiredAt: at(-30) }) as never, true);
    await methods.deferExpiredFile('file-1', at(60));
    await methods.deferExpiredFile('file-1', at(30));
    await methods.deferExpiredFile('nope', at(30));
    const [file] =
      (await methods.getFiles({ file_id: 'file-1' }, null, 'deletionRetryAt updatedAt createdAt')) ?? [];
    await methods.deferExpiredFile('file-1', at(90));
    const [later] = (await methods.getFiles({ file_id: 'file-1' }, null, 'deletionRetryAt')) ?? [];
    return {
      file: { ...file, untouched: file?.updatedAt?.getTime() === file?.createdAt?.getTime() },
      later,
    };
  },
  { exactDates: [at(60), at(30), at(-30), at(90)] },
);

differential(
  'files › getToolFilesByIds: context text, file_search embeddings, owner scope',
  async ({ methods }) => {
    await methods.createFile(upload(1, { context: 'agents', text: 'ctx' }) as never, true);
    await methods.createFile(upload(2, { context: 'agents' }) as never, true);
    await methods.createFile(upload(3, { embedded: true, context: 'message_attachment' }) as never, true);
    await methods.createFile(
      upload(4, { embedded: true, context: 'execute_code', text: 'x' }) as never,
      true,
    );
    await methods.createFile(upload(5, { user: OTHER, embedded: true }) as never, true);
    await methods.createFile(upload(6, { context: 'agents', text: null }) as never, true);
    const ids = ['file-1', 'file-2', 'file-3', 'file-4', 'file-5', 'file-6'];
    const names = (files: { file_id: string }[]) => files.map((f) => f.file_id).sort();
    return {
      none: await methods.getToolFilesByIds(ids, resources()),
      noIds: await methods.getToolFilesByIds([], resources(EToolResources.context)),
      other: await methods.getToolFilesByIds(ids, resources(EToolResources.execute_code)),
      context: names(await methods.getToolFilesByIds(ids, resources(EToolResources.context))),
      search: names(await methods.getToolFilesByIds(ids, resources(EToolResources.file_search))),
      both: await methods.getToolFilesByIds(
        ids,
        resources(EToolResources.context, EToolResources.file_search),
      ),
      owned: names(
        await methods.getToolFilesByIds(ids, resources(EToolResources.file_search), { userId: OWNER }),
      ),
      tenant: names(
        await methods.getToolFilesByIds(ids, resources(EToolResources.file_search), {
          userId: OWNER,
          tenantId: 'acme',
        }),
      ),
      badOwner: await methods
        .getToolFilesByIds(ids, resources(EToolResources.file_search), { userId: 'nope' })
        .catch(errorOf),
    };
  },
);
