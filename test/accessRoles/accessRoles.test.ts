import { describe, expect, test } from 'vitest';
import { describeError, differential, fileDal, resetDal } from '../harness/index.js';
import { inTenant } from '../roles/support.js';

const fail = (e: unknown) => describeError(e);

differential(
  'accessRoles › createRole returns the saved document; validation errors are mongoose ones',
  async ({ methods }) => {
    const created = await methods.createRole({
      accessRoleId: 'agent_reviewer',
      name: 'com_ui_role_reviewer',
      description: 'reviews',
      resourceType: 'agent',
      permBits: 5,
    });
    return {
      created,
      defaulted: await methods.createRole({ accessRoleId: 'x_viewer', name: 'x', permBits: 1 }),
      missing: await methods.createRole({ accessRoleId: 'y' }).catch(fail),
      badType: await methods
        .createRole({ accessRoleId: 'z', name: 'z', permBits: 1, resourceType: 'planet' as never })
        .catch(fail),
      all: await methods.getAllRoles(),
    };
  },
);

differential('accessRoles › createRole: an accessRoleId is unique within a tenant', async ({ methods }) => {
  const dup = (e: { name?: string; code?: number; keyPattern?: unknown }) => ({ name: e.name, code: e.code });
  return inTenant('acme', async () => ({
    first: await methods.createRole({ accessRoleId: 'agent_reviewer', name: 'r', permBits: 5 }),
    duplicate: await methods
      .createRole({ accessRoleId: 'agent_reviewer', name: 'again', permBits: 1 })
      .catch(dup),
    otherTenant: (
      await inTenant('globex', () =>
        methods.createRole({ accessRoleId: 'agent_reviewer', name: 'g', permBits: 1 }),
      )
    ).tenantId,
    all: await methods.getAllRoles(),
  }));
});

differential('accessRoles › updateRole and deleteRole by accessRoleId', async ({ methods }) => {
  await methods.seedDefaultRoles();
  return {
    updated: await methods.updateRole('agent_viewer', { description: 'can look', permBits: 1 }),
    unknown: await methods.updateRole('nope', { description: 'x' }),
    invalid: await methods.updateRole('agent_viewer', { permBits: 'many' as never }).catch(fail),
    deleted: await methods.deleteRole('agent_viewer'),
    deletedAgain: await methods.deleteRole('agent_viewer'),
    gone: await methods.findRoleByIdentifier('agent_viewer'),
  };
});

differential(
  'accessRoles › findRoleById, findRoleByIdentifier, findRolesByResourceType, findRoleByPermissions',
  async ({ methods }) => {
    const seeded = await methods.seedDefaultRoles();
    const id = String(seeded.promptGroup_editor?._id);
    return {
      byId: await methods.findRoleById(id),
      byUnknownId: await methods.findRoleById('0123456789abcdef01234567'),
      byBadId: await methods.findRoleById('nope').catch(fail),
      byIdentifier: await methods.findRoleByIdentifier('mcpServer_owner'),
      byUnknownIdentifier: await methods.findRoleByIdentifier('nope'),
      sharedLinks: await methods.findRolesByResourceType('sharedLink'),
      noType: await methods.findRolesByResourceType('planet'),
      byBits: await methods.findRoleByPermissions('skill', 3),
      byNoBits: await methods.findRoleByPermissions('sharedLink', 3),
    };
  },
);

differential(
  'accessRoles › getRoleForPermissions: exact match, else the highest subset role',
  async ({ methods }) => {
    await methods.seedDefaultRoles();
    const pick = async (type: string, bits: number) =>
      (await methods.getRoleForPermissions(type, bits))?.accessRoleId ?? null;
    return {
      exact: await pick('agent', 3),
      owner: await pick('agent', 15),
      subset5: await pick('agent', 5),
      subset7: await pick('agent', 7),
      subset11: await pick('sharedLink', 11),
      none: await pick('agent', 0),
      noneEven: await pick('agent', 2),
      unknownType: await pick('planet', 15),
    };
  },
);

differential(
  'accessRoles › inside a tenant, its own copies replace the global roles by identifier',
  async ({ methods }) => {
    await methods.seedDefaultRoles();
    await inTenant('acme', async () => {
      await methods.createRole({
        accessRoleId: 'agent_editor',
        name: 'acme_editor',
        resourceType: 'agent',
        permBits: 7,
      });
      // A tenant copy that moves an identifier to another resource type withdraws the global row.
      await methods.createRole({
        accessRoleId: 'skill_viewer',
        name: 'acme_skill',
        resourceType: 'promptGroup',
        permBits: 1,
      });
    });
    const acme = <T>(fn: () => Promise<T>) => inTenant('acme', fn);
    const short = (
      r: { accessRoleId?: string; name?: string; permBits?: number; tenantId?: string } | null,
    ) => r && { accessRoleId: r.accessRoleId, name: r.name, permBits: r.permBits, tenantId: r.tenantId };
    return {
      editor: short(await acme(() => methods.findRoleByIdentifier('agent_editor'))),
      viewer: short(await acme(() => methods.findRoleByIdentifier('agent_viewer'))),
      agents: (await acme(() => methods.findRolesByResourceType('agent'))).map(short),
      skills: (await acme(() => methods.findRolesByResourceType('skill'))).map(short),
      prompts: (await acme(() => methods.findRolesByResourceType('promptGroup'))).map(short),
      bits7: short(await acme(() => methods.findRoleByPermissions('agent', 7))),
      bits3: short(await acme(() => methods.findRoleByPermissions('agent', 3))),
      forBits: short(await acme(() => methods.getRoleForPermissions('agent', 11 as never))),
      globalEditor: short(await methods.findRoleByIdentifier('agent_editor')),
      otherTenant: short(await inTenant('globex', () => methods.findRoleByIdentifier('agent_editor'))),
      acmeAll: (await acme(() => methods.getAllRoles())).map(short),
    };
  },
  { unordered: true },
);

// FerretDB does not enforce a unique index on documents that lack one of its keys (MongoDB indexes
// a missing tenantId as null), so the global case is asserted on PostgreSQL alone.
describe('[postgresql] accessRoles › uniqueness without a tenant', () => {
  test('a second global role with the same accessRoleId is an E11000 error with the MongoDB shape', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    await dal.methods.createRole({ accessRoleId: 'agent_reviewer', name: 'r', permBits: 5 });
    const error = (await dal.methods
      .createRole({ accessRoleId: 'agent_reviewer', name: 'again', permBits: 1 })
      .catch((e: unknown) => e)) as {
      name: string;
      code: number;
      keyPattern: unknown;
      keyValue: unknown;
      message: string;
    };
    expect(error).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { accessRoleId: 1, tenantId: 1 },
      keyValue: { accessRoleId: 'agent_reviewer', tenantId: null },
    });
    expect(error.message).toMatch(
      /index: accessRoleId_1_tenantId_1 dup key: \{ accessRoleId: "agent_reviewer", tenantId: null \}$/,
    );
    expect((await dal.methods.getAllRoles()).map((r) => r.name)).toEqual(['r']);
  });
});
