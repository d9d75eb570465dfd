import type { CreateMethodsDeps, Dal } from '@librechat/dal';
import { expect, test } from 'vitest';
import { createEngineDal, differential, type Engine, normalise, resetDal } from '../harness/index.js';
import { readTransactions, USER_A } from './support.js';

const models = [
  'gpt-4',
  'gpt-4o-mini',
  'claude-3-5-sonnet',
  'gemini-3.1-pro',
  'llama3-70b',
  'unknown-xyz',
  undefined,
];

function pricingGrid(m: import('@librechat/dal').AllMethods) {
  return models.map((model) => ({
    model,
    valueKey: model ? m.getValueKey(model) : null,
    prompt: m.getMultiplier({ model, tokenType: 'prompt' }),
    completion: m.getMultiplier({ model, tokenType: 'completion' }),
    premium: m.getMultiplier({ model, tokenType: 'prompt', inputTokenCount: 300_000 }),
    noType: m.getMultiplier({ model }),
    write: m.getCacheMultiplier({ model, cacheType: 'write' }),
    read: m.getCacheMultiplier({ model, cacheType: 'read' }),
    premiumRate: model ? m.getPremiumRate(model, 'prompt', 300_000) : null,
    endpoint: m.getMultiplier({
      model: 'custom',
      tokenType: 'completion',
      endpointTokenConfig: { custom: { prompt: 1.5, completion: 4 } },
    }),
  }));
}

differential('tx › pricing tables and multipliers are upstream’s', async ({ methods }) => ({
  defaultRate: methods.defaultRate,
  tokenValues: methods.tokenValues,
  premiumTokenValues: methods.premiumTokenValues,
  cacheTokenValues: methods.cacheTokenValues,
  grid: pricingGrid(methods),
}));

/** LibreChat passes its model matchers as deps; the pricing must use them on both engines. */
const deps: CreateMethodsDeps = {
  matchModelName: (model: string) => model,
  findMatchingPattern: (model: string, values: Record<string, unknown>) => {
    let best: string | undefined;
    for (const key of Object.keys(values)) {
      if (model.includes(key) && (best === undefined || key.length >= best.length)) best = key;
    }
    return best;
  },
};

test('[differential] tx › pricing and ledger rates with LibreChat’s model matchers (deps)', async () => {
  const results: Partial<Record<Engine, unknown>> = {};
  const dals: Dal[] = [];
  try {
    for (const engine of ['mongodb', 'postgresql'] as const) {
      const dal = await createEngineDal(engine, { deps });
      dals.push(dal);
      await resetDal(dal);
      const start = Date.now();
      const m = dal.methods;
      await m.createTransaction({
        user: USER_A,
        model: 'gpt-4o-mini',
        tokenType: 'prompt',
        rawAmount: -1000,
      });
      await m.createTransaction({
        user: USER_A,
        model: 'claude-3-5-sonnet',
        tokenType: 'completion',
        rawAmount: -80,
        context: 'incomplete',
      });
      await m.createStructuredTransaction({
        user: USER_A,
        model: 'claude-3-5-sonnet',
        tokenType: 'prompt',
        inputTokens: -100,
        writeTokens: -400,
        readTokens: -2000,
        inputTokenCount: 2500,
      });
      await m.createTransaction({
        user: USER_A,
        model: 'gemini-3.1-pro-preview',
        tokenType: 'prompt',
        rawAmount: -300_000,
        inputTokenCount: 300_000,
      });
      const raw = { grid: pricingGrid(m), stored: await readTransactions(dal) };
      results[engine] = normalise(raw, { window: { start, end: Date.now() } });
    }
  } finally {
    await Promise.all(dals.map((d) => d.close()));
  }
  // the matchers changed the prices (otherwise every known model would cost defaultRate)
  expect(JSON.stringify(results.postgresql)).toContain('"valueKey":"gpt-4o-mini"');
  expect(results.postgresql).toEqual(results.mongodb);
});
