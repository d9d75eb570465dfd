import { describe, expect, test } from 'vitest';
import { makeUser, oid, readAll } from '../aclEntries/support.js';
import { differential, fileDal } from '../harness/index.js';

differential(
  'userGroups › createGroup returns a document; finders by id and external id',
  async ({ methods, dal }) => {
    const bob = await makeUser(dal, 'bob');
    const local = await methods.createGroup({
      name: 'Local team',
      description: 'd',
      memberIds: [String(bob)],
    });
    const entra = await methods.createGroup({
      name: 'Entra team',
      source: 'entra',
      idOnTheSource: 'ext-1',
      email: 'team@x.io',
    });
    return {
      local,
      entra,
      byId: await methods.findGroupById(local._id),
      byIdString: await methods.findGroupById(String(entra._id), { name: 1 }),
      excluded: await methods.findGroupById(entra._id, { memberIds: 0, description: 0 }),
      missing: await methods.findGroupById(oid()),
      badId: await methods.findGroupById('nope').catch((e) => e),
      external: await methods.findGroupByExternalId('ext-1'),
      externalLocal: await methods.findGroupByExternalId('ext-1', 'local'),
      externalProjected: await methods.findGroupByExternalId('ext-1', 'entra', { idOnTheSource: 1, _id: 0 }),
      externals: await methods.findGroupsByExternalIds(['ext-1', 'ext-2']),
      externalsLocal: await methods.findGroupsByExternalIds(['ext-1'], 'local'),
      stored: await readAll(dal, 'groups'),
    };
  },
);

differential(
  'userGroups › createGroup validation: missing name, entra without idOnTheSource, bad source',
  async ({ methods, dal }) => ({
    noName: await methods.createGroup({ description: 'x' } as never).catch((e) => e),
    noExternalId: await methods.createGroup({ name: 'E', source: 'entra' }).catch((e) => e),
    badSource: await methods.createGroup({ name: 'S', source: 'ldap' as never }).catch((e) => e),
    stored: await readAll(dal, 'groups'),
  }),
);

describe('[postgresql] userGroups › an external group is unique per source (partial unique index)', () => {
  test('a second group with the same idOnTheSource and source is an E11000 error; local groups are free', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE groups');
    await methods.createGroup({ name: 'A', source: 'entra', idOnTheSource: 'ext-1' });
    await methods.createGroup({ name: 'Local 1' });
    await methods.createGroup({ name: 'Local 2' });
    await methods.createGroup({ name: 'Same id, local', source: 'local', idOnTheSource: 'ext-1' });
    const error = await methods
      .createGroup({ name: 'B', source: 'entra', idOnTheSource: 'ext-1' })
      .catch((e) => e);
    expect(error).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { idOnTheSource: 1, source: 1, tenantId: 1 },
      keyValue: { idOnTheSource: 'ext-1', source: 'entra', tenantId: null },
      message: expect.stringContaining('index: idOnTheSource_1_source_1_tenantId_1 dup key'),
    });
    expect(await methods.countGroups()).toBe(4);
  });
});

differential(
  'userGroups › findGroupsByNamePattern: escaped, case-insensitive, by name, email or description',
  async ({ methods }) => {
    await methods.createGroup({ name: 'Alpha (core)', description: 'the core' });
    await methods.createGroup({ name: 'Beta', email: 'CORE@x.io', source: 'entra', idOnTheSource: 'b' });
    await methods.createGroup({ name: 'Gamma', description: 'Hardcore fans' });
    await methods.createGroup({ name: 'Delta' });
    return {
      core: await methods.findGroupsByNamePattern('CORE'),
      escaped: await methods.findGroupsByNamePattern('(core)'),
      entraOnly: await methods.findGroupsByNamePattern('core', 'entra'),
      limited: await methods.findGroupsByNamePattern('a', null, 2),
      none: await methods.findGroupsByNamePattern('zzz'),
    };
  },
);

differential(
  'userGroups › membership: add and remove by user id or external id',
  async ({ methods, dal }) => {
    const local = await makeUser(dal, 'local');
    const external = await makeUser(dal, 'external', { idOnTheSource: 'entra-user-1' });
    const team = await methods.createGroup({ name: 'Team' });
    const other = await methods.createGroup({ name: 'Other', memberIds: ['entra-user-1'] });
    const addLocal = await methods.addUserToGroup(String(local), team._id);
    const addAgain = await methods.addUserToGroup(local, String(team._id));
    const addExternal = await methods.addUserToGroup(external, team._id);
    const groupsOfExternal = await methods.findGroupsByMemberId(external);
    const groupsOfLocal = await methods.getUserGroups(String(local));
    const removeLocal = await methods.removeUserFromGroup(local, team._id);
    const removeAbsent = await methods.removeUserFromGroup(local, other._id);
    const noGroup = await methods.addUserToGroup(local, oid());
    const noUser = await methods.addUserToGroup(oid(), team._id).catch((e) => e);
    const noUserRemove = await methods.removeUserFromGroup(oid(), team._id).catch((e) => e);
    const unknownMember = await methods.findGroupsByMemberId(oid());
    return {
      addLocal,
      addAgain,
      addExternal,
      groupsOfExternal,
      groupsOfLocal,
      removeLocal,
      removeAbsent,
      noGroup,
      noUser,
      noUserRemove,
      unknownMember,
      stored: await readAll(dal, 'groups'),
    };
  },
);

differential(
  'userGroups › removeUserFromAllGroups, removeMemberById and deleteGroup',
  async ({ methods, dal }) => {
    const user = await makeUser(dal, 'leaver');
    const id = String(user);
    const a = await methods.createGroup({ name: 'A', memberIds: [id, 'x'] });
    const b = await methods.createGroup({ name: 'B', memberIds: ['y', id] });
    const c = await methods.createGroup({ name: 'C', memberIds: ['x', 'y'] });
    await methods.removeUserFromAllGroups(user);
    const afterAll = await readAll(dal, 'groups');
    const removed = await methods.removeMemberById(a._id, 'x');
    const removedAbsent = await methods.removeMemberById(b._id, 'nobody');
    const removedNoGroup = await methods.removeMemberById(oid(), 'x');
    const deleted = await methods.deleteGroup(String(c._id));
    const deletedAgain = await methods.deleteGroup(c._id);
    const badId = await methods.deleteGroup('bad').catch((e) => e);
    return {
      afterAll,
      removed,
      removedAbsent,
      removedNoGroup,
      deleted,
      deletedAgain,
      badId,
      stored: await readAll(dal, 'groups'),
    };
  },
);

differential(
  'userGroups › upsertGroupByExternalId creates, updates, and replaces members',
  async ({ methods, dal }) => {
    const created = await methods.upsertGroupByExternalId('ext-9', 'entra', {
      name: 'Nine',
      email: 'nine@x.io',
    });
    const renamed = await methods.upsertGroupByExternalId('ext-9', 'entra', { name: 'Nine!' });
    const members = await methods.upsertGroupByExternalId('ext-9', 'entra', { memberIds: ['u1', 'u2'] });
    const createdWithMembers = await methods.upsertGroupByExternalId('ext-10', 'entra', {
      name: 'Ten',
      memberIds: ['u3'],
    });
    const invalid = await methods
      .upsertGroupByExternalId('ext-11', 'entra', { source: 'nowhere' } as never)
      .catch((e) => e);
    return { created, renamed, members, createdWithMembers, invalid, stored: await readAll(dal, 'groups') };
    // mongoose upserts with `$setOnInsert: { memberIds: [] }`; FerretDB drops the empty array
    // (MongoDB stores it): asserted on PostgreSQL below.
  },
  { ignore: ['stored.2.memberIds'] },
);

describe('[postgresql] userGroups › an upserted group stores the schema defaults mongoose sets on insert', () => {
  test('memberIds [] and __v 0, as mongoose $setOnInsert writes them', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE groups');
    await methods.upsertGroupByExternalId('ext-1', 'entra', { name: 'One' });
    const [row] = (await engine.collections!.groups.findRaw({})) as Record<string, unknown>[];
    expect(row).toMatchObject({
      idOnTheSource: 'ext-1',
      source: 'entra',
      name: 'One',
      memberIds: [],
      __v: 0,
    });
  });
});

differential(
  'userGroups › updateGroupById, findGroupByQuery and bulkUpdateGroups',
  async ({ methods, dal }) => {
    const a = await methods.createGroup({ name: 'A', memberIds: ['m1'] });
    const b = await methods.createGroup({
      name: 'B',
      memberIds: ['m1', 'm2'],
      source: 'entra',
      idOnTheSource: 'b',
    });
    const renamed = await methods.updateGroupById(a._id, { name: 'A2', description: 'new' });
    const members = await methods.updateGroupById(String(a._id), { memberIds: ['m3'] });
    const missing = await methods.updateGroupById(oid(), { name: 'x' });
    const missingMembers = await methods.updateGroupById(oid(), { memberIds: [] });
    const query = await methods.findGroupByQuery({ memberIds: { $in: ['m2'] }, source: 'entra' });
    const queryNone = await methods.findGroupByQuery({ name: /^zz/ });
    const bulk = await methods.bulkUpdateGroups({ memberIds: 'm1' }, { $addToSet: { memberIds: 'm9' } });
    const bulkNone = await methods.bulkUpdateGroups({ name: 'none' }, { $set: { avatar: 'a.png' } });
    const bulkSet = await methods.bulkUpdateGroups({}, { $set: { avatar: 'b.png' } });
    void b;
    return {
      renamed,
      members,
      missing,
      missingMembers,
      query,
      queryNone,
      bulk,
      bulkNone,
      bulkSet,
      stored: await readAll(dal, 'groups'),
    };
  },
);

differential(
  'userGroups › listGroups and countGroups: search, source, paging, sorted by name',
  async ({ methods }) => {
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'])
      await methods.createGroup({ name, description: `${name} team` });
    await methods.createGroup({ name: 'Foxtrot', source: 'entra', idOnTheSource: 'f', email: 'fox@team.io' });
    return {
      all: (await methods.listGroups()).map((g) => g.name),
      page: (await methods.listGroups({ limit: 2, offset: 1 })).map((g) => g.name),
      entra: await methods.listGroups({ source: 'entra' }),
      search: (await methods.listGroups({ search: 'TEAM' })).map((g) => g.name),
      searchLocal: (await methods.listGroups({ search: 'team', source: 'local' })).map((g) => g.name),
      count: await methods.countGroups(),
      countSearch: await methods.countGroups({ search: 'o' }),
      countEntra: await methods.countGroups({ source: 'entra' }),
    };
  },
);
