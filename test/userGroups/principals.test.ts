import { insertRaw, makeUser, oid, PERM, readAll } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';

differential(
  'userGroups › getUserPrincipals: user, role, groups by id or external id, public',
  async ({ methods, dal }) => {
    const local = await makeUser(dal, 'local', { role: 'ADMIN' });
    const external = await makeUser(dal, 'external', { idOnTheSource: 'ext-user' });
    await methods.createGroup({ name: 'By id', memberIds: [String(local)] });
    await methods.createGroup({ name: 'By external id', memberIds: ['ext-user', String(local)] });
    await methods.createGroup({ name: 'Unrelated', memberIds: ['someone'] });
    return {
      lookedUp: await methods.getUserPrincipals({ userId: String(local) }),
      external: await methods.getUserPrincipals({ userId: external }),
      passedIn: await methods.getUserPrincipals({ userId: local, role: 'USER', idOnTheSource: null }),
      blankRole: await methods.getUserPrincipals({ userId: local, role: '   ', idOnTheSource: 'ext-user' }),
      nullRole: await methods.getUserPrincipals({ userId: external, role: null }),
      unknownUser: await methods.getUserPrincipals({ userId: oid() }),
      badId: await methods.getUserPrincipals({ userId: 'bad' }).catch((e) => e),
    };
  },
);

differential(
  'userGroups › principals drive permission checks: a group grant reaches its members',
  async ({ methods, dal }) => {
    const member = await makeUser(dal, 'member', { idOnTheSource: 'ext-m' });
    const outsider = await makeUser(dal, 'outsider');
    const group = await methods.createGroup({
      name: 'Editors',
      source: 'entra',
      idOnTheSource: 'g-ed',
      memberIds: ['ext-m'],
    });
    const agent = oid();
    await methods.grantPermission('group', group._id, 'agent', agent, PERM.VIEW | PERM.EDIT);
    await methods.grantPermission('role', 'USER', 'agent', agent, PERM.VIEW);
    await methods.grantPermission('public', null, 'agent', oid(), PERM.VIEW);
    const memberPrincipals = await methods.getUserPrincipals({ userId: member });
    const outsiderPrincipals = await methods.getUserPrincipals({ userId: outsider });
    return {
      member: await methods.getEffectivePermissions(memberPrincipals, 'agent', agent),
      outsider: await methods.getEffectivePermissions(outsiderPrincipals, 'agent', agent),
      memberCanEdit: await methods.hasPermission(memberPrincipals, 'agent', agent, PERM.EDIT),
      outsiderCanEdit: await methods.hasPermission(outsiderPrincipals, 'agent', agent, PERM.EDIT),
      memberResources: await methods.findAccessibleResources(memberPrincipals, 'agent', PERM.VIEW),
      afterLeaving: await methods
        .removeUserFromGroup(member, group._id)
        .then(() => methods.getUserPrincipals({ userId: member }))
        .then((p) => methods.getEffectivePermissions(p, 'agent', agent)),
    };
  },
  { unordered: true },
);

differential(
  'userGroups › syncUserEntraGroups creates, joins and leaves Entra groups',
  async ({ methods, dal }) => {
    const user = await makeUser(dal, 'synced', { idOnTheSource: 'oid-synced' });
    await methods.createGroup({
      name: 'Existing',
      source: 'entra',
      idOnTheSource: 'g1',
      memberIds: ['other'],
    });
    await methods.createGroup({
      name: 'Stale',
      source: 'entra',
      idOnTheSource: 'g-old',
      memberIds: ['oid-synced'],
    });
    await methods.createGroup({ name: 'Local', source: 'local', memberIds: ['oid-synced'] });
    const first = await methods.syncUserEntraGroups(user, [
      { id: 'g1', name: 'Existing' },
      { id: 'g2', name: 'New group', description: 'made by sync', email: 'g2@x.io' },
    ]);
    const again = await methods.syncUserEntraGroups(String(user), [{ id: 'g2', name: 'New group' }]);
    const missing = await methods.syncUserEntraGroups(oid(), []).catch((e) => e);
    return { first, again, missing, stored: await readAll(dal, 'groups') };
  },
);

differential('userGroups › searchPrincipals finds users, groups and roles', async ({ methods, dal }) => {
  await makeUser(dal, 'adam', { name: 'Adam Admin', role: 'ADMIN' });
  await makeUser(dal, 'eve', { name: 'Eve', email: 'eve@admins.org', idOnTheSource: 'ext-eve' });
  await makeUser(dal, 'zed');
  await methods.createGroup({ name: 'Admins', memberIds: ['a', 'b'] });
  await methods.createGroup({
    name: 'Ops',
    description: 'site admin team',
    source: 'entra',
    idOnTheSource: 'g-ops',
  });
  await insertRaw(dal, 'roles', { name: 'ADMIN', permissions: {} });
  await insertRaw(dal, 'roles', { name: 'USER', permissions: {} });
  const all = await methods.searchPrincipals('admin');
  const scored = all.map((item) => ({
    ...item,
    _searchScore: methods.calculateRelevanceScore(item, 'admin'),
  }));
  return {
    all,
    sorted: methods.sortPrincipalsByRelevance(scored),
    limited: await methods.searchPrincipals(' ADMIN ', 1),
    usersOnly: await methods.searchPrincipals('admin', 10, ['user' as never]),
    groupsAndRoles: await methods.searchPrincipals('a', 10, ['group' as never, 'role' as never]),
    regexSafe: await methods.searchPrincipals('.*'),
    blank: await methods.searchPrincipals('   '),
  };
});
