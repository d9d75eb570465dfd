import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { USER_A } from '../support/stored.js';
import { inTenant, tick } from '../support/tenants.js';

const GROUP = '65a1b2c3d4e5f60718293b01';

const attempt = async (fn: () => Promise<unknown>) => {
  try {
    return await fn();
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
};

/**
 * FerretDB drops the `tombstones: []` default mongoose sends in an upsert's $setOnInsert (test/README.md);
 * MongoDB stores it. Lean reads here leave out an empty `tombstones` (documents get it from the schema
 * default on both engines); the [postgresql] tests below prove it is stored.
 */
function lean(value: any): any {
  if (Array.isArray(value)) return value.map(lean);
  if (!value || typeof value !== 'object' || value.$__ || value instanceof Date || value._bsontype)
    return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'tombstones' && Array.isArray(v) && v.length === 0) continue;
    out[k] = lean(v);
  }
  return out;
}

const configDifferential: typeof differential = (name, scenario, options) =>
  differential(name, async (ctx) => lean(await scenario(ctx)), options);

/** Base (priority 0), admin role (10), a group (20, inactive later), a user (30). */
async function seedConfigs(methods: any) {
  await methods.upsertConfig('role', '__base__', 'Role', { interface: { agents: true } }, 0);
  await tick();
  await methods.upsertConfig(
    'role',
    'ADMIN',
    'Role',
    { interface: { prompts: false }, endpoints: { x: 1 } },
    10,
  );
  await tick();
  await methods.upsertConfig('group', GROUP, 'Group', { registration: { enabled: false } }, 20);
  await tick();
  await methods.upsertConfig('user', USER_A, 'User', { balance: { enabled: true } }, 30);
}

configDifferential(
  'configs › upsertConfig creates, then replaces the overrides and bumps configVersion',
  async ({ methods }) => {
    const created = await methods.upsertConfig('role', 'ADMIN', 'Role', { interface: { agents: false } }, 10);
    await tick();
    const updated = await methods.upsertConfig(
      'role',
      'ADMIN',
      'Role',
      { speech: { tts: { engine: 'x' } } },
      15,
    );
    return { created, updated, stored: await methods.findConfigByPrincipal('role', 'ADMIN') };
  },
);

configDifferential(
  'configs › upsertConfig with preservePriority keeps a stored priority, sets it on insert',
  async ({ methods }) => {
    const inserted = await methods.upsertConfig('role', 'USER', 'Role', { a: 1 } as never, 5, undefined, {
      preservePriority: true,
    });
    const kept = await methods.upsertConfig('role', 'USER', 'Role', { b: 2 } as never, 99, undefined, {
      preservePriority: true,
    });
    const replaced = await methods.upsertConfig('role', 'USER', 'Role', { c: 3 } as never, 7);
    return [inserted, kept, replaced].map((c: any) => [c.priority, c.configVersion, c.overrides]);
  },
);

configDifferential(
  'configs › upsertConfig reactivates an inactive config; ObjectId principal ids are stored as strings',
  async ({ methods, dal }) => {
    const { Types } = (dal.engine.mongoose ?? (await import('mongoose')).default) as any;
    await methods.upsertConfig('group', new Types.ObjectId(GROUP), 'Group', { x: 1 } as never, 20);
    await methods.toggleConfigActive('group', GROUP, false);
    return methods.upsertConfig('group', new Types.ObjectId(GROUP), 'Group', { x: 2 } as never, 20);
  },
);

configDifferential(
  'configs › upsertConfig expectEmpty: writes a new or empty config, null on a non-empty one',
  async ({ methods }) =>
    inTenant('t1', async () => {
      const fresh = await methods.upsertConfig('role', 'A', 'Role', {}, 1, undefined, { expectEmpty: true });
      const onEmpty = await methods.upsertConfig('role', 'A', 'Role', { x: 1 } as never, 2, undefined, {
        expectEmpty: true,
      });
      const onNonEmpty = await methods.upsertConfig('role', 'A', 'Role', { y: 1 } as never, 3, undefined, {
        expectEmpty: true,
      });
      await methods.upsertConfig('role', 'B', 'Role', {}, 1);
      await methods.tombstoneConfigField('role', 'B', 'Role', 'interface.agents', 1);
      const onTombstoned = await methods.upsertConfig('role', 'B', 'Role', {}, 1, undefined, {
        expectEmpty: true,
      });
      return { fresh, onEmpty, onNonEmpty, onTombstoned, all: await methods.listAllConfigs() };
    }),
);

configDifferential(
  'configs › upsertConfig: a priority that is not a number is a cast error',
  async ({ methods }) => ({
    bad: await attempt(() => methods.upsertConfig('role', 'ADMIN', 'Role', {}, 'high' as never)),
    stored: await methods.listAllConfigs(),
  }),
);

// FerretDB ignores a $pull with a condition ({ $in }, { $regex }) on a string array without an
// error, so tombstones a write must clear are proven in the [postgresql] tests below; here the
// $pull runs but matches nothing.
configDifferential(
  'configs › patchConfigFields sets override paths, keeps unrelated tombstones',
  async ({ methods }) => {
    await methods.upsertConfig('role', 'ADMIN', 'Role', { interface: { agents: true, prompts: true } }, 10);
    await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'endpoints', 10);
    await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'speech.stt', 10);
    const patched = await methods.patchConfigFields(
      'role',
      'ADMIN',
      'Role',
      { 'interface.prompts': false, 'speech.tts': { voice: 'alloy' }, balance: { startBalance: 5 } },
      12,
    );
    const noFields = await methods.patchConfigFields('role', 'ADMIN', 'Role', {}, 13);
    return { patched, noFields, stored: await methods.findConfigByPrincipal('role', 'ADMIN') };
  },
);

configDifferential(
  'configs › patchConfigFields creates the config of a new principal',
  async ({ methods }) => ({
    created: await methods.patchConfigFields(
      'user',
      USER_A,
      'User',
      { 'interface.agents': false, 'a.b.c': [1, 2] },
      30,
    ),
    found: await methods.findConfigByPrincipal('user', USER_A),
  }),
);

configDifferential(
  'configs › tombstoneConfigField removes the override and records the path once',
  async ({ methods }) => {
    await methods.upsertConfig(
      'role',
      'ADMIN',
      'Role',
      { interface: { agents: true, prompts: true }, top: 1 } as never,
      10,
    );
    const first = await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'interface.agents', 11);
    const again = await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'interface.agents', 11);
    const top = await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'top', 11);
    const absent = await methods.tombstoneConfigField('role', 'ADMIN', 'Role', 'never.set', 11);
    return { first, again, top, absent };
  },
);

configDifferential(
  'configs › tombstoneConfigField on a new principal creates its config',
  async ({ methods }) => ({
    created: await methods.tombstoneConfigField('group', GROUP, 'Group', 'interface.agents', 20),
    stored: await methods.findConfigByPrincipal('group', GROUP),
  }),
);

configDifferential(
  'configs › unsetConfigField removes the override; tombstones of other paths stay',
  async ({ methods }) => {
    await methods.upsertConfig(
      'role',
      'ADMIN',
      'Role',
      { interface: { agents: true, prompts: true }, a: { b: 1, bc: 2 } } as never,
      10,
    );
    for (const path of ['interfaces', 'interface2.x', 'interface-x', 'aXb']) {
      await methods.tombstoneConfigField('role', 'ADMIN', 'Role', path, 10);
    }
    const unset = await methods.unsetConfigField('role', 'ADMIN', 'interface');
    const nested = await methods.unsetConfigField('role', 'ADMIN', 'a.b');
    const absent = await methods.unsetConfigField('role', 'ADMIN', 'never.set');
    return { unset, nested, absent, missing: await methods.unsetConfigField('role', 'NOBODY', 'interface') };
  },
);

configDifferential(
  'configs › deleteConfig returns the deleted document; expectEmpty keeps a non-empty one',
  async ({ methods }) => {
    await seedConfigs(methods);
    await methods.upsertConfig('role', 'EMPTY', 'Role', {}, 5);
    return {
      guarded: await methods.deleteConfig('role', 'ADMIN', undefined, { expectEmpty: true }),
      emptyGuarded: await methods.deleteConfig('role', 'EMPTY', undefined, { expectEmpty: true }),
      deleted: await methods.deleteConfig('role', 'ADMIN'),
      missing: await methods.deleteConfig('role', 'ADMIN'),
      left: (await methods.listAllConfigs()).map((c: any) => c.principalId),
    };
  },
);

configDifferential(
  'configs › toggleConfigActive; expectEmpty only toggles an empty config',
  async ({ methods }) => {
    await seedConfigs(methods);
    await methods.upsertConfig('role', 'EMPTY', 'Role', {}, 5);
    return {
      off: await methods.toggleConfigActive('group', GROUP, false),
      guarded: await methods.toggleConfigActive('role', 'ADMIN', false, undefined, { expectEmpty: true }),
      emptyOff: await methods.toggleConfigActive('role', 'EMPTY', false, undefined, { expectEmpty: true }),
      missing: await methods.toggleConfigActive('user', '65a1b2c3d4e5f60718293aff', true),
      activeIds: (await methods.listAllConfigs({ isActive: true })).map((c: any) => c.principalId),
      inactiveIds: (await methods.listAllConfigs({ isActive: false })).map((c: any) => c.principalId),
    };
  },
);

configDifferential(
  'configs › findConfigByPrincipal skips inactive configs unless includeInactive',
  async ({ methods }) => {
    await seedConfigs(methods);
    await methods.toggleConfigActive('group', GROUP, false);
    return {
      active: await methods.findConfigByPrincipal('user', USER_A),
      inactive: await methods.findConfigByPrincipal('group', GROUP),
      included: await methods.findConfigByPrincipal('group', GROUP, { includeInactive: true }),
      wrongType: await methods.findConfigByPrincipal('role', USER_A),
    };
  },
);

configDifferential('configs › listAllConfigs sorts by priority, filters by isActive', async ({ methods }) => {
  await seedConfigs(methods);
  await methods.toggleConfigActive('role', 'ADMIN', false);
  return {
    all: await methods.listAllConfigs(),
    undefinedFilter: (await methods.listAllConfigs({ isActive: undefined })).length,
    inactive: await methods.listAllConfigs({ isActive: false }),
    empty: await methods.listAllConfigs({ isActive: false }).then(async () => {
      await methods.deleteConfig('role', 'ADMIN');
      return methods.listAllConfigs({ isActive: false });
    }),
  };
});

configDifferential(
  'configs › getApplicableConfigs: the base config and the principals given, active, by priority',
  async ({ methods, dal }) => {
    await seedConfigs(methods);
    const { Types } = (dal.engine.mongoose ?? (await import('mongoose')).default) as any;
    const ids = (configs: any[]) => configs.map((c) => `${c.principalType}:${c.principalId}:${c.priority}`);
    const baseOnly = ids(await methods.getApplicableConfigs());
    const emptyList = ids(await methods.getApplicableConfigs([]));
    const some = await methods.getApplicableConfigs([
      { principalType: 'user', principalId: USER_A },
      { principalType: 'group', principalId: new Types.ObjectId(GROUP) },
      { principalType: 'role' },
      { principalType: 'role', principalId: 'MISSING' },
    ]);
    await methods.toggleConfigActive('group', GROUP, false);
    const withInactive = ids(
      await methods.getApplicableConfigs([{ principalType: 'group', principalId: GROUP }]),
    );
    return { baseOnly, emptyList, some, withInactive };
  },
);

configDifferential('configs › configs are scoped to the tenant', async ({ methods }) => {
  await inTenant('t1', () => seedConfigs(methods));
  await inTenant('t2', () => methods.upsertConfig('role', 'ADMIN', 'Role', { t2: true } as never, 1));
  return {
    t1: await inTenant('t1', () => methods.listAllConfigs()),
    t2: await inTenant('t2', () =>
      methods.getApplicableConfigs([{ principalType: 'role', principalId: 'ADMIN' }]),
    ),
    t2Deleted: await inTenant('t2', () => methods.deleteConfig('role', 'ADMIN')),
    t1Admin: (await inTenant('t1', () => methods.findConfigByPrincipal('role', 'ADMIN')))?.tenantId,
  };
});

describe('[postgresql] configs › one config per principal without a tenant (MongoDB indexes a missing tenantId as null)', () => {
  test('upsertConfig expectEmpty on a non-empty config is null and writes nothing', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE configs');
    await methods.upsertConfig('role' as never, 'ADMIN', 'Role' as never, { x: 1 } as never, 10);
    const result = await methods.upsertConfig(
      'role' as never,
      'ADMIN',
      'Role' as never,
      { y: 2 } as never,
      11,
      undefined,
      {
        expectEmpty: true,
      },
    );
    expect(result).toBeNull();
    const all = await methods.listAllConfigs();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ overrides: { x: 1 }, priority: 10, configVersion: 1 });
    const error = await engine
      .collections!.configs.create({
        principalType: 'role',
        principalId: 'ADMIN',
        principalModel: 'Role',
        priority: 1,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { principalType: 1, principalId: 1, tenantId: 1 },
    });
  });
});

describe('[postgresql] configs › tombstones cleared by patch and unset (FerretDB ignores a conditional $pull)', () => {
  test('patchConfigFields clears the tombstones of each patched path and its parents below the top level', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE configs');
    for (const path of [
      'interface',
      'interface.prompts',
      'speech.tts',
      'speech.tts.engine',
      'speech.stt',
      'endpoints',
    ]) {
      await methods.tombstoneConfigField('role' as never, 'ADMIN', 'Role' as never, path, 10);
    }
    const patched: any = await methods.patchConfigFields(
      'role' as never,
      'ADMIN',
      'Role' as never,
      { 'interface.prompts': false, 'speech.tts.engine': 'x' },
      12,
    );
    // upstream: 'a.b.c' clears 'a.b' and 'a.b.c', never the top-level 'a'.
    expect(patched.tombstones).toEqual(['interface', 'speech.stt', 'endpoints']);
    expect(patched.overrides).toEqual({ interface: { prompts: false }, speech: { tts: { engine: 'x' } } });
    expect(patched.configVersion).toBe(7);
    const top: any = await methods.patchConfigFields(
      'role' as never,
      'ADMIN',
      'Role' as never,
      { endpoints: {} },
      12,
    );
    expect(top.tombstones).toEqual(['interface', 'speech.stt']);
  });

  test('unsetConfigField clears the tombstones of the path and its descendants only', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE configs');
    await methods.upsertConfig(
      'role' as never,
      'ADMIN',
      'Role' as never,
      { interface: { agents: true } } as never,
      10,
    );
    for (const path of [
      'interface',
      'interface.a',
      'interface.a.b',
      'interfaces',
      'interface2.x',
      'a.b',
      'aXb',
      'a.b.c',
    ]) {
      await methods.tombstoneConfigField('role' as never, 'ADMIN', 'Role' as never, path, 10);
    }
    const unset: any = await methods.unsetConfigField('role' as never, 'ADMIN', 'interface');
    expect(unset.tombstones).toEqual(['interfaces', 'interface2.x', 'a.b', 'aXb', 'a.b.c']);
    expect(unset.overrides).toEqual({});
    // The dot is literal: 'a.b' does not match 'aXb'.
    const dotted: any = await methods.unsetConfigField('role' as never, 'ADMIN', 'a.b');
    expect(dotted.tombstones).toEqual(['interfaces', 'interface2.x', 'aXb']);
  });

  test('an upsert stores the schema defaults of the fields the update leaves alone (tombstones [], overrides {})', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE configs');
    await methods.tombstoneConfigField('group' as never, 'G', 'Group' as never, 'x', 1);
    await methods.patchConfigFields('user' as never, USER_A, 'User' as never, { 'a.b': 1 }, 2);
    await methods.upsertConfig('role' as never, 'R', 'Role' as never, {}, 3);
    const all: any[] = await methods.listAllConfigs();
    expect(all.map((c) => [c.principalId, c.tombstones, c.overrides, c.isActive, c.configVersion])).toEqual([
      // mongoose's setDefaultsOnInsert skips `overrides`: the update touches `overrides.x`.
      ['G', ['x'], undefined, true, 1],
      [USER_A, [], { a: { b: 1 } }, true, 1],
      ['R', [], {}, true, 1],
    ]);
  });
});
