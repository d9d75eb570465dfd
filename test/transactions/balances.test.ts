import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { readBalances, seedBalance, USER_A, USER_B } from './support.js';

const past = (ms: number) => new Date(Date.now() - ms);
const future = (ms: number) => new Date(Date.now() + ms);
const HOUR = 3_600_000;

differential(
  'transactions › findBalanceByUser: none, the oldest record, and hidden fields',
  async ({ methods, dal }) => {
    const none = await methods.findBalanceByUser(USER_A);
    await seedBalance(dal, {
      _id: '65a1b2c3d4e5f60718290001',
      user: USER_A,
      tokenCredits: 42,
      reservations: [],
      reservedCredits: 0,
    });
    await seedBalance(dal, { _id: '65a1b2c3d4e5f60718290000', user: USER_A, tokenCredits: 7 });
    await seedBalance(dal, { user: USER_B, tokenCredits: 1, autoRefillEnabled: true, refillAmount: 10 });
    return {
      none,
      oldest: await methods.findBalanceByUser(USER_A),
      other: await methods.findBalanceByUser(USER_B),
      missingUser: await methods.findBalanceByUser('65a1b2c3d4e5f60718299999'),
      malformed: await methods.findBalanceByUser('nope').catch((e: Error) => [e.name, e.message]),
    };
  },
);

differential(
  'transactions › findBalanceByUser with reserved credits counts only unexpired reservations',
  async ({ methods, dal }) => {
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 500,
      reservedCredits: 180,
      reservations: [
        { id: 'live-1', amount: 100, expiresAt: future(HOUR) },
        { id: 'expired', amount: 50, expiresAt: past(HOUR) },
        { id: 'live-2', amount: 30, expiresAt: future(2 * HOUR) },
      ],
    });
    await seedBalance(dal, { user: USER_B, tokenCredits: 5 });
    return {
      a: await methods.findBalanceByUser(USER_A, { includeReservedCredits: true }),
      b: await methods.findBalanceByUser(USER_B, { includeReservedCredits: true }),
      none: await methods.findBalanceByUser('65a1b2c3d4e5f60718299999', { includeReservedCredits: true }),
    };
  },
);

differential(
  'transactions › upsertBalanceFields with no fields returns the existing record untouched',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 9 });
    const existing = await methods.upsertBalanceFields(USER_A, {}, { tokenCredits: 1000 });
    return { existing, stored: await readBalances(dal, USER_A) };
  },
);

differential(
  'transactions › upsertBalanceFields creates a record keyed by the user, insertOnly on creation only',
  async ({ methods, dal }) => {
    const created = await methods.upsertBalanceFields(
      USER_A,
      { autoRefillEnabled: true, refillAmount: 500 },
      { tokenCredits: 2000, refillAmount: 1, user: USER_B } as never,
    );
    const updated = await methods.upsertBalanceFields(
      USER_A,
      { refillIntervalUnit: 'hours' },
      { tokenCredits: 1 },
    );
    const createdEmpty = await methods.upsertBalanceFields(USER_B, {}, { tokenCredits: 300 });
    return {
      created,
      updated,
      createdEmpty,
      a: await readBalances(dal, USER_A),
      b: await readBalances(dal, USER_B),
    };
  },
);

differential(
  'transactions › upsertBalanceFields validation: a bad enum value and a malformed user',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 9 });
    const badNumber = await methods
      .upsertBalanceFields(USER_A, { tokenCredits: 'lots' as never })
      .catch((e: Error) => [e.name, e.message]);
    const malformed = await methods
      .upsertBalanceFields('nope', { tokenCredits: 1 })
      .catch((e: Error) => [e.name, e.message]);
    return { badNumber, malformed, stored: await readBalances(dal, USER_A) };
  },
);

differential(
  'transactions › updateBalance increments, clamps at 0 and applies setValues',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 100 });
    const up = await methods.updateBalance({ user: USER_A, incrementValue: 50 });
    const down = await methods.updateBalance({ user: USER_A, incrementValue: -1000 });
    const refill = await methods.updateBalance({
      user: USER_A,
      incrementValue: 25,
      setValues: { lastRefill: new Date('2025-01-02T03:04:05.000Z') },
    });
    return { up, down, refill, stored: await readBalances(dal, USER_A) };
  },
  { timeout: 60_000, exactDates: [new Date('2025-01-02T03:04:05.000Z')] },
);

differential(
  'transactions › updateBalance creates the missing record first',
  async ({ methods, dal }) => {
    const created = await methods.updateBalance({ user: USER_B, incrementValue: 75 });
    return { created, stored: await readBalances(dal, USER_B) };
  },
  { timeout: 60_000 },
);

differential('transactions › deleteBalances deletes matching records', async ({ methods, dal }) => {
  await seedBalance(dal, { user: USER_A, tokenCredits: 1 });
  await seedBalance(dal, { user: USER_A, tokenCredits: 2 });
  await seedBalance(dal, { user: USER_B, tokenCredits: 3 });
  const deleted = await methods.deleteBalances({ user: USER_A });
  const byAmount = await methods.deleteBalances({ tokenCredits: { $gte: 100 } });
  return { deleted, byAmount, a: await readBalances(dal, USER_A), b: await readBalances(dal, USER_B) };
});

describe('[postgresql] transactions › updateBalance', () => {
  test('is one atomic statement: concurrent charges and refunds all count, floor at 0', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { user: USER_A, tokenCredits: 1000 });
    await Promise.all(
      Array.from({ length: 50 }, () => dal.methods.updateBalance({ user: USER_A, incrementValue: -7 })),
    );
    expect((await dal.methods.findBalanceByUser(USER_A))?.tokenCredits).toBe(1000 - 50 * 7);
    await Promise.all(
      Array.from({ length: 40 }, () => dal.methods.updateBalance({ user: USER_A, incrementValue: -100 })),
    );
    expect((await dal.methods.findBalanceByUser(USER_A))?.tokenCredits).toBe(0);
  });

  test('charges the oldest record of a user with several', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { _id: '65a1b2c3d4e5f60718290009', user: USER_A, tokenCredits: 100 });
    await seedBalance(dal, { _id: '65a1b2c3d4e5f60718290001', user: USER_A, tokenCredits: 100 });
    const result = await dal.methods.updateBalance({ user: USER_A, incrementValue: -30 });
    expect(String(result._id)).toBe('65a1b2c3d4e5f60718290001');
    expect(result.tokenCredits).toBe(70);
    expect(result).not.toHaveProperty('reservations');
    const [oldest, newer] = (await readBalances(dal, USER_A)) as Array<{ tokenCredits: number }>;
    expect([oldest?.tokenCredits, newer?.tokenCredits]).toEqual([70, 100]);
  });

  test('creates the missing record once under concurrent first charges', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await Promise.all(
      Array.from({ length: 20 }, () => dal.methods.updateBalance({ user: USER_B, incrementValue: 5 })),
    );
    const records = (await readBalances(dal, USER_B)) as Array<{ _id: unknown; tokenCredits: number }>;
    expect(records).toHaveLength(1);
    expect(String(records[0]?._id)).toBe(USER_B);
    expect(records[0]?.tokenCredits).toBe(100);
  });

  test('setValues that override tokenCredits win, as upstream’s $set spread', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { user: USER_A, tokenCredits: 100 });
    const result = await dal.methods.updateBalance({
      user: USER_A,
      incrementValue: -10,
      setValues: { tokenCredits: 5, autoRefillEnabled: true },
    });
    expect(result).toMatchObject({ tokenCredits: 5, autoRefillEnabled: true });
  });

  test('a malformed user id is a CastError, as on MongoDB', async () => {
    const { methods } = await fileDal('postgresql');
    await expect(methods.updateBalance({ user: 'nope', incrementValue: 1 })).rejects.toMatchObject({
      name: 'CastError',
    });
  });
});

describe('[postgresql] transactions › upsertBalanceFields', () => {
  test('creates one record keyed by the user; insertOnly applies on creation only', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    const created = await dal.methods.upsertBalanceFields(
      USER_A,
      { autoRefillEnabled: true, refillAmount: 500 },
      { tokenCredits: 2000, refillAmount: 1 },
    );
    expect(String(created?._id)).toBe(USER_A);
    expect(created).toMatchObject({ tokenCredits: 2000, autoRefillEnabled: true, refillAmount: 500 });
    const again = await dal.methods.upsertBalanceFields(
      USER_A,
      { refillIntervalUnit: 'hours' },
      { tokenCredits: 1 },
    );
    expect(again).toMatchObject({ tokenCredits: 2000, refillIntervalUnit: 'hours' });
    await Promise.all(
      Array.from({ length: 10 }, () => dal.methods.upsertBalanceFields(USER_B, { refillAmount: 3 })),
    );
    expect(await readBalances(dal, USER_B)).toHaveLength(1);
  });

  test('updates the oldest existing record, whatever its _id', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { _id: '65a1b2c3d4e5f60718290002', user: USER_A, tokenCredits: 1 });
    await seedBalance(dal, { _id: '65a1b2c3d4e5f60718290001', user: USER_A, tokenCredits: 2 });
    const updated = await dal.methods.upsertBalanceFields(USER_A, { tokenCredits: 50 });
    expect(String(updated?._id)).toBe('65a1b2c3d4e5f60718290001');
    expect(
      ((await readBalances(dal, USER_A)) as Array<{ tokenCredits: number }>).map((b) => b.tokenCredits),
    ).toEqual([50, 1]);
  });
});
