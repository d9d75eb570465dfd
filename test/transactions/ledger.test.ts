import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { readBalances, readTransactions, seedBalance, USER_A, USER_B } from './support.js';

const convo = 'convo-1';

differential(
  'transactions › createTransaction prices prompt and completion, stores the ledger row',
  async ({ methods, dal }) => {
    const prompt = await methods.createTransaction({
      user: USER_A,
      conversationId: convo,
      model: 'gpt-4',
      context: 'message',
      tokenType: 'prompt',
      rawAmount: -100,
      inputTokenCount: 100,
    });
    const completion = await methods.createTransaction({
      user: USER_A,
      conversationId: convo,
      model: 'gpt-4o-mini',
      context: 'message',
      tokenType: 'completion',
      rawAmount: -37,
    });
    return { prompt, completion, stored: await readTransactions(dal) };
  },
);

differential(
  'transactions › createTransaction: incomplete completions pay the cancel rate; credits rate 1',
  async ({ methods, dal }) => {
    await methods.createTransaction({
      user: USER_A,
      model: 'claude-3-5-sonnet',
      context: 'incomplete',
      tokenType: 'completion',
      rawAmount: -333,
    });
    await methods.createTransaction({
      user: USER_A,
      context: 'incomplete',
      tokenType: 'prompt',
      rawAmount: -10,
      model: 'gpt-4',
    });
    await methods.createTransaction({
      user: USER_B,
      tokenType: 'credits',
      context: 'autoRefill',
      rawAmount: 5000,
    });
    return readTransactions(dal);
  },
);

differential(
  'transactions › createTransaction: valueKey, endpointTokenConfig and premium rates',
  async ({ methods, dal }) => {
    await methods.createTransaction({
      user: USER_A,
      model: 'whatever',
      valueKey: 'gpt-4',
      tokenType: 'prompt',
      rawAmount: -10,
    });
    await methods.createTransaction({
      user: USER_A,
      model: 'custom-model',
      tokenType: 'completion',
      rawAmount: -10,
      endpointTokenConfig: { 'custom-model': { prompt: 2, completion: 7.5 } },
    });
    await methods.createTransaction({
      user: USER_A,
      model: 'gemini-3.1-pro',
      tokenType: 'prompt',
      rawAmount: -250_000,
      inputTokenCount: 250_000,
    });
    await methods.createTransaction({
      user: USER_A,
      model: 'unknown-model-xyz',
      tokenType: 'prompt',
      rawAmount: -10,
    });
    return readTransactions(dal);
  },
);

differential(
  'transactions › createTransaction writes nothing for NaN amounts or disabled transactions',
  async ({ methods, dal }) => {
    const nan = await methods.createTransaction({ user: USER_A, tokenType: 'prompt', rawAmount: Number.NaN });
    const disabled = await methods.createTransaction({
      user: USER_A,
      tokenType: 'prompt',
      rawAmount: -5,
      transactions: { enabled: false },
      balance: { enabled: true },
    });
    return { nan, disabled, stored: await readTransactions(dal), balances: await readBalances(dal, USER_A) };
  },
);

differential(
  'transactions › createTransaction validation: missing tokenType, bad enum, malformed user',
  async ({ methods, dal }) => {
    const errors = [];
    for (const tx of [
      { user: USER_A, rawAmount: -1 },
      { user: USER_A, rawAmount: -1, tokenType: 'bogus' },
      { user: 'not-an-id', rawAmount: -1, tokenType: 'prompt' },
    ]) {
      errors.push(await methods.createTransaction(tx as never).catch((e: Error) => [e.name, e.message]));
    }
    return { errors, stored: await readTransactions(dal) };
  },
);

differential(
  'transactions › createStructuredTransaction prices cache writes and reads',
  async ({ methods, dal }) => {
    const prompt = await methods.createStructuredTransaction({
      user: USER_A,
      conversationId: convo,
      model: 'claude-3-5-sonnet',
      tokenType: 'prompt',
      inputTokens: -200,
      writeTokens: -1000,
      readTokens: -5000,
      inputTokenCount: 6200,
    });
    const noCache = await methods.createStructuredTransaction({
      user: USER_A,
      model: 'gpt-4',
      tokenType: 'prompt',
      inputTokens: -10,
      writeTokens: 0,
      readTokens: 0,
    });
    const empty = await methods.createStructuredTransaction({
      user: USER_A,
      model: 'gpt-4',
      tokenType: 'prompt',
    });
    const completion = await methods.createStructuredTransaction({
      user: USER_A,
      model: 'claude-3-5-sonnet',
      tokenType: 'completion',
      context: 'incomplete',
      rawAmount: 120,
    });
    return { prompt, noCache, empty, completion, stored: await readTransactions(dal) };
  },
);

differential(
  'transactions › createStructuredTransaction without tokenType, or disabled',
  async ({ methods, dal }) => {
    const untyped = await methods
      .createStructuredTransaction({ user: USER_A, rawAmount: -42, model: 'gpt-4' })
      .catch((e: Error) => [e.name, e.message]);
    const disabled = await methods.createStructuredTransaction({
      user: USER_A,
      tokenType: 'prompt',
      inputTokens: -5,
      transactions: { enabled: false },
    });
    return { untyped, disabled, stored: await readTransactions(dal) };
  },
);

differential(
  'transactions › bulkInsertTransactions inserts all, or nothing on a validation error',
  async ({ methods, dal }) => {
    const empty = await methods.bulkInsertTransactions([]);
    await methods.bulkInsertTransactions([
      {
        user: USER_A,
        conversationId: convo,
        tokenType: 'prompt',
        rawAmount: -10,
        tokenValue: -300,
        rate: 30,
        model: 'gpt-4',
      },
      {
        user: USER_A,
        conversationId: convo,
        tokenType: 'completion',
        rawAmount: -5,
        tokenValue: -300,
        rate: 60,
        messageId: 'm1',
      },
    ] as never);
    const invalid = await methods
      .bulkInsertTransactions([
        { user: USER_B, conversationId: 'c2', tokenType: 'prompt', rawAmount: -1 },
        { user: USER_B, conversationId: 'c2', tokenType: 'nope', rawAmount: -1 },
      ] as never)
      .catch((e: Error) => [e.name, e.message]);
    return { empty, invalid, stored: await readTransactions(dal) };
  },
);

async function seedLedger(methods: import('@librechat/dal').AllMethods): Promise<Date> {
  await methods.bulkInsertTransactions([
    {
      user: USER_A,
      conversationId: 'c1',
      tokenType: 'prompt',
      rawAmount: -100,
      model: 'gpt-4o',
      context: 'message',
    },
    {
      user: USER_A,
      conversationId: 'c1',
      tokenType: 'completion',
      rawAmount: -20,
      model: 'gpt-4o',
      context: 'message',
    },
    { user: USER_A, conversationId: 'c2', tokenType: 'prompt', rawAmount: -7, model: 'claude-3-haiku' },
    { user: USER_B, conversationId: 'c3', tokenType: 'credits', rawAmount: 1000, context: 'autoRefill' },
  ] as never);
  await new Promise((r) => setTimeout(r, 20));
  const cut = new Date();
  await new Promise((r) => setTimeout(r, 20));
  await methods.bulkInsertTransactions([
    {
      user: USER_B,
      conversationId: 'c3',
      tokenType: 'prompt',
      rawAmount: -55,
      model: 'gpt-4o-mini',
      messageId: 'm9',
    },
  ] as never);
  return cut;
}

differential('transactions › getTransactions with the filter operators callers use', async ({ methods }) => {
  const cut = await seedLedger(methods);
  const summary = (rows: unknown[]) =>
    (rows as Array<Record<string, unknown>>).map((r) => [r.conversationId, r.tokenType, r.rawAmount]);
  return {
    byUser: await methods.getTransactions({ user: USER_A }),
    inConvos: summary(await methods.getTransactions({ conversationId: { $in: ['c1', 'c3'] } })),
    notPrompt: summary(await methods.getTransactions({ tokenType: { $ne: 'prompt' } })),
    ninModels: summary(await methods.getTransactions({ model: { $nin: ['gpt-4o'] } })),
    after: summary(await methods.getTransactions({ createdAt: { $gte: cut } })),
    before: summary(await methods.getTransactions({ createdAt: { $lt: cut }, user: USER_B })),
    or: summary(
      await methods.getTransactions({ $or: [{ context: 'autoRefill' }, { rawAmount: { $lte: -50 } }] }),
    ),
    and: summary(await methods.getTransactions({ $and: [{ user: USER_A }, { rawAmount: { $gt: -50 } }] })),
    noContext: summary(await methods.getTransactions({ context: { $exists: false } })),
    regex: summary(await methods.getTransactions({ model: /^GPT-4o/i })),
    messageNull: summary(await methods.getTransactions({ messageId: null })),
    nothing: await methods.getTransactions({ conversationId: 'none' }),
  };
});

differential('transactions › getTransactions casts ids and rejects malformed ones', async ({ methods }) => {
  await seedLedger(methods);
  const byObjectIdString = (await methods.getTransactions({ user: { $in: [USER_B] } })).length;
  const malformed = await methods.getTransactions({ user: 'nope' }).catch((e: Error) => [e.name, e.message]);
  return { byObjectIdString, malformed };
});

differential(
  'transactions › deleteTransactions removes matches and reports the count',
  async ({ methods, dal }) => {
    await seedLedger(methods);
    const deleted = await methods.deleteTransactions({ user: USER_A, tokenType: 'prompt' });
    const none = await methods.deleteTransactions({ conversationId: 'missing' });
    return { deleted, none, left: (await readTransactions(dal)).length };
  },
);

describe('[postgresql] transactions › getTransactions outside the supported filter subset', () => {
  test('an unsupported operator is refused with its name', async () => {
    const { methods } = await fileDal('postgresql');
    await expect(methods.getTransactions({ $where: 'this.rawAmount < 0' } as never)).rejects.toThrow(
      /\$where/,
    );
    await expect(methods.getTransactions({ model: { $mod: [2, 0] } } as never)).rejects.toThrow(/\$mod/);
  });
});

// Charging a balance goes through upstream's updateBalance, whose lean findOneAndUpdate FerretDB
// refuses (allow-listed); these prove the PostgreSQL side on its own.
describe('[postgresql] transactions › createTransaction charges the balance', () => {
  test('charges the user, never below 0, and reports the new balance', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances, transactions');
    await seedBalance(dal, { user: USER_A, tokenCredits: 1000 });
    const promptRate = dal.methods.getMultiplier({ model: 'gpt-4', tokenType: 'prompt' });
    const completionRate = dal.methods.getMultiplier({ model: 'gpt-4', tokenType: 'completion' });
    const charged = await dal.methods.createTransaction({
      user: USER_A,
      model: 'gpt-4',
      tokenType: 'prompt',
      rawAmount: -10,
      balance: { enabled: true },
    });
    expect(charged).toEqual({
      rate: promptRate,
      user: USER_A,
      balance: 1000 - 10 * promptRate,
      prompt: -10 * promptRate,
    });
    const clamped = await dal.methods.createTransaction({
      user: USER_A,
      model: 'gpt-4',
      tokenType: 'completion',
      rawAmount: -1000,
      balance: { enabled: true },
    });
    expect(clamped).toEqual({
      rate: completionRate,
      user: USER_A,
      balance: 0,
      completion: -1000 * completionRate,
    });
    expect(await dal.methods.getTransactions({ user: USER_A })).toHaveLength(2);
  });

  test('a user without a balance record gets one (credits 0, upstream defaults)', async () => {
    const dal = await fileDal('postgresql');
    await dal.engine.pool!.query('TRUNCATE balances, transactions');
    const refill = await dal.methods.createTransaction({
      user: USER_B,
      tokenType: 'credits',
      rawAmount: 250,
      balance: { enabled: true },
    });
    expect(refill).toEqual({ rate: 1, user: USER_B, balance: 250, credits: 250 });
    const [record] = (await readBalances(dal, USER_B)) as Array<Record<string, unknown>>;
    expect(String(record?._id)).toBe(USER_B);
    expect(record).toMatchObject({
      tokenCredits: 250,
      autoRefillEnabled: false,
      refillIntervalValue: 30,
      refillIntervalUnit: 'days',
      refillAmount: 0,
    });
    expect(record?.lastRefill).toBeInstanceOf(Date);
  });
});
