import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { byPrincipal, inTenant, oid, PERM, readAll } from './support.js';

differential('aclEntries › deleteAclEntries takes raw MongoDB filters', async ({ methods, dal }) => {
  const user = oid();
  const [a, b, c] = [oid(), oid(), oid()];
  await methods.grantPermission('user', user, 'agent', a, 15);
  await methods.grantPermission('user', user, 'promptGroup', b, 1);
  await methods.grantPermission('role', 'USER', 'agent', a, 1);
  await methods.grantPermission('public', null, 'agent', c, 1);
  await methods.grantPermission('group', oid(), 'skill', c, 3);
  const byResource = await methods.deleteAclEntries({ resourceType: 'agent', resourceId: a.toString() });
  const byIn = await methods.deleteAclEntries({ resourceType: { $in: ['promptGroup', 'mcpServer'] } });
  const byOr = await methods.deleteAclEntries({
    $or: [{ principalType: 'public' }, { permBits: { $gte: 3 }, principalId: { $exists: true } }],
  });
  const none = await methods.deleteAclEntries({ principalId: oid() });
  const unknownField = await methods.deleteAclEntries({ isPublic: true }).catch((e) => e);
  return { byResource, byIn, byOr, none, unknownField, stored: await readAll(dal, 'aclentries') };
});

describe('[postgresql] aclEntries › deleteAclEntries refuses operators it cannot translate', () => {
  test('an unsupported operator throws UnsupportedFilterError naming it, and deletes nothing', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    await methods.grantPermission('public', null, 'agent', oid(), 3);
    await expect(methods.deleteAclEntries({ permBits: { $mod: [2, 1] } })).rejects.toMatchObject({
      name: 'UnsupportedFilterError',
      message: expect.stringContaining('$mod'),
    });
    const { rows } = await engine.pool!.query('SELECT count(*)::int AS n FROM aclentries');
    expect(rows[0].n).toBe(1);
  });
});

differential(
  'aclEntries › bulkWriteAclEntries: share-dialog upserts, updates and deletes',
  async ({ methods, dal }) => {
    const resource = oid();
    const [u1, u2, u3, g1] = [oid(), oid(), oid(), oid()];
    const grant = (type: string, id: unknown, model: string, permBits: number) => ({
      updateOne: {
        filter: { principalType: type, principalId: id, resourceType: 'agent', resourceId: resource },
        update: {
          $set: { permBits, grantedBy: u1, grantedAt: new Date('2030-01-01T00:00:00Z') },
          $setOnInsert: {
            principalType: type,
            principalId: id,
            principalModel: model,
            resourceType: 'agent',
            resourceId: resource,
          },
        },
        upsert: true,
      },
    });
    const first = await methods.bulkWriteAclEntries([
      grant('user', u1, 'User', 1),
      grant('user', u2, 'User', 1),
      grant('group', g1, 'Group', 3),
    ] as never);
    const second = await methods.bulkWriteAclEntries([
      grant('user', u1, 'User', 7),
      grant('user', u2, 'User', 1),
      grant('user', u3, 'User', 1),
      {
        insertOne: {
          document: { principalType: 'public', resourceType: 'agent', resourceId: resource, permBits: 1 },
        },
      },
      {
        updateMany: {
          filter: { principalType: 'user', resourceId: resource },
          update: { $set: { roleId: g1 } },
        },
      },
      { deleteOne: { filter: { principalType: 'group', principalId: g1 } } },
      { deleteMany: { filter: { principalType: 'nobody' } } },
    ] as never);
    const empty = await methods.bulkWriteAclEntries([]);
    return { first, second, empty, stored: byPrincipal(await readAll(dal, 'aclentries')) };
    // FerretDB numbers an upsert by its rank among the batch's upserts, not by its op index as
    // MongoDB does (asserted on PostgreSQL below).
  },
  { exactDates: [new Date('2030-01-01T00:00:00Z')], ignore: ['second.upsertedIds'] },
);

describe('[postgresql] aclEntries › bulkWriteAclEntries reports upserts by op index', () => {
  test('upsertedIds is keyed by the index of the op that upserted', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    const resource = oid();
    const upsert = (principalId: unknown) => ({
      updateOne: {
        filter: { principalType: 'user', principalId, resourceType: 'agent', resourceId: resource },
        update: { $set: { permBits: 1 }, $setOnInsert: { principalModel: 'User' } },
        upsert: true,
      },
    });
    const existing = oid();
    await methods.bulkWriteAclEntries([upsert(existing)] as never);
    const created = oid();
    const result = await methods.bulkWriteAclEntries([upsert(existing), upsert(created)] as never);
    expect(result.upsertedCount).toBe(1);
    expect(Object.keys(result.upsertedIds)).toEqual(['1']);
    const [entry] = await methods.findEntriesByPrincipal('user', created);
    expect(String(result.upsertedIds[1])).toBe(String(entry?._id));
  });
});

differential(
  'aclEntries › bulkWriteAclEntries validates every op before writing any',
  async ({ methods, dal }) => {
    const resource = oid();
    const result = await methods
      .bulkWriteAclEntries([
        { insertOne: { document: { principalType: 'public', resourceType: 'agent', resourceId: resource } } },
        {
          insertOne: {
            document: { principalType: 'public', resourceType: 'agent', resourceId: resource, permBits: 99 },
          },
        },
      ] as never)
      .catch((e) => e);
    const badCast = await methods
      .bulkWriteAclEntries([
        { deleteMany: { filter: { resourceId: resource } } },
        { updateOne: { filter: { resourceId: 'bad' }, update: { $set: { permBits: 1 } } } },
      ] as never)
      .catch((e) => e);
    return { result, badCast, stored: await readAll(dal, 'aclentries') };
  },
);

differential(
  'aclEntries › bulkWriteAclEntries: a duplicate _id ends an ordered batch',
  async ({ methods, dal }) => {
    const id = oid();
    const doc = (permBits: number) => ({
      insertOne: {
        document: { _id: id, principalType: 'public', resourceType: 'agent', resourceId: id, permBits },
      },
    });
    const error = await methods
      .bulkWriteAclEntries([doc(1), doc(2), { deleteMany: { filter: {} } }] as never)
      .catch((e) => ({
        name: e.name,
        code: e.code,
        inserted: e.result?.insertedCount,
        n: e.writeErrors?.length,
      }));
    return { error, stored: await readAll(dal, 'aclentries') };
  },
);

differential(
  'aclEntries › bulkWriteAclEntries in a tenant: filters and inserts get the tenantId',
  async ({ methods, dal }) => {
    const resource = oid();
    const user = oid();
    await inTenant('t1', () =>
      methods.bulkWriteAclEntries([
        {
          updateOne: {
            filter: { principalType: 'user', principalId: user, resourceType: 'agent', resourceId: resource },
            update: { $set: { permBits: 3, tenantId: 'evil' }, $setOnInsert: { principalModel: 'User' } },
            upsert: true,
          },
        },
        { insertOne: { document: { principalType: 'public', resourceType: 'agent', resourceId: resource } } },
      ] as never),
    );
    const otherTenant = await inTenant('t2', () =>
      methods.bulkWriteAclEntries([{ deleteMany: { filter: { resourceId: resource } } }] as never),
    );
    const tenantOnly = await inTenant('t1', () =>
      methods.bulkWriteAclEntries([
        { updateOne: { filter: { resourceId: resource }, update: { $set: { tenantId: 'x' } } } },
      ] as never),
    );
    return { otherTenant, tenantOnly, stored: byPrincipal(await readAll(dal, 'aclentries')) };
  },
);

differential('aclEntries › reads and writes are scoped to the active tenant', async ({ methods }) => {
  const user = oid();
  const resource = oid();
  const principals = [{ principalType: 'user', principalId: user }, { principalType: 'public' }];
  await inTenant('t1', () => methods.grantPermission('user', user, 'agent', resource, 7));
  await inTenant('t2', () => methods.grantPermission('public', null, 'agent', resource, 1));
  return {
    t1: await inTenant('t1', () => methods.getEffectivePermissions(principals, 'agent', resource)),
    t2: await inTenant('t2', () => methods.getEffectivePermissions(principals, 'agent', resource)),
    none: await methods.getEffectivePermissions(principals, 'agent', resource),
    accessibleT2: await inTenant('t2', () => methods.findAccessibleResources(principals, 'agent', PERM.VIEW)),
    hasT2Edit: await inTenant('t2', () => methods.hasPermission(principals, 'agent', resource, PERM.EDIT)),
    revokedElsewhere: await inTenant('t2', () => methods.revokePermission('user', user, 'agent', resource)),
    entries: await methods.findEntriesByResource('agent', resource),
    soleT1: await inTenant('t1', () => methods.getSoleOwnedResourceIds(user, 'agent')),
  };
});
