import { differential } from '../harness/index.js';
import { insertRaw, inTenant } from './support.js';

async function someRoles(methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) {
  for (const name of ['editor', 'Viewer', 'auditor', 'a.b', 'zeta']) {
    await methods.createRoleByName({ name, description: `the ${name} role` });
  }
}

differential('roles › listRoles sorts by name, selects name and description, pages', async ({ methods }) => {
  await methods.initializeRoles();
  await someRoles(methods);
  return {
    all: await methods.listRoles(),
    page: await methods.listRoles({ limit: 2, offset: 1 }),
    beyond: await methods.listRoles({ offset: 50 }),
    count: await methods.countRoles(),
  };
});

differential('roles › countRoles and listRoles on an empty database', async ({ methods }) => ({
  count: await methods.countRoles(),
  list: await methods.listRoles(),
}));

differential(
  'roles › getRoleByName creates a missing system role, finds custom ones',
  async ({ methods }) => {
    await someRoles(methods);
    const created = await methods.getRoleByName('USER');
    return {
      created,
      again: await methods.getRoleByName('USER'),
      custom: await methods.getRoleByName('editor'),
      wrongCase: await methods.getRoleByName('EDITOR'),
      lowerSystem: await methods.getRoleByName('admin'),
      unknown: await methods.getRoleByName('nobody'),
      selected: await methods.getRoleByName('USER', 'permissions.PROMPTS'),
      selectedArray: await methods.getRoleByName('editor', ['name', 'description']),
      count: await methods.countRoles(),
    };
  },
);

differential('roles › getRoleByName returns legacy stored shapes as they are', async ({ methods, dal }) => {
  await insertRaw(dal, 'roles', {
    name: 'legacy',
    PROMPTS: { USE: true },
    permissions: { AGENTS: { SHARED_GLOBAL: true } },
  });
  return methods.getRoleByName('legacy');
});

differential(
  'roles › findRolesByNames matches names case-insensitively and exactly',
  async ({ methods }) => {
    await methods.initializeRoles();
    await someRoles(methods);
    return {
      mixed: await methods.findRolesByNames([' EDITOR ', 'viewer', 'editor', '', '  ', 'missing']),
      system: await methods.findRolesByNames(['admin', 'User'], 'name'),
      escaped: await methods.findRolesByNames(['a.b', 'axb', 'a'], ['name']),
      none: await methods.findRolesByNames([]),
      blank: await methods.findRolesByNames(['   ']),
    };
  },
  { unordered: true },
);

differential(
  'roles › findRolesByNames: base users see base roles, tenants their own',
  async ({ methods }) => {
    await methods.createRoleByName({ name: 'editor', description: 'base' });
    await inTenant('acme', () => methods.createRoleByName({ name: 'editor', description: 'acme' }));
    await inTenant('acme', () => methods.createRoleByName({ name: 'acme-only' }));
    return {
      base: await methods.findRolesByNames(['editor', 'acme-only'], 'name description tenantId'),
      acme: await inTenant('acme', () =>
        methods.findRolesByNames(['editor', 'ACME-ONLY'], 'name description tenantId'),
      ),
      other: await inTenant('globex', () => methods.findRolesByNames(['editor'])),
      acmeByName: await inTenant('acme', () => methods.getRoleByName('editor')),
    };
  },
  { unordered: true },
);
