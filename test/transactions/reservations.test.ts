import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { readBalances, readTransactions, seedBalance, USER_A, USER_B } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inOneHour = () => new Date(Date.now() + HOUR);

differential(
  'transactions › reserveBalance without a record and without initialBalance is null',
  async ({ methods, dal }) => {
    const result = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r1',
      amount: 10,
      expiresAt: inOneHour(),
    });
    return { result, stored: await readBalances(dal, USER_A) };
  },
);

differential(
  'transactions › reserveBalance admits against unreserved credits and holds ceil(amount)',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 100 });
    const expiresAt = inOneHour();
    const first = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r1',
      amount: 40.2,
      expiresAt,
    });
    const second = await methods.reserveBalance({ user: USER_A, reservationId: 'r2', amount: 50, expiresAt });
    const refused = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r3',
      amount: 20,
      expiresAt,
    });
    const zero = await methods.reserveBalance({ user: USER_A, reservationId: 'r4', amount: 0, expiresAt });
    const exact = await methods.reserveBalance({ user: USER_A, reservationId: 'r5', amount: 9, expiresAt });
    return {
      first,
      second,
      refused,
      zero,
      exact,
      stored: await readBalances(dal, USER_A),
      view: await methods.findBalanceByUser(USER_A, { includeReservedCredits: true }),
    };
  },
);

differential(
  'transactions › reserveBalance with initialBalance creates the record first',
  async ({ methods, dal }) => {
    const result = await methods.reserveBalance({
      user: USER_B,
      reservationId: 'r1',
      amount: 30,
      expiresAt: inOneHour(),
      initialBalance: { tokenCredits: 500, autoRefillEnabled: false },
    });
    return { result, stored: await readBalances(dal, USER_B) };
  },
);

differential(
  'transactions › reserveBalance prunes expired reservations before admitting',
  async ({ methods, dal }) => {
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 100,
      reservedCredits: 90,
      reservations: [
        { id: 'stale', amount: 80, expiresAt: new Date(Date.now() - HOUR) },
        { id: 'live', amount: 10, expiresAt: inOneHour() },
      ],
    });
    const result = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'new',
      amount: 60,
      expiresAt: inOneHour(),
    });
    return { result, stored: await readBalances(dal, USER_A) };
  },
);

differential(
  'transactions › reserveBalance applies a due auto-refill once and records its transaction',
  async ({ methods, dal }) => {
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 5,
      autoRefillEnabled: true,
      refillAmount: 1000,
      refillIntervalValue: 1,
      refillIntervalUnit: 'days',
      lastRefill: new Date(Date.now() - 2 * DAY),
    });
    const result = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r1',
      amount: 50,
      expiresAt: inOneHour(),
    });
    const again = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r2',
      amount: 5000,
      expiresAt: inOneHour(),
    });
    return { result, again, stored: await readBalances(dal, USER_A), ledger: await readTransactions(dal) };
  },
);

differential(
  'transactions › reserveBalance: no refill before the interval, when disabled, or when funded',
  async ({ methods, dal }) => {
    const recent = {
      autoRefillEnabled: true,
      refillAmount: 1000,
      refillIntervalValue: 30,
      refillIntervalUnit: 'days',
    };
    await seedBalance(dal, {
      ...recent,
      user: USER_A,
      tokenCredits: 5,
      lastRefill: new Date(Date.now() - DAY),
    });
    await seedBalance(dal, {
      user: USER_B,
      tokenCredits: 5000,
      autoRefillEnabled: true,
      refillAmount: 1000,
      refillIntervalValue: 1,
      refillIntervalUnit: 'hours',
      lastRefill: new Date(Date.now() - DAY),
    });
    const notDue = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r1',
      amount: 50,
      expiresAt: inOneHour(),
    });
    const funded = await methods.reserveBalance({
      user: USER_B,
      reservationId: 'r1',
      amount: 50,
      expiresAt: inOneHour(),
    });
    return {
      notDue,
      funded,
      a: await readBalances(dal, USER_A),
      b: await readBalances(dal, USER_B),
      ledger: await readTransactions(dal),
    };
  },
);

differential(
  'transactions › reserveBalance settles a pending refill marker exactly once',
  async ({ methods, dal }) => {
    const transactionId = '65a1b2c3d4e5f6071829f001';
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 1000,
      pendingRefill: { transactionId, rawAmount: 1000 },
    });
    await seedBalance(dal, {
      user: USER_B,
      tokenCredits: 1000,
      pendingRefill: { transactionId: '65a1b2c3d4e5f6071829f002', rawAmount: 700 },
    });
    // B's refill was already recorded before the marker could be cleared
    await methods.bulkInsertTransactions([
      {
        _id: '65a1b2c3d4e5f6071829f002',
        user: USER_B,
        tokenType: 'credits',
        context: 'autoRefill',
        rawAmount: 700,
      },
    ] as never);
    const a = await methods.reserveBalance({
      user: USER_A,
      reservationId: 'r1',
      amount: 10,
      expiresAt: inOneHour(),
    });
    const b = await methods.reserveBalance({
      user: USER_B,
      reservationId: 'r1',
      amount: 10,
      expiresAt: inOneHour(),
    });
    return {
      a,
      b,
      balances: [...(await readBalances(dal, USER_A)), ...(await readBalances(dal, USER_B))],
      ledger: await readTransactions(dal),
    };
  },
);

differential(
  'transactions › releaseBalanceReservation with a non-positive amount is a no-op',
  async ({ methods, dal }) => {
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 100,
      reservedCredits: 10,
      reservations: [{ id: 'r1', amount: 10, expiresAt: inOneHour() }],
    });
    await methods.releaseBalanceReservation({ user: USER_A, reservationId: 'r1', amount: 0 });
    await methods.releaseBalanceReservation({ user: USER_A, reservationId: 'r1', amount: -5 });
    return readBalances(dal, USER_A);
  },
);

differential(
  'transactions › releaseBalanceReservation returns the credits of a held reservation',
  async ({ methods, dal }) => {
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 100,
      reservedCredits: 70,
      reservations: [
        { id: 'r1', amount: 41, expiresAt: inOneHour() },
        { id: 'r2', amount: 29, expiresAt: inOneHour() },
      ],
    });
    await methods.releaseBalanceReservation({ user: USER_A, reservationId: 'r1', amount: 40.2 });
    await methods.releaseBalanceReservation({ user: USER_A, reservationId: 'r2', amount: 5 });
    await methods.releaseBalanceReservation({ user: USER_A, reservationId: 'unknown', amount: 5 });
    return readBalances(dal, USER_A);
  },
);

differential(
  'transactions › renewBalanceReservation extends a held reservation only',
  async ({ methods, dal }) => {
    const soon = new Date('2031-01-01T00:00:00.000Z');
    const later = new Date('2031-06-01T00:00:00.000Z');
    await seedBalance(dal, {
      user: USER_A,
      tokenCredits: 100,
      reservedCredits: 20,
      reservations: [
        { id: 'r1', amount: 10, expiresAt: soon },
        { id: 'r2', amount: 10, expiresAt: soon },
      ],
    });
    await methods.renewBalanceReservation({ user: USER_A, reservationId: 'r2', expiresAt: later });
    await methods.renewBalanceReservation({ user: USER_A, reservationId: 'gone', expiresAt: later });
    await methods.renewBalanceReservation({ user: USER_B, reservationId: 'r1', expiresAt: later });
    return readBalances(dal, USER_A);
  },
  { exactDates: [new Date('2031-01-01T00:00:00.000Z'), new Date('2031-06-01T00:00:00.000Z')] },
);

// FerretDB cannot run upstream's release ($pull by condition) or renew (arrayFilters); these prove
// the PostgreSQL side on its own.
describe('[postgresql] transactions › reservations', () => {
  type Stored = {
    reservations?: Array<{ id: string; amount: number; expiresAt: Date }>;
    reservedCredits?: number;
  };
  const stored = async (dal: import('@librechat/dal').Dal) =>
    ((await readBalances(dal, USER_A)) as Stored[])[0];

  test('release pulls the reservation only while held at that amount', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { user: USER_A, tokenCredits: 100 });
    const expiresAt = new Date(Date.now() + HOUR);
    await dal.methods.reserveBalance({ user: USER_A, reservationId: 'a', amount: 40.2, expiresAt });
    await dal.methods.reserveBalance({ user: USER_A, reservationId: 'b', amount: 30, expiresAt });
    await dal.methods.releaseBalanceReservation({ user: USER_A, reservationId: 'b', amount: 29 });
    expect((await stored(dal))?.reservedCredits).toBe(71);
    await dal.methods.releaseBalanceReservation({ user: USER_A, reservationId: 'a', amount: 40.2 });
    await dal.methods.releaseBalanceReservation({ user: USER_A, reservationId: 'a', amount: 40.2 });
    const after = await stored(dal);
    expect(after?.reservedCredits).toBe(30);
    expect(after?.reservations?.map((r) => r.id)).toEqual(['b']);
  });

  test('renew sets the new expiry on the reservation, leaves others and unknown ids alone', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { user: USER_A, tokenCredits: 100 });
    const soon = new Date(Date.now() + HOUR);
    const later = new Date(Date.now() + 5 * HOUR);
    await dal.methods.reserveBalance({ user: USER_A, reservationId: 'a', amount: 10, expiresAt: soon });
    await dal.methods.reserveBalance({ user: USER_A, reservationId: 'b', amount: 10, expiresAt: soon });
    await dal.methods.renewBalanceReservation({ user: USER_A, reservationId: 'b', expiresAt: later });
    await dal.methods.renewBalanceReservation({ user: USER_A, reservationId: 'zzz', expiresAt: later });
    const after = await stored(dal);
    expect(after?.reservations?.map((r) => [r.id, r.expiresAt.getTime()])).toEqual([
      ['a', soon.getTime()],
      ['b', later.getTime()],
    ]);
    expect(after?.reservedCredits).toBe(20);
  });

  test('concurrent reservations never hold more than the credits', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances');
    await seedBalance(dal, { user: USER_A, tokenCredits: 1000 });
    const expiresAt = new Date(Date.now() + HOUR);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        dal.methods.reserveBalance({ user: USER_A, reservationId: `r${i}`, amount: 30, expiresAt }),
      ),
    );
    const admitted = results.filter((r) => r?.reserved).length;
    expect(admitted).toBe(Math.floor(1000 / 30));
    const after = await stored(dal);
    expect(after?.reservedCredits).toBe(admitted * 30);
    expect(after?.reservations).toHaveLength(admitted);
  });

  test('concurrent first reservations with initialBalance create one record and one refill at most', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances, transactions');
    const initialBalance = {
      tokenCredits: 0,
      autoRefillEnabled: true,
      refillAmount: 100,
      refillIntervalValue: 1,
      refillIntervalUnit: 'days' as const,
      lastRefill: new Date(0),
    };
    const expiresAt = new Date(Date.now() + HOUR);
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        dal.methods.reserveBalance({
          user: USER_A,
          reservationId: `r${i}`,
          amount: 10,
          expiresAt,
          initialBalance,
        }),
      ),
    );
    expect(await readBalances(dal, USER_A)).toHaveLength(1);
    const refills = await dal.methods.getTransactions({ user: USER_A, context: 'autoRefill' });
    expect(refills).toHaveLength(1);
    expect((await stored(dal))?.reservedCredits).toBe(100);
  });
});
