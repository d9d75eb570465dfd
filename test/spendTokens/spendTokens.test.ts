import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import {
  readBalances,
  readTransactions,
  seedBalance,
  USER_A,
  USER_B,
  withLoggedErrors,
} from '../transactions/support.js';

const base = { user: USER_A, conversationId: 'c1', model: 'gpt-4', context: 'message' };

differential(
  'spendTokens › spendTokens records prompt and completion transactions',
  async ({ methods, dal }) => {
    const result = await methods.spendTokens(base, { promptTokens: 120, completionTokens: 45 });
    return { result, ledger: await readTransactions(dal) };
  },
);

differential(
  'spendTokens › spendTokens: zero counts, negative counts, and missing counts',
  async ({ methods, dal }) => {
    await methods.spendTokens({ ...base, conversationId: 'zero' }, { promptTokens: 0, completionTokens: 0 });
    await methods.spendTokens(
      { ...base, conversationId: 'negative' },
      { promptTokens: -5, completionTokens: -9 },
    );
    await methods.spendTokens({ ...base, conversationId: 'completion-only' }, { completionTokens: 10 });
    await methods.spendTokens({ ...base, conversationId: 'none' }, {});
    await methods.spendTokens(
      { ...base, conversationId: 'disabled', transactions: { enabled: false } },
      { promptTokens: 5 },
    );
    return readTransactions(dal);
  },
);

differential('spendTokens › spendTokens logs and swallows a failed transaction', async ({ methods, dal }) => {
  const { result, loggedErrors } = await withLoggedErrors(() =>
    methods.spendTokens({ ...base, user: 'not-an-id' }, { promptTokens: 10, completionTokens: 10 }),
  );
  return { result, loggedErrors, ledger: await readTransactions(dal) };
});

differential(
  'spendTokens › spendTokens charges prompt and completion against the balance',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 10_000 });
    const { loggedErrors } = await withLoggedErrors(() =>
      methods.spendTokens(
        { ...base, balance: { enabled: true } },
        { promptTokens: 100, completionTokens: 50 },
      ),
    );
    return { loggedErrors, balance: await readBalances(dal, USER_A), ledger: await readTransactions(dal) };
  },
  { timeout: 90_000 },
);

differential(
  'spendTokens › spendStructuredTokens records cache-aware prompt and completion',
  async ({ methods, dal }) => {
    const both = await methods.spendStructuredTokens(
      { ...base, model: 'claude-3-5-sonnet' },
      { promptTokens: { input: 100, write: 400, read: 2000 }, completionTokens: 80 },
    );
    const clamped = await methods.spendStructuredTokens(
      { ...base, conversationId: 'clamped' },
      { promptTokens: { input: -3, write: 7 } },
    );
    const completionOnly = await methods.spendStructuredTokens(
      { ...base, conversationId: 'c-only' },
      { completionTokens: 5 },
    );
    const zero = await methods.spendStructuredTokens(
      { ...base, conversationId: 'zero' },
      { completionTokens: 0 },
    );
    return { both, clamped, completionOnly, zero, ledger: await readTransactions(dal) };
  },
);

differential(
  'spendTokens › spendStructuredTokens logs and swallows a failed transaction',
  async ({ methods, dal }) => {
    const { result, loggedErrors } = await withLoggedErrors(() =>
      methods.spendStructuredTokens(
        { ...base, user: USER_B, model: undefined, context: 'incomplete' } as never,
        {
          promptTokens: { input: Number.NaN },
          completionTokens: 3,
        },
      ),
    );
    return { result, loggedErrors, ledger: await readTransactions(dal) };
  },
);

differential(
  'spendTokens › spendStructuredTokens charges the balance and returns both results',
  async ({ methods, dal }) => {
    await seedBalance(dal, { user: USER_A, tokenCredits: 50_000 });
    const { result, loggedErrors } = await withLoggedErrors(() =>
      methods.spendStructuredTokens(
        { ...base, balance: { enabled: true } },
        { promptTokens: { input: 10, write: 20, read: 30 }, completionTokens: 40 },
      ),
    );
    return { result, loggedErrors, balance: await readBalances(dal, USER_A) };
  },
  { timeout: 90_000 },
);

// The charging paths above are allow-listed on FerretDB (upstream's updateBalance); here they are
// checked on PostgreSQL against upstream's own prices.
describe('[postgresql] spendTokens › charging the balance', () => {
  test('spendTokens charges prompt and completion at upstream’s rates', async () => {
    const dal = await fileDal('postgresql');
    const m = dal.methods;
    await dal.engine.pool!.query('TRUNCATE balances, transactions');
    await seedBalance(dal, { user: USER_A, tokenCredits: 10_000 });
    await m.spendTokens({ ...base, balance: { enabled: true } }, { promptTokens: 100, completionTokens: 50 });
    const cost =
      100 * m.getMultiplier({ model: 'gpt-4', tokenType: 'prompt', inputTokenCount: 100 }) +
      50 * m.getMultiplier({ model: 'gpt-4', tokenType: 'completion', inputTokenCount: 100 });
    expect((await m.findBalanceByUser(USER_A))?.tokenCredits).toBe(10_000 - cost);
    expect(await m.getTransactions({ user: USER_A })).toHaveLength(2);
  });

  test('spendStructuredTokens returns the prompt and completion results with the new balance', async () => {
    const dal = await fileDal('postgresql');
    const m = dal.methods;
    await dal.engine.pool!.query('TRUNCATE balances, transactions');
    await seedBalance(dal, { user: USER_A, tokenCredits: 50_000 });
    const result = await m.spendStructuredTokens(
      {
        ...base,
        endpointTokenConfig: { 'gpt-4': { prompt: 2, completion: 5, write: 3, read: 1 } },
        balance: { enabled: true },
      },
      { promptTokens: { input: 10, write: 20, read: 30 }, completionTokens: 40 },
    );
    const promptCost = 10 * 2 + 20 * 3 + 30 * 1;
    expect(result.prompt).toEqual({
      rate: promptCost / 60,
      user: USER_A,
      balance: 50_000 - promptCost,
      prompt: -promptCost,
    });
    expect(result.completion).toEqual({
      rate: 5,
      user: USER_A,
      balance: 50_000 - promptCost - 200,
      completion: -200,
    });
  });
});
