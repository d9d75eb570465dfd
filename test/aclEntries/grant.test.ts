import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { oid, PERM, readAll } from './support.js';

differential(
  'aclEntries › grantPermission upserts per principal kind and returns a document',
  async ({ methods, dal }) => {
    const user = oid();
    const group = oid();
    const resource = oid();
    const grantedBy = oid();
    const roleId = oid();
    const u = await methods.grantPermission('user', user.toString(), 'agent', resource, PERM.VIEW, grantedBy);
    const g = await methods.grantPermission(
      'group',
      group,
      'agent',
      resource,
      PERM.VIEW | PERM.EDIT,
      undefined,
      undefined,
      roleId,
    );
    const r = await methods.grantPermission('role', 'ADMIN', 'agent', resource.toString(), 15);
    const p = await methods.grantPermission('public', null, 'agent', resource, PERM.VIEW);
    return { u, g, r, p, stored: await readAll(dal, 'aclentries') };
  },
);

differential(
  'aclEntries › grantPermission on an existing grant updates it in place',
  async ({ methods, dal }) => {
    const user = oid();
    const resource = oid();
    const first = await methods.grantPermission('user', user, 'promptGroup', resource, PERM.VIEW);
    const expiredAt = new Date('2031-01-02T03:04:05.000Z');
    const second = await methods.grantPermission(
      'user',
      user.toString(),
      'promptGroup',
      resource,
      7,
      oid(),
      undefined,
      oid(),
      expiredAt,
    );
    const publicOnce = await methods.grantPermission(
      'public',
      undefined as never,
      'promptGroup',
      resource,
      1,
    );
    const publicAgain = await methods.grantPermission('public', null, 'promptGroup', resource, 3);
    return { first, second, publicOnce, publicAgain, stored: await readAll(dal, 'aclentries') };
  },
  { exactDates: [new Date('2031-01-02T03:04:05.000Z')] },
);

differential(
  'aclEntries › grantPermission errors: malformed user id, invalid bits, bad grantedBy',
  async ({ methods, dal }) => {
    const resource = oid();
    const badId = await methods.grantPermission('user', 'not-an-id', 'agent', resource, 1).catch((e) => e);
    const tooHigh = await methods.grantPermission('user', oid(), 'agent', resource, 64).catch((e) => e);
    const fraction = await methods.grantPermission('group', oid(), 'agent', resource, 1.5).catch((e) => e);
    const badGrantor = await methods
      .grantPermission('user', oid(), 'agent', resource, 1, 'nope')
      .catch((e) => e);
    const badResource = await methods.grantPermission('user', oid(), 'agent', 'nope', 1).catch((e) => e);
    return { badId, tooHigh, fraction, badGrantor, badResource, stored: await readAll(dal, 'aclentries') };
  },
);

differential('aclEntries › revokePermission deletes one principal grant', async ({ methods, dal }) => {
  const user = oid();
  const resource = oid();
  await methods.grantPermission('user', user, 'agent', resource, 1);
  await methods.grantPermission('role', 'USER', 'agent', resource, 1);
  await methods.grantPermission('public', null, 'agent', resource, 1);
  const asString = await methods.revokePermission('user', user.toString(), 'agent', resource);
  const again = await methods.revokePermission('user', user, 'agent', resource);
  const role = await methods.revokePermission('role', 'USER', 'agent', resource);
  const pub = await methods.revokePermission('public', null, 'agent', resource.toString());
  const bad = await methods.revokePermission('group', 'xyz', 'agent', resource).catch((e) => e);
  return { asString, again, role, pub, bad, stored: await readAll(dal, 'aclentries') };
});

differential(
  'aclEntries › findEntriesByPrincipal matches the stored id type (Mixed: no casting)',
  async ({ methods }) => {
    const user = oid();
    const a = oid();
    const b = oid();
    await methods.grantPermission('user', user, 'agent', a, 1);
    await methods.grantPermission('user', user, 'promptGroup', b, 3);
    await methods.grantPermission('role', 'ADMIN', 'agent', a, 15);
    await methods.grantPermission('user', oid(), 'agent', a, 1);
    return {
      all: await methods.findEntriesByPrincipal('user', user),
      agents: await methods.findEntriesByPrincipal('user', user, 'agent'),
      asString: await methods.findEntriesByPrincipal('user', user.toString()),
      role: await methods.findEntriesByPrincipal('role', 'ADMIN'),
      roleAsGroup: await methods.findEntriesByPrincipal('group', 'ADMIN'),
      none: await methods.findEntriesByPrincipal('user', oid()),
    };
  },
);

differential(
  'aclEntries › findEntriesByResource casts the id; a malformed one is a CastError',
  async ({ methods }) => {
    const resource = oid();
    await methods.grantPermission('user', oid(), 'agent', resource, 1);
    await methods.grantPermission('public', null, 'agent', resource, 1);
    await methods.grantPermission('user', oid(), 'mcpServer', resource, 1);
    await methods.grantPermission('user', oid(), 'agent', oid(), 1);
    return {
      byObjectId: await methods.findEntriesByResource('agent', resource),
      byString: await methods.findEntriesByResource('agent', resource.toString()),
      otherType: await methods.findEntriesByResource('skill', resource),
      bad: await methods.findEntriesByResource('agent', 'zzz').catch((e) => e),
    };
  },
);

describe('[postgresql] aclEntries › principal ids round-trip with their BSON type', () => {
  test('ObjectId principals come back as ObjectIds, role names as strings', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    const user = oid();
    const resource = oid();
    await methods.grantPermission('user', user.toString(), 'agent', resource, 1);
    await methods.grantPermission('role', 'ADMIN', 'agent', resource, 1);
    const [u, r] = await methods.findEntriesByResource('agent', resource);
    expect((u?.principalId as { _bsontype?: string } | undefined)?._bsontype).toBe('ObjectId');
    expect(String(u?.principalId)).toBe(user.toString());
    expect(r?.principalId).toBe('ADMIN');
    const { rows } = await engine.pool!.query(`SELECT principal_id FROM aclentries ORDER BY _id`);
    expect(rows.map((row) => row.principal_id)).toEqual([{ $oid: user.toString() }, 'ADMIN']);
  });
});
