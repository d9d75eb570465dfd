import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { insertRaw, readRawRole, roleDefaults } from './support.js';

differential(
  'roles › updateAccessPermissions ignores unknown types and nullish values, writes nothing without a change',
  async ({ methods, dal }) => {
    await methods.initializeRoles();
    const before = await readRawRole(dal, 'USER');
    return {
      unknownOnly: await methods.updateAccessPermissions('USER', { NOT_A_TYPE: { USE: false } }),
      same: await methods.updateAccessPermissions('USER', {
        PROMPTS: { USE: true, CREATE: null as never, SHARE: undefined as never },
        NOT_A_TYPE: { USE: false },
      }),
      unchanged: JSON.stringify(await readRawRole(dal, 'USER')) === JSON.stringify(before),
    };
  },
);

differential(
  'roles › updateAccessPermissions on a missing custom role does nothing',
  async ({ methods }) => ({
    result: await methods.updateAccessPermissions('nobody', { PROMPTS: { USE: false } }),
    count: await methods.countRoles(),
  }),
);

differential(
  'roles › updateAccessPermissions never throws: invalid values are logged',
  async ({ methods, dal }) => {
    await methods.initializeRoles();
    return {
      result: await methods.updateAccessPermissions('USER', { PROMPTS: { USE: 'maybe' as never } }),
      prompts: ((await readRawRole(dal, 'USER'))?.permissions as Record<string, unknown> | undefined)
        ?.PROMPTS,
    };
  },
);

differential(
  'roles › updateAccessPermissions moves legacy top-level blocks into permissions and migrates SHARED_GLOBAL',
  async ({ methods, dal }) => {
    await insertRaw(dal, 'roles', {
      name: 'legacy',
      description: '',
      PROMPTS: { USE: false, CREATE: true },
      BOOKMARKS: { USE: true },
      permissions: {
        PROMPTS: { SHARED_GLOBAL: false },
        AGENTS: { USE: true, SHARED_GLOBAL: true },
      },
    });
    await methods.updateAccessPermissions('legacy', { AGENTS: { USE: false }, NOT_A_TYPE: { USE: true } });
    return { stored: await readRawRole(dal, 'legacy'), read: await methods.getRoleByName('legacy') };
  },
);

differential(
  'roles › updateAccessPermissions: an explicit SHARE wins over a legacy SHARED_GLOBAL',
  async ({ methods, dal }) => {
    await insertRaw(dal, 'roles', {
      name: 'legacy',
      MULTI_CONVO: { USE: false },
      permissions: {
        PROMPTS: { USE: true, SHARED_GLOBAL: true },
        AGENTS: { USE: true, SHARED_GLOBAL: true, SHARE: false },
      },
    });
    await methods.updateAccessPermissions('legacy', { PROMPTS: { SHARE: false }, AGENTS: { USE: true } });
    return readRawRole(dal, 'legacy');
  },
);

differential(
  'roles › updateAccessPermissions uses the given roleData instead of reading the role',
  async ({ methods, dal }) => {
    await methods.initializeRoles();
    // The caller's view of the role carries a legacy top-level block: the write $unsets it.
    const roleData = {
      name: 'USER',
      permissions: { ...roleDefaults.USER.permissions, PROMPTS: { USE: false } },
      BOOKMARKS: { USE: false },
    };
    await methods.updateAccessPermissions(
      'USER',
      { PROMPTS: { USE: false, CREATE: true } },
      roleData as never,
    );
    return readRawRole(dal, 'USER');
  },
);

/**
 * Without legacy fields, updateAccessPermissions writes through updateRoleByName, whose projected
 * findOneAndUpdate unpatched FerretDB cannot run (the method logs the error and resolves).
 * `writePath` shows that failure on the MongoDB side; see also the [postgresql] test below.
 */
differential(
  'roles › updateAccessPermissions writes changed values through updateRoleByName',
  async ({ methods, dal }) => {
    await methods.initializeRoles();
    await methods.updateAccessPermissions('USER', {
      PROMPTS: { SHARE: true, USE: true },
      MARKETPLACE: { USE: true },
      PEOPLE_PICKER: { VIEW_USERS: true },
    });
    return {
      writePath: await methods.updateRoleByName('USER', { name: 'USER' }).catch((e: Error) => e.message),
      stored: await readRawRole(dal, 'USER'),
    };
  },
);

differential('roles › updateAccessPermissions drops an orphaned SHARED_GLOBAL', async ({ methods, dal }) => {
  await insertRaw(dal, 'roles', {
    name: 'custom',
    permissions: {
      PROMPTS: { USE: true, SHARED_GLOBAL: true },
      AGENTS: { USE: true, SHARE: false, SHARED_GLOBAL: true },
    },
  });
  await methods.updateAccessPermissions('custom', { BOOKMARKS: { USE: true } });
  return {
    writePath: await methods.updateRoleByName('custom', { name: 'custom' }).catch((e: Error) => e.message),
    stored: await readRawRole(dal, 'custom'),
  };
});

differential(
  'roles › migrateRoleSchema counts roles as upstream sees them (hydrated documents)',
  async ({ methods, dal }) => {
    await insertRaw(dal, 'roles', { name: 'legacy', PROMPTS: { USE: true }, permissions: {} });
    await insertRaw(dal, 'roles', { name: 'other', AGENTS: { USE: false } });
    await methods.createRoleByName({ name: 'modern' });
    return {
      all: await methods.migrateRoleSchema(),
      one: await methods.migrateRoleSchema('legacy'),
      unknown: await methods.migrateRoleSchema('nobody'),
      stored: await readRawRole(dal, 'legacy'),
    };
  },
);

describe('[postgresql] roles › updateAccessPermissions', () => {
  test('writes only the changed values, keeps the rest, migrates SHARED_GLOBAL, as upstream', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const { methods } = dal;
    await methods.initializeRoles();
    await methods.updateAccessPermissions('USER', {
      PROMPTS: { SHARE: true, USE: true },
      MARKETPLACE: { USE: true },
      NOT_A_TYPE: { USE: true },
    });
    const user = await methods.getRoleByName('USER');
    const defaults = roleDefaults.USER.permissions as Record<string, Record<string, boolean>>;
    expect(user.permissions).toEqual({
      ...defaults,
      PROMPTS: { ...defaults.PROMPTS, SHARE: true },
      MARKETPLACE: { USE: true },
    });

    await insertRaw(dal, 'roles', {
      name: 'custom',
      permissions: {
        PROMPTS: { USE: true, SHARED_GLOBAL: true },
        AGENTS: { USE: true, SHARE: false, SHARED_GLOBAL: true },
      },
    });
    await methods.updateAccessPermissions('custom', { BOOKMARKS: { USE: true } });
    expect((await readRawRole(dal, 'custom'))?.permissions).toEqual({
      PROMPTS: { USE: true, SHARE: true },
      AGENTS: { USE: true, SHARE: false },
      BOOKMARKS: { USE: true },
    });
  });
});
