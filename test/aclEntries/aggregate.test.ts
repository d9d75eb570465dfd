import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { asSystem, insertRaw, inTenant, makeUser, oid, PERM } from './support.js';

const OWNER = 15;

differential(
  'aclEntries › aggregateAclEntries: the share dialog pipeline ($lookup users, groups, access roles)',
  async ({ methods, dal }) => {
    const resource = oid();
    const alice = await makeUser(dal, 'alice', { role: 'ADMIN', password: 'secret-password' });
    const bob = await makeUser(dal, 'bob', { idOnTheSource: 'ext-bob' });
    const group = await insertRaw(dal, 'groups', { name: 'Team', source: 'local', memberIds: [String(bob)] });
    const owner = await insertRaw(dal, 'accessroles', {
      accessRoleId: 'agent_owner',
      name: 'com_ui_role_owner',
      resourceType: 'agent',
      permBits: 15,
    });
    const viewer = await insertRaw(dal, 'accessroles', {
      accessRoleId: 'agent_viewer',
      name: 'com_ui_role_viewer',
      resourceType: 'agent',
      permBits: 1,
    });
    await methods.grantPermission('user', alice, 'agent', resource, 15, alice, undefined, owner);
    await methods.grantPermission('user', bob, 'agent', resource, 1, alice, undefined, viewer);
    await methods.grantPermission('group', group, 'agent', resource, 1, alice, undefined, viewer);
    await methods.grantPermission('role', 'USER', 'agent', resource, 1, alice, undefined, viewer);
    await methods.grantPermission('public', null, 'agent', resource, 1, alice, undefined, viewer);
    await methods.grantPermission('user', oid(), 'agent', resource, 1);
    await methods.grantPermission('user', alice, 'agent', oid(), 15);
    return asSystem(() =>
      methods.aggregateAclEntries([
        { $match: { resourceType: 'agent', resourceId: { $in: [resource, resource.toString()] } } },
        { $lookup: { from: 'accessroles', localField: 'roleId', foreignField: '_id', as: 'role' } },
        { $lookup: { from: 'users', localField: 'principalId', foreignField: '_id', as: 'userInfo' } },
        { $lookup: { from: 'groups', localField: 'principalId', foreignField: '_id', as: 'groupInfo' } },
        {
          $project: {
            principalType: 1,
            principalId: 1,
            accessRoleId: { $arrayElemAt: ['$role.accessRoleId', 0] },
            userInfo: { $arrayElemAt: ['$userInfo', 0] },
            groupInfo: { $arrayElemAt: ['$groupInfo', 0] },
          },
        },
      ]),
    );
  },
);

differential(
  'aclEntries › aggregateAclEntries: first owner per resource ($sort, $group, $first)',
  async ({ methods }) => {
    const [a, b, c] = [oid(), oid(), oid()];
    const [u1, u2, u3] = [oid(), oid(), oid()];
    await methods.grantPermission('user', u2, 'agent', a, OWNER);
    await methods.grantPermission('user', u1, 'agent', b, OWNER);
    await methods.grantPermission('user', u1, 'agent', a, OWNER);
    await methods.grantPermission('user', u3, 'agent', b, PERM.VIEW);
    await methods.grantPermission('group', oid(), 'agent', c, OWNER);
    const owners = await methods.aggregateAclEntries([
      {
        $match: {
          resourceType: 'agent',
          resourceId: { $in: [a, b, c] },
          principalType: 'user',
          permBits: OWNER,
        },
      },
      { $sort: { grantedAt: 1, createdAt: 1, _id: 1 } },
      { $group: { _id: '$resourceId', principalId: { $first: '$principalId' } } },
    ]);
    const byType = await methods.aggregateAclEntries([
      {
        $group: {
          _id: '$principalType',
          count: { $sum: 1 },
          bits: { $max: '$permBits' },
          ids: { $addToSet: '$resourceId' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    return { owners, byType, ids: { a, b, c, u1, u2 } };
  },
  { unordered: true },
);

differential(
  'aclEntries › aggregateAclEntries: $bitsAllSet, $lookup and $project of the remote-agent enricher',
  async ({ methods, dal }) => {
    const agent = oid();
    const sharer = await makeUser(dal, 'sharer');
    await methods.grantPermission('user', sharer, 'agent', agent, OWNER);
    await methods.grantPermission('user', oid(), 'agent', agent, PERM.VIEW | PERM.EDIT);
    await methods.grantPermission('user', oid(), 'agent', agent, PERM.SHARE);
    return methods.aggregateAclEntries([
      {
        $match: {
          resourceType: 'agent',
          resourceId: agent,
          principalType: 'user',
          permBits: { $bitsAllSet: PERM.SHARE },
        },
      },
      { $lookup: { from: 'users', localField: 'principalId', foreignField: '_id', as: 'userInfo' } },
      { $project: { principalId: 1, userInfo: { $arrayElemAt: ['$userInfo', 0] } } },
    ]);
  },
);

differential(
  'aclEntries › aggregateAclEntries does not cast: a string id matches nothing',
  async ({ methods }) => {
    const resource = oid();
    await methods.grantPermission('public', null, 'agent', resource, 1);
    return {
      asString: await methods.aggregateAclEntries([{ $match: { resourceId: resource.toString() } }]),
      asObjectId: await methods.aggregateAclEntries([{ $match: { resourceId: resource } }]),
      noMatch: await methods.aggregateAclEntries([{ $match: { principalType: 'nonexistent' } }]),
      counted: await methods.aggregateAclEntries([{ $match: { resourceType: 'agent' } }, { $count: 'n' }]),
      countedNone: await methods.aggregateAclEntries([
        { $match: { resourceType: 'skill' } },
        { $count: 'n' },
      ]),
      paged: await methods.aggregateAclEntries([
        { $sort: { _id: -1 } },
        { $skip: 0 },
        { $limit: 1 },
        { $project: { _id: 0, principalType: 1, permBits: 1 } },
      ]),
    };
  },
);

differential(
  'aclEntries › aggregateAclEntries in a tenant only sees that tenant',
  async ({ methods }) => {
    const resource = oid();
    await inTenant('t1', () => methods.grantPermission('public', null, 'agent', resource, 1));
    await inTenant('t2', () => methods.grantPermission('public', null, 'agent', resource, 3));
    const pipeline = [
      { $match: { resourceId: resource } },
      { $project: { _id: 0, permBits: 1, tenantId: 1 } },
    ];
    return {
      t1: await inTenant('t1', () => methods.aggregateAclEntries(pipeline)),
      system: await asSystem(() => methods.aggregateAclEntries(pipeline)),
    };
  },
  { unordered: true },
);

describe('[postgresql] aclEntries › aggregateAclEntries refuses stages it does not support', () => {
  test('an unsupported stage or expression throws UnsupportedFilterError naming it', async () => {
    const { methods } = await fileDal('postgresql');
    // Expressions are evaluated per document: one entry, so the $project below has a row to run on.
    await methods.grantPermission('user', oid(), 'agent', oid(), 1);
    await expect(methods.aggregateAclEntries([{ $facet: { a: [] } } as never])).rejects.toMatchObject({
      name: 'UnsupportedFilterError',
      message: expect.stringContaining('$facet'),
    });
    await expect(
      methods.aggregateAclEntries([
        { $project: { x: { $regexFind: { input: '$principalId', regex: 'a' } } } },
      ]),
    ).rejects.toMatchObject({
      name: 'UnsupportedFilterError',
      message: expect.stringContaining('$regexFind'),
    });
    await expect(
      methods.aggregateAclEntries([
        { $lookup: { from: 'nowhere', localField: 'a', foreignField: '_id', as: 'x' } },
      ]),
    ).rejects.toMatchObject({ name: 'UnsupportedFilterError', message: expect.stringContaining('nowhere') });
  });
});

/**
 * FerretDB implements neither `$lookup` nor the `$first` accumulator (and evaluates no field-path
 * expression in `$project`), so the pipelines LibreChat runs are also asserted here on PostgreSQL,
 * against what MongoDB's documented semantics give for the same data.
 */
describe('[postgresql] aclEntries › aggregateAclEntries runs the pipelines LibreChat sends', () => {
  test('share dialog: accessRoleId, and the whole user / group document ($lookup ignores select:false)', async () => {
    const dal = await fileDal('postgresql');
    const { methods } = dal;
    await dal.engine.pool?.query('TRUNCATE aclentries, users, groups, accessroles');
    const resource = oid();
    const alice = await makeUser(dal, 'alice', { password: 'secret-password' });
    const group = await insertRaw(dal, 'groups', { name: 'Team', source: 'local', memberIds: [] });
    const owner = await insertRaw(dal, 'accessroles', {
      accessRoleId: 'agent_owner',
      name: 'o',
      resourceType: 'agent',
      permBits: 15,
    });
    await methods.grantPermission('user', alice, 'agent', resource, 15, alice, undefined, owner);
    await methods.grantPermission('group', group, 'agent', resource, 1);
    await methods.grantPermission('role', 'USER', 'agent', resource, 1, undefined, undefined, owner);
    await methods.grantPermission('public', null, 'agent', resource, 1);
    const ghost = oid();
    await methods.grantPermission('user', ghost, 'agent', resource, 1);
    const rows = (await methods.aggregateAclEntries([
      { $match: { resourceType: 'agent', resourceId: { $in: [resource, resource.toString()] } } },
      { $lookup: { from: 'accessroles', localField: 'roleId', foreignField: '_id', as: 'role' } },
      { $lookup: { from: 'users', localField: 'principalId', foreignField: '_id', as: 'userInfo' } },
      { $lookup: { from: 'groups', localField: 'principalId', foreignField: '_id', as: 'groupInfo' } },
      {
        $project: {
          principalType: 1,
          principalId: 1,
          accessRoleId: { $arrayElemAt: ['$role.accessRoleId', 0] },
          userInfo: { $arrayElemAt: ['$userInfo', 0] },
          groupInfo: { $arrayElemAt: ['$groupInfo', 0] },
        },
      },
    ])) as Record<string, any>[];
    expect(rows.map((r) => Object.keys(r).sort())).toEqual([
      ['_id', 'accessRoleId', 'principalId', 'principalType', 'userInfo'],
      ['_id', 'groupInfo', 'principalId', 'principalType'],
      ['_id', 'accessRoleId', 'principalId', 'principalType'],
      ['_id', 'principalType'],
      ['_id', 'principalId', 'principalType'],
    ]);
    expect(rows[0]?.accessRoleId).toBe('agent_owner');
    expect(String(rows[0]?.userInfo._id)).toBe(String(alice));
    expect(rows[0]?.userInfo.password).toBe('secret-password');
    expect(rows[1]?.groupInfo.name).toBe('Team');
    expect(rows[2]?.principalId).toBe('USER');
    expect(String(rows[4]?.principalId)).toBe(String(ghost));
  });

  test('first owner per resource: $sort then $group with $first', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    const [a, b, c] = [oid(), oid(), oid()];
    const [u1, u2] = [oid(), oid()];
    await methods.grantPermission('user', u2, 'agent', a, OWNER);
    await methods.grantPermission('user', u1, 'agent', b, OWNER);
    await methods.grantPermission('user', u1, 'agent', a, OWNER);
    await methods.grantPermission('user', oid(), 'agent', b, PERM.VIEW);
    await methods.grantPermission('group', oid(), 'agent', c, OWNER);
    const owners = await methods.aggregateAclEntries([
      {
        $match: {
          resourceType: 'agent',
          resourceId: { $in: [a, b, c] },
          principalType: 'user',
          permBits: OWNER,
        },
      },
      { $sort: { grantedAt: 1, createdAt: 1, _id: 1 } },
      { $group: { _id: '$resourceId', principalId: { $first: '$principalId' } } },
    ]);
    const asMap = new Map(
      (owners as { _id: unknown; principalId: unknown }[]).map((o) => [String(o._id), String(o.principalId)]),
    );
    expect(asMap).toEqual(
      new Map([
        [String(a), String(u2)],
        [String(b), String(u1)],
      ]),
    );
    const byType = (await methods.aggregateAclEntries([
      {
        $group: {
          _id: '$principalType',
          count: { $sum: 1 },
          bits: { $max: '$permBits' },
          n: { $addToSet: '$resourceType' },
        },
      },
      { $sort: { _id: 1 } },
    ])) as unknown[];
    expect(byType).toEqual([
      { _id: 'group', count: 1, bits: 15, n: ['agent'] },
      { _id: 'user', count: 4, bits: 15, n: ['agent'] },
    ]);
  });

  test('remote-agent enricher: $bitsAllSet keeps SHARE holders; $project evaluates field paths', async () => {
    const dal = await fileDal('postgresql');
    const { methods } = dal;
    await dal.engine.pool?.query('TRUNCATE aclentries, users');
    const agent = oid();
    const sharer = await makeUser(dal, 'sharer');
    const shareOnly = oid();
    await methods.grantPermission('user', sharer, 'agent', agent, OWNER);
    await methods.grantPermission('user', oid(), 'agent', agent, PERM.VIEW | PERM.EDIT);
    await methods.grantPermission('user', shareOnly, 'agent', agent, PERM.SHARE);
    const rows = (await methods.aggregateAclEntries([
      {
        $match: {
          resourceType: 'agent',
          resourceId: agent,
          principalType: 'user',
          permBits: { $bitsAllSet: PERM.SHARE },
        },
      },
      { $lookup: { from: 'users', localField: 'principalId', foreignField: '_id', as: 'userInfo' } },
      { $project: { principalId: 1, bits: '$permBits', userInfo: { $arrayElemAt: ['$userInfo', 0] } } },
    ])) as Record<string, any>[];
    expect(rows.map((r) => [String(r.principalId), r.bits, r.userInfo?.email])).toEqual([
      [String(sharer), 15, 'sharer@example.com'],
      [String(shareOnly), 8, undefined],
    ]);
  });
});
