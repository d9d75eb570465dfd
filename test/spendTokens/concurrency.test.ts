/**
 * 200 concurrent spendTokens for one user, on each engine. On PostgreSQL the final balance must
 * equal the arithmetic expectation exactly (updateBalance is one atomic statement). On the
 * MongoDB side the test records what upstream's optimistic compare-and-set path did — FerretDB
 * (standalone, no transactions, no findAndModify with projection) is reported, not judged.
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { readBalances, seedBalance, USER_A, withLoggedErrors } from '../transactions/support.js';

const CALLS = 200;
const START = 10_000_000;
// Integer rates, so the expected total does not depend on the order the charges land in.
const endpointTokenConfig = { 'bench-model': { prompt: 3, completion: 11 } };
const usage = (i: number) => ({ promptTokens: 100 + (i % 17) * 13, completionTokens: 20 + (i % 7) * 5 });

function expectedCost(m: AllMethods): number {
  let cost = 0;
  for (let i = 0; i < CALLS; i++) {
    const { promptTokens, completionTokens } = usage(i);
    const rate = (tokenType: 'prompt' | 'completion') =>
      m.getMultiplier({
        model: 'bench-model',
        tokenType,
        endpointTokenConfig,
        inputTokenCount: promptTokens,
      });
    cost += promptTokens * rate('prompt') + completionTokens * rate('completion');
  }
  return cost;
}

async function run(dal: Dal, start: number) {
  await resetDal(dal);
  await seedBalance(dal, { user: USER_A, tokenCredits: start });
  const began = Date.now();
  const { loggedErrors } = await withLoggedErrors(() =>
    Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        dal.methods.spendTokens(
          {
            user: USER_A,
            conversationId: `c${i}`,
            model: 'bench-model',
            context: 'message',
            endpointTokenConfig,
            balance: { enabled: true },
          },
          usage(i),
        ),
      ),
    ),
  );
  const [record] = (await readBalances(dal, USER_A)) as Array<{ tokenCredits: number }>;
  return {
    final: record?.tokenCredits,
    ledgerRows: (await dal.methods.getTransactions({ user: USER_A })).length,
    loggedErrors,
    ms: Date.now() - began,
  };
}

describe('[postgresql] spendTokens › 200 concurrent spendTokens for one user', () => {
  test('the final balance is the start balance minus every charge, exactly', async (ctx) => {
    const dal = await fileDal('postgresql');
    const cost = expectedCost(dal.methods);
    const r = await run(dal, START);
    const line = `postgresql: start ${START}, expected ${START - cost}, final ${r.final}, ledger rows ${r.ledgerRows}, logged errors ${r.loggedErrors.length}, ${r.ms} ms`;
    console.log(line);
    await ctx.annotate(line, 'concurrency');
    expect(r.loggedErrors).toEqual([]);
    expect(r.ledgerRows).toBe(2 * CALLS);
    expect(r.final).toBe(START - cost);
  });

  test('charges beyond the credits floor at exactly 0', async () => {
    const dal = await fileDal('postgresql');
    const r = await run(dal, 5000);
    expect(r.loggedErrors).toEqual([]);
    expect(r.ledgerRows).toBe(2 * CALLS);
    expect(r.final).toBe(0);
  });
});

describe('[mongodb] spendTokens › 200 concurrent spendTokens for one user', () => {
  test('runs upstream’s path and reports the outcome', { timeout: 180_000 }, async (ctx) => {
    const dal = await fileDal('mongodb');
    const cost = expectedCost(dal.methods);
    const r = await run(dal, START);
    const failures = r.loggedErrors.filter((e) => e.startsWith('[spendTokens]'));
    const reasons = [...new Set(failures.map((e) => e.replace('[spendTokens] ', '').slice(0, 120)))];
    const line =
      `mongodb (${process.env.MONGO_URL ? 'MongoDB' : 'FerretDB'}): start ${START}, expected ${START - cost}, ` +
      `final ${r.final} (${r.final === START - cost ? 'exact' : `off by ${(r.final ?? 0) - (START - cost)}`}), ` +
      `ledger rows ${r.ledgerRows}/${2 * CALLS}, spendTokens calls that logged a failure ${failures.length}` +
      `${reasons.length ? ` (${reasons.join('; ')})` : ''}, ${r.ms} ms`;
    console.log(line);
    await ctx.annotate(line, 'concurrency');
    // Only that it ran: the balance record is still there and the ledger was written to.
    expect(typeof r.final).toBe('number');
    expect(r.ledgerRows).toBeGreaterThan(0);
  });
});
