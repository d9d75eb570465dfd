/**
 * getPromptGroupAccessContext and invalidatePromptGroupAccessContext, without a cache (every call
 * reads aclentries, groups and promptgroups) and with a recording PROMPT_GROUPS_ACCESS store: the
 * same scenario on both engines, each with its own store; results and store operations must match
 * (generation markers are random UUIDs, compared by identity).
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { expect, test } from 'vitest';
import { makeUser } from '../aclEntries/support.js';
import { createEngineDal, differential, type Engine, normalise, resetDal } from '../harness/index.js';
import { SEED_DATES, seedGroup, U1, U2 } from './support.js';

const VIEW = 1;
const EDIT = 2;

/** Groups reachable by U1 in every way upstream counts, and some that are not. */
async function seedSharing(methods: AllMethods, dal: Dal, user = U1) {
  const direct = await seedGroup(dal, { name: 'direct', author: U2, minute: 1 });
  const byRole = await seedGroup(dal, { name: 'by role', author: U2, minute: 2 });
  const pub = await seedGroup(dal, { name: 'public', author: U2, minute: 3 });
  const owned = await seedGroup(dal, { name: 'owned', author: user, minute: 4 });
  const viaTeam = await seedGroup(dal, { name: 'via team', author: U2, minute: 5 });
  const editOnly = await seedGroup(dal, { name: 'edit only', author: U2, minute: 6 });
  const hidden = await seedGroup(dal, { name: 'hidden', author: U2, minute: 7 });
  const team = await methods.createGroup({ name: 'Team', memberIds: [user] } as never);
  await methods.grantPermission('user', user, 'promptGroup', direct._id, VIEW | EDIT);
  await methods.grantPermission('role', 'USER', 'promptGroup', byRole._id, VIEW);
  await methods.grantPermission('public', null, 'promptGroup', pub._id, VIEW);
  await methods.grantPermission('group', String(team._id), 'promptGroup', viaTeam._id, VIEW);
  await methods.grantPermission('user', user, 'promptGroup', editOnly._id, EDIT);
  await methods.grantPermission('user', U2, 'promptGroup', hidden._id, VIEW);
  return { direct, byRole, pub, owned, viaTeam, editOnly, hidden, team };
}

differential(
  'prompts › getPromptGroupAccessContext without a cache: ACL, role, group, public and owned ids',
  async ({ methods, dal }) => {
    await seedSharing(methods, dal);
    return {
      withRole: await methods.getPromptGroupAccessContext({ userId: U1, role: 'USER' }),
      withoutRole: await methods.getPromptGroupAccessContext({ userId: U1 }),
      stranger: await methods.getPromptGroupAccessContext({ userId: '6c0000000000000000000009' }),
      invalidated: await methods.invalidatePromptGroupAccessContext(),
    };
  },
  { exactDates: SEED_DATES, unordered: true },
);

function recordingCache(options: { failSets?: boolean; noDelete?: boolean } = {}) {
  const log: unknown[] = [];
  /** Generation-marker writes are refused while this is set. */
  const state = { failSets: options.failSets ?? false };
  const data = new Map<string, unknown>();
  const store: Record<string, unknown> = {
    get: async (key: string) => {
      log.push(['get', key]);
      return data.get(key);
    },
    set: async (key: string, value: unknown) => {
      log.push(['set', key, value]);
      if (state.failSets && key.endsWith('access:generation')) throw new Error('cache write refused');
      data.set(key, value);
      return true;
    },
  };
  if (!options.noDelete) {
    store.delete = async (key: string) => {
      log.push(['delete', key]);
      return data.delete(key);
    };
  }
  return {
    log,
    data,
    state,
    getCache: (namespace: string) => (namespace === 'PROMPT_GROUPS_ACCESS' ? store : undefined),
  };
}

/** Generation markers are random: each distinct UUID becomes `gen#n` in order of appearance. */
function labelGenerations(value: unknown): unknown {
  const labels = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (uuid) => {
      if (!labels.has(uuid)) labels.set(uuid, `gen#${labels.size + 1}`);
      return labels.get(uuid) as string;
    }),
  );
}

type CacheScenario = (ctx: {
  methods: AllMethods;
  dal: Dal;
  cache: ReturnType<typeof recordingCache>;
}) => Promise<unknown>;

function cacheDifferential(
  name: string,
  scenario: CacheScenario,
  options: { failSets?: boolean; noDelete?: boolean } = {},
) {
  test(`[differential] ${name}`, async () => {
    const results: Partial<Record<Engine, unknown>> = {};
    for (const engine of ['mongodb', 'postgresql'] as const) {
      const cache = recordingCache(options);
      const dal = await createEngineDal(engine, { deps: { getCache: cache.getCache as never } });
      try {
        await resetDal(dal);
        const start = Date.now();
        const result = await scenario({ methods: dal.methods, dal, cache });
        results[engine] = normalise(labelGenerations({ result, log: cache.log }), {
          window: { start, end: Date.now() },
          unordered: true,
        });
      } finally {
        await dal.close();
      }
    }
    expect(results.postgresql).toEqual(results.mongodb);
  });
}

const sorted = (ids: unknown[]) => ids.map(String).sort();

cacheDifferential(
  'prompts › access context cache: filled on a miss, served on a hit, a new era after each mutation',
  async ({ methods, dal }) => {
    const user = String(await makeUser(dal, 'sharer'));
    const s = await seedSharing(methods, dal, user);
    const ctx = async () => {
      const c = await methods.getPromptGroupAccessContext({ userId: user, role: 'USER' });
      return {
        accessible: sorted(c.accessibleIds),
        public: sorted(c.publiclyAccessibleIds),
        owned: sorted(c.ownedPromptGroupIds),
      };
    };
    const first = await ctx();
    const hit = await ctx();
    await methods.grantPermission('user', user, 'promptGroup', s.hidden._id, VIEW);
    const staleUntilInvalidated = await ctx();
    await methods.invalidatePromptGroupAccessContext();
    const afterInvalidate = await ctx();
    await methods.deletePromptGroup({ _id: s.direct._id });
    const afterDelete = await ctx();
    const other = await methods.createGroup({ name: 'Other' } as never);
    await methods.grantPermission('group', String(other._id), 'promptGroup', s.editOnly._id, VIEW);
    await methods.addUserToGroup(user, other._id);
    const afterMembership = await ctx();
    await methods.deleteUserPrompts(user);
    const afterUserDelete = await ctx();
    return {
      first,
      hit,
      staleUntilInvalidated,
      afterInvalidate,
      afterDelete,
      afterMembership,
      afterUserDelete,
    };
  },
);

cacheDifferential(
  'prompts › access context cache: a marker that cannot be replaced fails the mutation and bypasses the cache',
  async ({ methods, dal, cache }) => {
    const s = await seedSharing(methods, dal);
    const ctx = async () =>
      sorted((await methods.getPromptGroupAccessContext({ userId: U1, role: 'USER' })).accessibleIds);
    const first = await ctx();
    await methods.grantPermission('user', U1, 'promptGroup', s.hidden._id, VIEW);
    cache.state.failSets = true;
    const invalidate = await methods
      .invalidatePromptGroupAccessContext()
      .catch((e: Error) => ({ error: e.message }));
    const bypassed = await ctx();
    cache.state.failSets = false;
    const recovered = await methods.invalidatePromptGroupAccessContext();
    return { first, invalidate, bypassed, recovered, cachedAgain: await ctx() };
  },
  { noDelete: true },
);

cacheDifferential(
  'prompts › access context cache: a removed marker whose replacement fails is not fatal',
  async ({ methods, dal, cache }) => {
    await seedSharing(methods, dal);
    const ctx = async () =>
      sorted((await methods.getPromptGroupAccessContext({ userId: U2 })).ownedPromptGroupIds);
    const first = await ctx();
    cache.state.failSets = true;
    const invalidate = await methods
      .invalidatePromptGroupAccessContext()
      .catch((e: Error) => ({ error: e.message }));
    const again = await ctx();
    cache.state.failSets = false;
    return { first, invalidate, again, rebuilt: await ctx() };
  },
);
