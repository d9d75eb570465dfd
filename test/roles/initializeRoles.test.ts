import { isDeepStrictEqual } from 'node:util';
import { expect, test } from 'vitest';
import { describeEachEngine, differential } from '../harness/index.js';
import { insertRaw, inTenant, readRawRole, roleDefaults } from './support.js';

differential(
  'roles › initializeRoles seeds ADMIN and USER on an empty database',
  async ({ methods, dal }) => {
    await methods.initializeRoles();
    return {
      count: await methods.countRoles(),
      list: await methods.listRoles(),
      admin: await readRawRole(dal, 'ADMIN'),
      user: await readRawRole(dal, 'USER'),
    };
  },
);

differential('roles › initializeRoles is idempotent', async ({ methods, dal }) => {
  await methods.initializeRoles();
  const first = { admin: await readRawRole(dal, 'ADMIN'), user: await readRawRole(dal, 'USER') };
  await methods.initializeRoles();
  const second = { admin: await readRawRole(dal, 'ADMIN'), user: await readRawRole(dal, 'USER') };
  return { second, unchanged: isDeepStrictEqual(first, second), count: await methods.countRoles() };
});

differential(
  'roles › initializeRoles keeps stored values, fills missing blocks and null or missing keys',
  async ({ methods, dal }) => {
    await insertRaw(dal, 'roles', {
      name: 'USER',
      description: null,
      permissions: {
        PROMPTS: { USE: false, CREATE: null },
        BOOKMARKS: { USE: false },
        AGENTS: null,
        MARKETPLACE: { USE: true },
        PEOPLE_PICKER: { VIEW_USERS: true, NOT_A_PERMISSION: true },
      },
    });
    await insertRaw(dal, 'roles', {
      name: 'ADMIN',
      description: 'Administrators',
      permissions: { RUN_CODE: { USE: false } },
    });
    await methods.initializeRoles();
    return { user: await readRawRole(dal, 'USER'), admin: await readRawRole(dal, 'ADMIN') };
  },
);

differential(
  'roles › initializeRoles completes a role that has no permissions at all',
  async ({ methods, dal }) => {
    await insertRaw(dal, 'roles', { name: 'ADMIN' });
    await methods.initializeRoles();
    return { admin: await readRawRole(dal, 'ADMIN'), user: await readRawRole(dal, 'USER') };
  },
);

differential(
  'roles › initializeRoles migrates legacy SHARED_GLOBAL to SHARE in PROMPTS and AGENTS',
  async ({ methods, dal }) => {
    // Written past mongoose, as an old LibreChat left them: SHARED_GLOBAL is outside the schema.
    await insertRaw(dal, 'roles', {
      name: 'ADMIN',
      description: '',
      permissions: {
        PROMPTS: { USE: true, CREATE: true, SHARED_GLOBAL: false },
        AGENTS: { USE: true, SHARED_GLOBAL: true, SHARE: false },
      },
    });
    await insertRaw(dal, 'roles', {
      name: 'USER',
      permissions: {
        PROMPTS: { SHARED_GLOBAL: true },
        AGENTS: { USE: false },
        MCP_SERVERS: { USE: true, SHARED_GLOBAL: true },
      },
    });
    await methods.initializeRoles();
    return { admin: await readRawRole(dal, 'ADMIN'), user: await readRawRole(dal, 'USER') };
  },
);

differential('roles › initializeRoles keeps legacy top-level permission blocks', async ({ methods, dal }) => {
  await insertRaw(dal, 'roles', {
    name: 'ADMIN',
    PROMPTS: { USE: false },
    permissions: { BOOKMARKS: { USE: true } },
  });
  await methods.initializeRoles();
  return { admin: await readRawRole(dal, 'ADMIN'), migrated: await methods.migrateRoleSchema() };
});

differential('roles › initializeRoles inside a tenant seeds that tenant’s roles', async ({ methods }) => {
  await methods.initializeRoles();
  await inTenant('acme', () => methods.initializeRoles());
  await inTenant('acme', () => methods.initializeRoles());
  return {
    all: (await methods.listRoles()).map((r) => r.name),
    count: await methods.countRoles(),
    acme: await inTenant('acme', () => methods.findRolesByNames(['ADMIN', 'USER'], 'name tenantId')),
    base: await methods.findRolesByNames(['ADMIN', 'USER'], 'name tenantId'),
  };
});

describeEachEngine('roles › initializeRoles', ({ methods, reset }) => {
  test('seeds exactly upstream’s roleDefaults for ADMIN and USER', async () => {
    await reset();
    await methods().initializeRoles();
    for (const name of ['ADMIN', 'USER'] as const) {
      const role = await methods().getRoleByName(name);
      expect(role.name).toBe(name);
      expect(role.description).toBe('');
      expect(role.permissions).toEqual(roleDefaults[name].permissions);
    }
  });
});
