import { describe, expect, test } from 'vitest';
import { describeError, differential, fileDal, resetDal } from '../harness/index.js';
import { inTenant, readRawRole } from './support.js';

const fail = (e: unknown) => describeError(e);

differential(
  'roles › createRoleByName trims, stores defaults and returns the plain document',
  async ({ methods, dal }) => {
    const created = await methods.createRoleByName({
      name: '  editor ',
      description: 'Edits things',
      permissions: { PROMPTS: { USE: true, CREATE: false } } as never,
    });
    return {
      created,
      stored: await readRawRole(dal, 'editor'),
      bare: await methods.createRoleByName({ name: 'bare' }),
    };
  },
);

differential(
  'roles › createRoleByName errors: name required, reserved names, duplicates',
  async ({ methods }) => {
    await methods.createRoleByName({ name: 'editor' });
    return {
      missing: await methods.createRoleByName({}).catch(fail),
      blank: await methods.createRoleByName({ name: '   ' }).catch(fail),
      notString: await methods.createRoleByName({ name: 42 as never }).catch(fail),
      reserved: await methods.createRoleByName({ name: ' admin ' }).catch(fail),
      reservedUpper: await methods.createRoleByName({ name: 'USER' }).catch(fail),
      duplicate: await methods.createRoleByName({ name: ' editor' }).catch(fail),
      otherCase: await methods.createRoleByName({ name: 'Editor' }),
      invalid: await methods
        .createRoleByName({ name: 'bad', permissions: { PROMPTS: { USE: 'maybe' } } as never })
        .catch(fail),
      count: await methods.countRoles(),
    };
  },
);

differential(
  'roles › createRoleByName: the same name in another tenant is not a duplicate',
  async ({ methods }) => {
    await methods.createRoleByName({ name: 'editor' });
    const acme = await inTenant('acme', () => methods.createRoleByName({ name: 'editor' }));
    const again = await inTenant('acme', () => methods.createRoleByName({ name: 'editor' }).catch(fail));
    return { acme, again, count: await methods.countRoles() };
  },
);

differential('roles › deleteRoleByName moves its users to USER and is idempotent', async ({ methods }) => {
  await methods.createRoleByName({ name: 'editor' });
  const a = String(
    await methods.createUser({ name: 'A', email: 'a@x.io', provider: 'local', role: 'editor' }),
  );
  const b = String(
    await methods.createUser({ name: 'B', email: 'b@x.io', provider: 'local', role: 'editor' }),
  );
  const c = String(
    await methods.createUser({ name: 'C', email: 'c@x.io', provider: 'local', role: 'ADMIN' }),
  );
  const deleted = await methods.deleteRoleByName('editor');
  return {
    deleted,
    again: await methods.deleteRoleByName('editor'),
    roles: await Promise.all([a, b, c].map(async (id) => (await methods.getUserById(id, 'role'))?.role)),
    left: await methods.countRoles(),
  };
});

differential('roles › deleteRoleByName refuses system roles, whatever the case', async ({ methods }) => {
  await methods.initializeRoles();
  return {
    admin: await methods.deleteRoleByName('ADMIN').catch(fail),
    user: await methods.deleteRoleByName('user').catch(fail),
    count: await methods.countRoles(),
  };
});

differential(
  'roles › updateRoleByName sets fields and returns the new document without __v',
  async ({ methods }) => {
    await methods.createRoleByName({ name: 'editor', description: 'old' });
    return {
      updated: await methods.updateRoleByName('editor', { description: 'new' }),
      unknown: await methods.updateRoleByName('nobody', { description: 'x' }),
    };
  },
);

differential(
  'roles › updateRoleByName renames, and a taken name is a RoleConflictError',
  async ({ methods }) =>
    // Inside a tenant: FerretDB enforces the unique (name, tenantId) index only when both keys are
    // present; renaming a base role onto a taken name is asserted by the [postgresql] test below.
    inTenant('acme', async () => {
      await methods.createRoleByName({ name: 'editor' });
      await methods.createRoleByName({ name: 'viewer' });
      return {
        renamed: await methods.updateRoleByName('editor', { name: 'writer' }),
        conflict: await methods.updateRoleByName('writer', { name: 'viewer' }).catch(fail),
        names: (await methods.listRoles()).map((r) => r.name),
      };
    }),
);

differential('roles › updateRoleByName wraps other failures', async ({ methods }) => {
  await methods.createRoleByName({ name: 'editor' });
  return methods
    .updateRoleByName('editor', { permissions: 'nope' } as never)
    .catch((e: Error & { cause?: unknown }) => ({
      ...describeError(e),
      hasCause: e.cause instanceof Error,
    }));
});

// FerretDB cannot run updateRoleByName's projected findOneAndUpdate (allow-listed above), and does
// not enforce a unique index on documents that lack one of its keys (MongoDB indexes a missing
// tenantId as null): updateRoleByName, base-role rename conflict included, is asserted here.
describe('[postgresql] roles › updateRoleByName', () => {
  test('updates, renames, returns the document without __v, and reports conflicts as upstream', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const { methods } = dal;
    await methods.createRoleByName({ name: 'editor', description: 'old' });
    await methods.createRoleByName({ name: 'viewer' });
    const updated = await methods.updateRoleByName('editor', { description: 'new' });
    expect(updated).toMatchObject({ name: 'editor', description: 'new' });
    expect(updated).not.toHaveProperty('__v');
    expect(await methods.updateRoleByName('nobody', { description: 'x' })).toBeNull();
    const renamed = await methods.updateRoleByName('editor', { name: 'writer' });
    expect(renamed).toMatchObject({ name: 'writer', description: 'new' });
    const conflict = await methods.updateRoleByName('writer', { name: 'viewer' }).catch((e: Error) => e);
    expect(conflict).toBeInstanceOf(Error);
    expect((conflict as Error).name).toBe('RoleConflictError');
    expect((conflict as Error).message).toBe('Role "viewer" already exists');
    expect((await methods.listRoles()).map((r) => r.name)).toEqual(['viewer', 'writer']);
  });
});
