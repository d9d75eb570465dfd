/** Creating, finding and configuring code environments. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { env, U1, U2 } from './support.js';

differential(
  'codeEnvironments › createCodeEnvironment stores a pending registration; lookups by environment id',
  async ({ methods }) => {
    const created = await methods.createCodeEnvironment({
      ...env('e1'),
      workerId: 'w1',
      revocationTokenEnv: 'TOKEN_ENV',
      workerPrincipal: { type: 'user', id: 'u-1' },
    });
    return {
      created,
      found: await methods.findCodeEnvironmentByEnvironmentId('e1'),
      missing: await methods.findCodeEnvironmentByEnvironmentId('nope'),
      ids: await methods.listCodeEnvironmentIds(),
    };
  },
);

differential('codeEnvironments › createCodeEnvironment validates the schema', async ({ methods }) => {
  const attempt = (input: Record<string, unknown>) =>
    methods.createCodeEnvironment(input as never).then(
      () => 'created',
      (error: Error) => ({ name: error.name, message: error.message }),
    );
  return [
    await attempt({ ...env('bad-type'), type: 'cloud' }),
    await attempt({ environmentId: 'partial', createdBy: U1 }),
    await attempt({ ...env('bad-owner'), createdBy: 'not-an-id' }),
    await attempt({ ...env('bad-principal'), workerPrincipal: { type: 'robot', id: 'x' } }),
    await methods.listCodeEnvironmentIds(),
  ];
});

// Untenanted duplicates: postgres.test.ts (FerretDB's compound unique index lets two documents
// without tenantId share an environmentId).
differential('codeEnvironments › an environment id is unique within a tenant', async ({ methods }) => {
  await methods.createCodeEnvironment(env('same'));
  await inTenant('t1', () => methods.createCodeEnvironment(env('same')));
  return inTenant('t1', () => methods.createCodeEnvironment(env('same', U2)));
});

differential(
  'codeEnvironments › createCodeEnvironmentWithinOwnerLimit fills owner slots, reuses freed slots and stops at the limit',
  async ({ methods }) => {
    const a = await methods.createCodeEnvironmentWithinOwnerLimit(env('a'), 2);
    const b = await methods.createCodeEnvironmentWithinOwnerLimit(env('b'), 2);
    const full = await methods.createCodeEnvironmentWithinOwnerLimit(env('c'), 2);
    await methods.discardCodeEnvironmentById(String(a?._id));
    const reused = await methods.createCodeEnvironmentWithinOwnerLimit(env('d'), 2);
    const otherOwner = await methods.createCodeEnvironmentWithinOwnerLimit(env('e', U2), 2);
    const zero = await methods.createCodeEnvironmentWithinOwnerLimit(env('f', U2), 0);
    return {
      a,
      b,
      full,
      reused,
      otherOwner,
      zero,
      slots: (await methods.findCodeEnvironmentsByCreator(U1)).map((e) => e.ownerSlot),
    };
  },
  { unordered: false },
);

differential(
  'codeEnvironments › createCodeEnvironmentWithinOwnerLimit: unslotted environments count, a slot id taken elsewhere is skipped',
  async ({ methods }) => {
    await methods.createCodeEnvironment(env('legacy'));
    const first = await methods.createCodeEnvironmentWithinOwnerLimit(env('s1'), 3);
    // Same owner in another tenant: its slot-0 id is the one above's, already taken.
    const elsewhere = await inTenant('t1', () => methods.createCodeEnvironmentWithinOwnerLimit(env('s2'), 3));
    const over = await methods.createCodeEnvironmentWithinOwnerLimit(env('s3'), 2);
    return { first, elsewhere, over };
  },
);

differential(
  'codeEnvironments › findCodeEnvironmentsByIds and findCodeEnvironmentsByCreator sort by creation; bad ids',
  async ({ methods }) => {
    const x = await methods.createCodeEnvironment(env('x'));
    const y = await methods.createCodeEnvironment(env('y', U2));
    const z = await methods.createCodeEnvironment(env('z'));
    const attempt = <T>(fn: () => Promise<T>) =>
      fn().catch((error: Error) => ({ name: error.name, message: error.message }));
    return {
      byIds: await methods.findCodeEnvironmentsByIds([
        String(z._id),
        y._id,
        String(x._id),
        '6a00000000000000000000ff',
      ]),
      none: await methods.findCodeEnvironmentsByIds([]),
      badId: await attempt(() => methods.findCodeEnvironmentsByIds(['bad'])),
      byCreator: await methods.findCodeEnvironmentsByCreator(String(U1)),
      byCreatorId: await methods.findCodeEnvironmentsByCreator(U2),
      badCreator: await attempt(() => methods.findCodeEnvironmentsByCreator('bad')),
      ids: (await methods.listCodeEnvironmentIds()).sort(),
    };
  },
);

differential(
  'codeEnvironments › updateCodeEnvironmentSettings only on registered, live environments',
  async ({ methods }) => {
    const created = await methods.createCodeEnvironment(env('s'));
    const pending = await methods.updateCodeEnvironmentSettings('s', { permissions: { fileWrite: 'deny' } });
    await methods.completeCodeEnvironmentRegistration(String(created._id));
    const fileWrite = await methods.updateCodeEnvironmentSettings('s', {
      permissions: { fileWrite: 'deny' },
    });
    const both = await methods.updateCodeEnvironmentSettings('s', {
      permissions: { fileWrite: 'allow', commandExecution: 'ask' },
    });
    const nothing = await methods.updateCodeEnvironmentSettings('s', {});
    const invalid = await methods
      .updateCodeEnvironmentSettings('s', { permissions: { commandExecution: 'sometimes' as never } })
      .catch((error: Error) => ({ name: error.name, message: error.message }));
    const unknown = await methods.updateCodeEnvironmentSettings('nope', {
      permissions: { fileWrite: 'ask' },
    });
    await methods.beginCodeEnvironmentRemoval(String(created._id));
    const removing = await methods.updateCodeEnvironmentSettings('s', { permissions: { fileWrite: 'ask' } });
    return { pending, fileWrite, both, nothing, invalid, unknown, removing };
  },
);
