/** Skill-sync run statuses and the global sync lock. */
import { differential } from '../harness/index.js';

const T = (iso: string) => new Date(iso);
const started = T('2030-01-01T10:00:00.000Z');
const finished = T('2030-01-01T10:05:00.000Z');

differential(
  'skillSync › upsertSkillSyncStatus records runs per source and tenant; failures keep their error, successes clear it',
  async ({ methods }) => {
    const base = {
      provider: 'github' as const,
      sourceId: 'repo-a',
      owner: 'acme',
      repo: 'skills',
      ref: 'main',
      paths: ['skills/'],
    };
    const running = await methods.upsertSkillSyncStatus({ ...base, status: 'running', startedAt: started });
    const failed = await methods.upsertSkillSyncStatus({
      ...base,
      status: 'failed',
      finishedAt: finished,
      errorCode: 'AUTH',
      errorMessage: 'Bad credentials',
    });
    const partial = await methods.upsertSkillSyncStatus({
      ...base,
      status: 'partial',
      finishedAt: finished,
      syncedSkillCount: 3,
      skippedSkillCount: 1,
      skippedSkills: [
        { path: 'skills/bad', name: 'bad', errorCode: 'INVALID', errorMessage: 'Invalid name' },
      ],
      skippedFileCount: 1,
      skippedFiles: [
        { path: 'skills/x/big.bin', skillPath: '', errorCode: 'TOO_LARGE', errorMessage: 'Too large' },
      ],
    });
    const tenant = await methods.upsertSkillSyncStatus({ ...base, tenantId: 't1', status: 'succeeded' });
    await methods.upsertSkillSyncStatus({ provider: 'github', sourceId: 'repo-0', status: 'skipped' });
    const invalid = await methods
      .upsertSkillSyncStatus({ ...base, status: 'done' as never })
      .catch((e: Error) => ({ name: e.name, message: e.message }));
    return {
      running,
      failed,
      partial,
      tenant,
      invalid,
      get: await methods.getSkillSyncStatus('github', 'repo-a'),
      getTenant: (await methods.getSkillSyncStatus('github', 'repo-a', 't1'))?.status,
      missing: await methods.getSkillSyncStatus('github', 'repo-z'),
      list: (await methods.listSkillSyncStatuses('github')).map((s) => [s.sourceId, s.tenantId, s.status]),
    };
  },
  { exactDates: [started, finished] },
);

differential(
  'skillSync › the sync lock: acquire, contend, refresh, release, per tenant; the lock row is not a status',
  async ({ methods }) => {
    const lock = (lockOwner: string, extra: Record<string, unknown> = {}) =>
      ({ provider: 'github', lockOwner, leaseMs: 60_000, ...extra }) as never;
    const acquired = await methods.tryAcquireSkillSyncLock(lock('w1'));
    const contended = await methods.tryAcquireSkillSyncLock(lock('w2'));
    const refreshed = await methods.refreshSkillSyncLock(lock('w1'));
    const refreshedByOther = await methods.refreshSkillSyncLock(lock('w2'));
    const otherTenant = await methods.tryAcquireSkillSyncLock(lock('w3', { tenantId: 't1' }));
    await methods.releaseSkillSyncLock(lock('w2'));
    const stillHeld = await methods.tryAcquireSkillSyncLock(lock('w2'));
    await methods.releaseSkillSyncLock(lock('w1'));
    const afterRelease = await methods.tryAcquireSkillSyncLock(lock('w2'));
    const refreshReleased = await methods.refreshSkillSyncLock(lock('w1'));
    return {
      acquired,
      contended,
      refreshed,
      refreshedByOther,
      otherTenant,
      stillHeld,
      afterRelease,
      refreshReleased,
      row: await methods.getSkillSyncStatus('github', '__global_lock__'),
      statuses: await methods.listSkillSyncStatuses('github'),
    };
  },
);

differential(
  'skillSync › an expired lock is taken over; a zero lease expires at once',
  async ({ methods }) => {
    const lock = (lockOwner: string, leaseMs: number) =>
      ({ provider: 'github', lockOwner, leaseMs }) as never;
    const first = await methods.tryAcquireSkillSyncLock(lock('w1', -1000));
    const takeover = await methods.tryAcquireSkillSyncLock(lock('w2', 60_000));
    const staleRefresh = await methods.refreshSkillSyncLock(lock('w1', 60_000));
    return {
      first,
      takeover,
      staleRefresh,
      row: await methods.getSkillSyncStatus('github', '__global_lock__'),
    };
  },
);
