/**
 * The USER_PRINCIPALS membership cache (`deps.getCache`): the same scenario on both engines, each
 * with its own recording in-memory store; the stores' operation logs and the results must match.
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { expect, test } from 'vitest';
import { inTenant, makeUser } from '../aclEntries/support.js';
import { createEngineDal, type Engine, normalise, resetDal } from '../harness/index.js';

function recordingCache(options: { failGets?: boolean } = {}) {
  const log: unknown[] = [];
  const data = new Map<string, unknown>();
  const store = {
    get: async (key: string) => {
      log.push(['get', key]);
      if (options.failGets) throw new Error('cache down');
      return data.get(key);
    },
    set: async (key: string, value: unknown) => {
      log.push(['set', key, value]);
      data.set(key, value);
      return true;
    },
    delete: async (key: string) => {
      log.push(['delete', key]);
      return data.delete(key);
    },
    clear: async () => {
      log.push(['clear']);
      data.clear();
    },
  };
  return {
    log,
    data,
    getCache: (namespace: string) => (namespace === 'USER_PRINCIPALS' ? store : undefined),
  };
}

type CacheScenario = (ctx: {
  methods: AllMethods;
  dal: Dal;
  cache: ReturnType<typeof recordingCache>;
}) => Promise<unknown>;

function cacheDifferential(name: string, scenario: CacheScenario, options: { failGets?: boolean } = {}) {
  test(`[differential] ${name}`, async () => {
    const results: Partial<Record<Engine, unknown>> = {};
    for (const engine of ['mongodb', 'postgresql'] as const) {
      const cache = recordingCache(options);
      const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
      try {
        await resetDal(dal);
        const start = Date.now();
        const result = await scenario({ methods: dal.methods, dal, cache }).catch((e: Error) => ({
          error: e.message,
        }));
        results[engine] = normalise(
          { result, log: cache.log, data: [...cache.data.entries()] },
          { window: { start, end: Date.now() } },
        );
      } finally {
        await dal.close();
      }
    }
    expect(results.postgresql).toEqual(results.mongodb);
  });
}

cacheDifferential(
  'userGroups › membership cache: filled on a miss, served on a hit, evicted on change',
  async ({ methods, dal }) => {
    const user = await makeUser(dal, 'cached');
    const id = String(user);
    const team = await methods.createGroup({ name: 'Team', memberIds: [id] });
    const first = await methods.getUserPrincipals({ userId: id, role: 'USER', idOnTheSource: null });
    const hit = await methods.getUserPrincipals({ userId: id, role: 'USER', idOnTheSource: null });
    const other = await methods.createGroup({ name: 'Other' });
    await methods.addUserToGroup(user, other._id);
    const afterAdd = await methods.getUserPrincipals({ userId: id, role: 'USER', idOnTheSource: null });
    await methods.removeMemberById(team._id, id);
    await methods.updateGroupById(other._id, { description: 'no member change' });
    await methods.updateGroupById(other._id, { memberIds: ['x'] });
    await methods.bulkUpdateGroups({ name: 'Team' }, { $addToSet: { memberIds: { $each: ['y', id] } } });
    await methods.bulkUpdateGroups({ name: 'Team' }, { $set: { memberIds: [] } });
    await methods.bulkUpdateGroups({ name: 'nobody' }, { $set: { memberIds: [] } });
    await methods.removeUserFromAllGroups(id);
    await methods.upsertGroupByExternalId('g-1', 'entra', { name: 'G1', memberIds: ['z'] });
    await methods.deleteGroup(team._id);
    return { first, hit, afterAdd };
  },
);

cacheDifferential('userGroups › membership cache keys are tenant-scoped', async ({ methods, dal }) => {
  const user = await inTenant('t1', () => makeUser(dal, 'tenant-user'));
  const id = String(user);
  await inTenant('t1', () => methods.createGroup({ name: 'T1 team', memberIds: [id] }));
  const principals = await inTenant('t1', () =>
    methods.getUserPrincipals({ userId: id, role: null, idOnTheSource: null }),
  );
  await inTenant('t1', () => methods.addUserToGroup(id, principals[1]?.principalId as never));
  const elsewhere = await inTenant('t2', () =>
    methods.getUserPrincipals({ userId: id, role: null, idOnTheSource: null }),
  );
  return { principals, elsewhere };
});

cacheDifferential(
  'userGroups › a corrupt cache entry is rebuilt from the database',
  async ({ methods, dal, cache }) => {
    const user = await makeUser(dal, 'corrupt');
    const id = String(user);
    await methods.createGroup({ name: 'Team', memberIds: [id] });
    cache.data.set(id, ['not-an-object-id']);
    return methods.getUserPrincipals({ userId: id, role: 'USER', idOnTheSource: null });
  },
);

cacheDifferential(
  'userGroups › a failing cache never blocks a permission check',
  async ({ methods, dal }) => {
    const user = await makeUser(dal, 'unlucky');
    await methods.createGroup({ name: 'Team', memberIds: [String(user)] });
    return methods.getUserPrincipals({ userId: user });
  },
  { failGets: true },
);
