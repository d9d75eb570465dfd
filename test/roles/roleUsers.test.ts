import { describeError, differential } from '../harness/index.js';

type Methods = Parameters<Parameters<typeof differential>[1]>[0]['methods'];

async function team(methods: Methods) {
  const ids: string[] = [];
  const people: [string, string][] = [
    ['Ann', 'editor'],
    ['Ben', 'editor'],
    ['Cat', 'USER'],
    ['Dan', 'editor'],
    ['Eve', 'ADMIN'],
  ];
  for (const [name, role] of people) {
    ids.push(
      String(
        await methods.createUser({
          name,
          email: `${name.toLowerCase()}@x.io`,
          provider: 'local',
          role,
          avatar: `${name}.png`,
        }),
      ),
    );
  }
  return ids;
}

const rolesOf = async (methods: Methods, ids: string[]) =>
  Promise.all(ids.map(async (id) => (await methods.getUserById(id, 'role'))?.role));

differential('roles › findUserIdsByRole, countUsersByRole and listUsersByRole', async ({ methods }) => {
  const ids = await team(methods);
  return {
    ids: await methods.findUserIdsByRole('editor'),
    expected: [ids[0], ids[1], ids[3]],
    none: await methods.findUserIdsByRole('nobody'),
    count: await methods.countUsersByRole('editor'),
    countNone: await methods.countUsersByRole('nobody'),
    list: await methods.listUsersByRole('editor'),
    page: await methods.listUsersByRole('editor', { limit: 1, offset: 1 }),
    empty: await methods.listUsersByRole('nobody'),
  };
});

differential('roles › updateUsersByRole moves every user of a role', async ({ methods }) => {
  const ids = await team(methods);
  await methods.updateUsersByRole('editor', 'writer');
  await methods.updateUsersByRole('nobody', 'writer');
  return { roles: await rolesOf(methods, ids), writers: await methods.countUsersByRole('writer') };
});

differential(
  'roles › updateUsersRoleByIds moves the given users; bad ids are cast errors',
  async ({ methods }) => {
    const ids = await team(methods);
    await methods.updateUsersRoleByIds(
      [ids[0] as string, ids[2] as string, '0123456789abcdef01234567'],
      'writer',
    );
    await methods.updateUsersRoleByIds([], 'ghost');
    return {
      roles: await rolesOf(methods, ids),
      malformed: await methods.updateUsersRoleByIds(['not-an-id'], 'writer').catch(describeError),
      after: await rolesOf(methods, ids),
    };
  },
);
