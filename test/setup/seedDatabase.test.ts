/**
 * seedDatabase / checkSeed (@librechat/dal's start-up seeding, used by `librechat-db init` and
 * `doctor`): the same seed on both engines, read back as complete, and each kind of missing
 * seed named.
 */
import { checkSeed, seedDatabase } from '@librechat/dal';
import { expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';

differential('setup › seedDatabase on an empty database, then checkSeed', async ({ methods }) => {
  const before = await checkSeed(methods);
  await seedDatabase(methods);
  const after = await checkSeed(methods);
  const roles = (await methods.listRoles()).map((r) => r.name).sort();
  const accessRoles = (await methods.getAllRoles()).map((r) => r.accessRoleId).sort();
  const categories = (await methods.getAllCategories()).map((c) => c.value);
  return { before, after, roles, accessRoles, categories };
});

differential('setup › seedDatabase twice changes nothing', async ({ methods }) => {
  await seedDatabase(methods);
  const first = {
    roles: await methods.listRoles(),
    accessRoles: await methods.getAllRoles(),
    categories: await methods.getAllCategories(),
  };
  await seedDatabase(methods);
  const second = {
    roles: await methods.listRoles(),
    accessRoles: await methods.getAllRoles(),
    categories: await methods.getAllCategories(),
  };
  return { first, second, same: JSON.stringify(first) === JSON.stringify(second) };
});

differential(
  'setup › checkSeed names each missing role, access role, category and grant',
  async ({ methods }) => {
    await seedDatabase(methods);
    await methods.deleteRoleByName('USER');
    await methods.deleteRole('agent_viewer');
    await methods.deleteCategory('finance');
    await methods.revokeCapability({
      principalType: 'role' as never,
      principalId: 'ADMIN',
      capability: 'manage:users' as never,
    });
    const broken = await checkSeed(methods);
    await seedDatabase(methods);
    return { broken, repaired: await checkSeed(methods) };
  },
);

for (const engine of ['mongodb', 'postgresql'] as const) {
  test(`[${engine}] setup › checkSeed expects exactly the access roles seedDefaultRoles creates`, async () => {
    const dal = await fileDal(engine);
    await resetDal(dal);
    const expected = (await checkSeed(dal.methods)).accessRoles;
    const seeded = await dal.methods.seedDefaultRoles();
    expect(expected.length).toBeGreaterThan(0);
    expect(Object.keys(seeded).sort()).toEqual([...expected].sort());
    expect((await checkSeed(dal.methods)).accessRoles).toEqual([]);
  });
}
