/** Role lookups and writes keep LibreChat's ROLES cache (deps.getCache) exactly as upstream does. */
import { describe, expect, test } from 'vitest';
import { createEngineDal, differential, resetDal } from '../harness/index.js';
import { AUTH_USER_DOC_BY_ID_PREFIX, CacheKeys, inTenant, memoryCache } from './support.js';

differential(
  'roles › the ROLES cache: filled by lookups, refreshed by writes, evicted by deletes',
  async ({ engine }) => {
    const cache = memoryCache();
    const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
    const { methods } = dal;
    try {
      const steps: Record<string, unknown> = {};
      await methods.getRoleByName('ADMIN');
      steps.createdSystem = cache.entries('ROLES');
      await methods.createRoleByName({ name: 'editor', description: 'v1' });
      steps.created = cache.entries('ROLES');
      await methods.getRoleByName('nobody');
      steps.miss = cache.entries('ROLES');
      // A cached role is served from the cache, not the database.
      await dal.engine.pool?.query(
        `UPDATE roles SET description = 'changed behind the cache' WHERE name = 'editor'`,
      );
      await dal.engine.mongoose?.connection.db
        ?.collection('roles')
        .updateOne({ name: 'editor' }, { $set: { description: 'changed behind the cache' } });
      steps.served = await methods.getRoleByName('editor');
      await methods.deleteRoleByName('editor');
      steps.deleted = cache.entries('ROLES');
      steps.afterDelete = await methods.getRoleByName('editor');
      await inTenant('acme', () => methods.getRoleByName('USER'));
      steps.tenantKey = Object.keys(cache.entries('ROLES'));
      return steps;
    } finally {
      await dal.close();
    }
  },
);

differential(
  'roles › the ROLES cache after updateAccessPermissions on a legacy role',
  async ({ engine, dal: fileDal }) => {
    const cache = memoryCache();
    const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
    try {
      const doc = { name: 'legacy', PROMPTS: { USE: false }, permissions: { AGENTS: { USE: true } } };
      if (fileDal.engine.mongoose)
        await fileDal.engine.mongoose.connection.db?.collection('roles').insertOne(doc);
      else
        await fileDal.engine.collections?.roles.insertRow({
          _id: new (await import('mongoose')).Types.ObjectId(),
          ...doc,
        });
      await dal.methods.updateAccessPermissions('legacy', { AGENTS: { USE: false } });
      return cache.entries('ROLES');
    } finally {
      await dal.close();
    }
  },
);

differential('roles › moving users between roles evicts their cached auth documents', async ({ engine }) => {
  const cache = memoryCache();
  const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
  const previous = process.env.AUTH_USER_CACHE_MODE;
  process.env.AUTH_USER_CACHE_MODE = 'on';
  try {
    const { methods } = dal;
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      ids.push(
        String(await methods.createUser({ name, email: `${name}@x.io`, provider: 'local', role: 'editor' })),
      );
    }
    const authDocs = cache.getCache(CacheKeys.AUTH_USER_DOC);
    for (const id of ids) {
      await authDocs.set(`${AUTH_USER_DOC_BY_ID_PREFIX}:${id}`, [`doc:${id}:1`, `doc:${id}:2`]);
      await authDocs.set(`doc:${id}:1`, { id });
      await authDocs.set(`doc:${id}:2`, { id });
    }
    const snapshot = () => Object.keys(cache.entries(CacheKeys.AUTH_USER_DOC)).length;
    const steps: Record<string, unknown> = { start: snapshot() };
    await methods.updateUsersRoleByIds([ids[0] as string], 'writer');
    steps.byIds = snapshot();
    await methods.updateUsersByRole('editor', 'reviewer');
    steps.byRole = snapshot();
    await methods.createRoleByName({ name: 'writer' });
    await methods.deleteRoleByName('writer');
    steps.left = cache.entries(CacheKeys.AUTH_USER_DOC);
    return steps;
  } finally {
    if (previous === undefined) delete process.env.AUTH_USER_CACHE_MODE;
    else process.env.AUTH_USER_CACHE_MODE = previous;
    await dal.close();
  }
});

differential(
  'roles › the ROLES cache on updateRoleByName: re-cached, and moved on a rename',
  async ({ engine }) => {
    const cache = memoryCache();
    const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
    try {
      const { methods } = dal;
      await methods.createRoleByName({ name: 'editor', description: 'v1' });
      await methods.updateRoleByName('editor', { description: 'v2' });
      const updated = cache.entries('ROLES');
      const renamed = await methods.updateRoleByName('editor', { name: 'writer' });
      const moved = cache.entries('ROLES');
      const servedFromCache = (await methods.getRoleByName('writer')) === renamed;
      await inTenant('acme', () => methods.createRoleByName({ name: 'editor' }));
      await inTenant('acme', () => methods.updateRoleByName('editor', { description: 'acme' }));
      return { updated, moved, servedFromCache, tenant: cache.entries('ROLES') };
    } finally {
      await dal.close();
    }
  },
);

// Unpatched FerretDB cannot run updateRoleByName's projected findOneAndUpdate (allow-listed), so
// its cache upkeep is also asserted on PostgreSQL against upstream's contract.
describe('[postgresql] roles › the ROLES cache on updateRoleByName', () => {
  test('an update re-caches the role; a rename nulls the old key and caches the new one', async () => {
    const cache = memoryCache();
    const dal = await createEngineDal('postgresql', { deps: { getCache: cache.getCache as never } });
    try {
      await resetDal(dal);
      const { methods } = dal;
      await methods.createRoleByName({ name: 'editor', description: 'v1' });
      const updated = await methods.updateRoleByName('editor', { description: 'v2' });
      expect(cache.entries('ROLES')).toEqual({ editor: updated });
      const renamed = await methods.updateRoleByName('editor', { name: 'writer' });
      expect(cache.entries('ROLES')).toEqual({ editor: null, writer: renamed });
      expect(await methods.getRoleByName('writer')).toBe(renamed);
      await inTenant('acme', () => methods.createRoleByName({ name: 'editor' }));
      const acme = await inTenant('acme', () => methods.updateRoleByName('editor', { description: 'acme' }));
      expect(acme).toMatchObject({ name: 'editor', description: 'acme', tenantId: 'acme' });
      expect(cache.entries('ROLES')['editor:acme']).toEqual(acme);
    } finally {
      await dal.close();
    }
  });
});
