import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { alice, bob, duplicateKeyShape, readBalance, readStoredUser } from './support.js';

differential(
  'users › createUser returns an ObjectId and stores upstream defaults',
  async ({ methods, dal }) => {
    const id = await methods.createUser({ ...alice });
    return { id, stored: await readStoredUser(dal, id), lean: await methods.getUserById(String(id)) };
  },
);

differential(
  'users › createUser with returnUser gives the full document (password included, trimmed)',
  async ({ methods }) => {
    return methods.createUser({ ...alice, password: '  spaced-password  ' }, undefined, true, true);
  },
);

differential(
  'users › createUser with TTL sets expiresAt one week out; updateUser removes it',
  async ({ methods }) => {
    const id = await methods.createUser({ ...bob }, undefined, false);
    const before = await methods.getUserById(String(id), 'expiresAt email');
    const after = await methods.updateUser(String(id), { emailVerified: true });
    return { before, after };
  },
);

differential(
  'users › createUser seeds the start balance with auto-refill settings',
  async ({ methods, dal }) => {
    const id = await methods.createUser(
      { ...alice },
      {
        enabled: true,
        startBalance: 20000,
        autoRefillEnabled: true,
        refillIntervalValue: 30,
        refillIntervalUnit: 'days',
        refillAmount: 10000,
      },
    );
    return readBalance(dal, id);
  },
);

differential(
  'users › createUser without complete auto-refill config only credits the start balance',
  async ({ methods, dal }) => {
    const id = await methods.createUser(
      { ...bob },
      { enabled: true, startBalance: 500, autoRefillEnabled: true },
    );
    const none = await methods.createUser({ ...alice }, { enabled: false, startBalance: 500 });
    return { seeded: await readBalance(dal, id), disabled: await readBalance(dal, none) };
  },
);

// With a tenantId on both sides; the single-tenant case (no tenantId) is the PostgreSQL-only
// suite below, because FerretDB's SQLite unique index treats a missing tenantId as distinct.
differential(
  'users › createUser rejects a duplicate email within a tenant, whatever its case',
  async ({ methods }) => {
    await methods.createUser({ ...alice, tenantId: 't1' } as never);
    const otherTenant = await methods.createUser({ ...alice, tenantId: 't2' } as never).then(() => 'created');
    try {
      await methods.createUser({ ...bob, email: 'ALICE@example.COM', tenantId: 't1' } as never);
      return 'no error';
    } catch (error) {
      return { otherTenant, error: duplicateKeyShape(error), count: await methods.countUsers() };
    }
  },
);

differential('users › createUser rejects a second account with the same googleId', async ({ methods }) => {
  await methods.createUser({ ...bob });
  try {
    await methods.createUser({ ...alice, googleId: 'g-123' });
    return 'no error';
  } catch (error) {
    return duplicateKeyShape(error);
  }
});

differential('users › createUser validation: missing email', async ({ methods }) => {
  return methods.createUser({ name: 'No Email' } as never);
});

differential('users › createUser validation: malformed email', async ({ methods }) => {
  return methods.createUser({ ...alice, email: 'not-an-email' });
});

differential('users › createUser validation: password too short and too long', async ({ methods }) => {
  const short = await methods
    .createUser({ ...alice, password: 'short' })
    .catch((e: Error) => [e.name, e.message]);
  const long = await methods
    .createUser({ ...bob, password: 'x'.repeat(129) })
    .catch((e: Error) => [e.name, e.message]);
  return { short, long, count: await methods.countUsers() };
});

differential('users › createUser drops fields the schema does not declare', async ({ methods, dal }) => {
  const id = await methods.createUser({ ...alice, isPublic: true, favoriteColour: 'blue' } as never);
  return readStoredUser(dal, id);
});

describe('[postgresql] users › uniqueness without a tenant (MongoDB indexes a missing tenantId as null)', () => {
  test('a duplicate email is an E11000 error with the MongoDB shape, and nothing is written', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE users, balances');
    await methods.createUser({ ...alice });
    const error = await methods
      .createUser({ ...bob, email: ' alice@EXAMPLE.com'.trim() }, { enabled: true, startBalance: 10 })
      .catch((e: unknown) => e);
    expect(duplicateKeyShape(error)).toEqual({
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { email: 1, tenantId: 1 },
      keyValue: { email: 'alice@example.com', tenantId: null },
      message:
        'E11000 duplicate key error collection: <db>.users index: email_1_tenantId_1 dup key: { email: "alice@example.com", tenantId: null }',
    });
    expect(await methods.countUsers()).toBe(1);
    const balances = await engine.pool?.query('SELECT count(*)::int AS n FROM balances');
    expect(balances?.rows[0].n).toBe(0);
  });

  test('a second account with the same googleId is refused; accounts without one are not', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE users, balances');
    await methods.createUser({ ...bob });
    await methods.createUser({ ...alice });
    await methods.createUser({ name: 'Carol', email: 'carol@example.com' });
    const error = await methods
      .createUser({ name: 'Eve', email: 'eve@example.com', googleId: 'g-123' })
      .catch((e: unknown) => e);
    expect(duplicateKeyShape(error)).toMatchObject({
      code: 11000,
      message: expect.stringContaining('index: googleId_1_tenantId_1 dup key'),
      keyValue: { googleId: 'g-123', tenantId: null },
    });
  });
});
