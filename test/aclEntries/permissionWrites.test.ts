import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { insertRaw, oid, PERM, readAll } from './support.js';

differential(
  'aclEntries › modifyPermissionBits adds and removes bits with a guarded write',
  async ({ methods, dal }) => {
    const user = oid();
    const resource = oid();
    await methods.grantPermission('user', user, 'agent', resource, PERM.VIEW, oid(), undefined, oid());
    await methods.grantPermission('role', 'USER', 'agent', resource, PERM.VIEW);
    await methods.grantPermission('public', null, 'agent', resource, 15);
    const added = await methods.modifyPermissionBits(
      'user',
      user.toString(),
      'agent',
      resource,
      PERM.EDIT | PERM.DELETE,
    );
    const removed = await methods.modifyPermissionBits('user', user, 'agent', resource, null, PERM.VIEW);
    const both = await methods.modifyPermissionBits('role', 'USER', 'agent', resource, PERM.SHARE, PERM.VIEW);
    const pub = await methods.modifyPermissionBits('public', null, 'agent', resource, 0, PERM.SHARE);
    const noop = await methods.modifyPermissionBits('user', user, 'agent', resource, 0, 0);
    const missing = await methods.modifyPermissionBits('user', oid(), 'agent', resource, PERM.EDIT);
    return { added, removed, both, pub, noop, missing, stored: await readAll(dal, 'aclentries') };
  },
);

differential(
  'aclEntries › modifyPermissionBits rejects masks JavaScript would truncate',
  async ({ methods }) => {
    const user = oid();
    const resource = oid();
    await methods.grantPermission('user', user, 'agent', resource, PERM.VIEW);
    return {
      negative: await methods.modifyPermissionBits('user', user, 'agent', resource, -1).catch((e) => e),
      fraction: await methods.modifyPermissionBits('user', user, 'agent', resource, 0, 0.5).catch((e) => e),
      huge: await methods.modifyPermissionBits('user', user, 'agent', resource, 2 ** 31).catch((e) => e),
      attempts: await methods
        .modifyPermissionBits('user', user, 'agent', resource, 1, 0, undefined, 0)
        .catch((e) => e),
      badId: await methods.modifyPermissionBits('group', 'g1', 'agent', resource, 1).catch((e) => e),
      stored: await methods.findEntriesByResource('agent', resource),
    };
  },
);

differential(
  'aclEntries › modifyPermissionBits on a legacy entry without permBits',
  async ({ methods, dal }) => {
    const user = oid();
    const resource = oid();
    await insertRaw(dal, 'aclentries', {
      principalType: 'user',
      principalId: user,
      principalModel: 'User',
      resourceType: 'agent',
      resourceId: resource,
    });
    const result = await methods.modifyPermissionBits('user', user, 'agent', resource, PERM.EDIT);
    return { result, stored: await readAll(dal, 'aclentries') };
  },
);

differential(
  'aclEntries › replaceRoleBits inserts missing grants and swaps role bits of existing ones',
  async ({ methods, dal }) => {
    const resource = oid();
    const a = oid();
    const b = oid();
    const roleId = oid();
    await methods.grantPermission('user', a, 'agent', resource, PERM.VIEW | 16);
    const identity = (id: unknown, type = 'user') => ({
      principalType: type,
      principalId: id,
      resourceType: 'agent',
      resourceId: resource,
    });
    const result = await methods.replaceRoleBits([
      { filter: identity(a), insert: { principalModel: 'User' }, roleBits: 7, metadata: { roleId } },
      {
        filter: identity(b),
        insert: { ...identity(b), principalModel: 'User' },
        roleBits: 31,
        metadata: { roleId },
      },
      {
        filter: identity('ADMIN', 'role'),
        insert: { ...identity('ADMIN', 'role'), principalModel: 'Role' },
        roleBits: 1,
        metadata: {},
      },
    ]);
    const failure = await methods
      .replaceRoleBits([{ filter: identity(a), insert: {}, roleBits: -4, metadata: {} }])
      .catch((e) => e);
    return { upserted: [...result.upsertedWrites], failure, stored: await readAll(dal, 'aclentries') };
  },
);

describe('[postgresql] aclEntries › guarded permission writes under concurrency', () => {
  test('concurrent modifyPermissionBits calls each land: no lost update', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    const user = oid();
    const resource = oid();
    await methods.grantPermission('user', user, 'agent', resource, 0);
    const bits = [1, 2, 4, 8, 16];
    await Promise.all(
      bits.map((bit) => methods.modifyPermissionBits('user', user, 'agent', resource, bit, 0, undefined, 10)),
    );
    expect(
      await methods.getEffectivePermissions(
        [{ principalType: 'user', principalId: user }],
        'agent',
        resource,
      ),
    ).toBe(31);
  });
});
