import { isDeepStrictEqual } from 'node:util';
import { differential } from '../harness/index.js';
import { inTenant } from '../roles/support.js';

differential('accessRoles › seedDefaultRoles creates the default access roles', async ({ methods }) => {
  const seeded = await methods.seedDefaultRoles();
  return { keys: Object.keys(seeded), seeded, all: await methods.getAllRoles() };
});

differential('accessRoles › seedDefaultRoles is idempotent and keeps edited roles', async ({ methods }) => {
  const first = await methods.seedDefaultRoles();
  await methods.updateRole('agent_editor', { name: 'custom_editor', permBits: 7 });
  await methods.deleteRole('skill_owner');
  const second = await methods.seedDefaultRoles();
  const ids = (r: Record<string, { _id: unknown }>) => Object.values(r).map((x) => String(x._id));
  return {
    sameIds: isDeepStrictEqual(
      ids(first).filter((id) => id !== String(first.skill_owner?._id)),
      ids(second).filter((id) => id !== String(second.skill_owner?._id)),
    ),
    editor: second.agent_editor,
    recreated: second.skill_owner,
    count: (await methods.getAllRoles()).length,
  };
});

differential(
  'accessRoles › seedDefaultRoles inside a tenant seeds that tenant’s copies',
  async ({ methods }) => {
    await methods.seedDefaultRoles();
    const acme = await inTenant('acme', () => methods.seedDefaultRoles());
    return {
      acmeTenants: [...new Set(Object.values(acme).map((r) => r.tenantId))],
      count: (await methods.getAllRoles()).length,
      inAcme: (await inTenant('acme', () => methods.getAllRoles())).length,
    };
  },
);
