/**
 * differential(name, scenario): one test, `[differential] <name>`, that empties both
 * databases, runs the scenario on MongoDB (the reference: upstream's behaviour) and on
 * PostgreSQL, normalises both results (see normalise.ts) and asserts they are deeply equal.
 * A thrown error is the result `{ error: { name, message, code } }`, so error parity is
 * asserted by letting the call throw.
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { expect, inject, type TestContext, test } from 'vitest';
import { allowListEntry } from './allowlist.js';
import type { Engine } from './context.js';
import { fileDal, mongoIndexFailures } from './dal.js';
import { describeError, type NormaliseOptions, normalise, reconcileDateLabels } from './normalise.js';
import { comparable, type EngineResults, isScenarioBug, verdict } from './parity.js';
import { resetDal } from './reset.js';
import { fullTestName } from './taskName.js';

export interface ScenarioContext {
  engine: Engine;
  methods: AllMethods;
  dal: Dal;
}

export type Scenario = (ctx: ScenarioContext) => Promise<unknown>;

export interface DifferentialOptions {
  /** Sort every array before comparing (results whose order is unspecified). */
  unordered?: boolean;
  /**
   * Why the engines' error *messages* may legitimately differ: with it, a captured error is
   * compared by `name` and `code` only. Everything else is still compared exactly.
   */
  allow?: string;
  /** `true`: compare every Date exactly; a list: these instants exactly (see normalise.ts). */
  exactDates?: boolean | readonly Date[];
  /** Dotted paths removed before comparing (`*` = any key/index), e.g. `latencyMs`. */
  ignore?: readonly string[];
  /** Test timeout in ms (default: vitest's testTimeout). */
  timeout?: number;
}

/** MongoDB first: it is the reference the PostgreSQL result must equal. */
const ORDER: readonly Engine[] = ['mongodb', 'postgresql'];

async function runOn(engine: Engine, scenario: Scenario, options: DifferentialOptions): Promise<unknown> {
  const dal = await fileDal(engine);
  await resetDal(dal);
  const start = Date.now();
  let raw: unknown;
  try {
    raw = await scenario({ engine, methods: dal.methods, dal });
  } catch (error) {
    if (isScenarioBug(error)) throw error;
    raw = describeError(error);
  }
  const normaliseOptions: NormaliseOptions = {
    window: { start, end: Date.now() },
    ...(options.unordered ? { unordered: true } : {}),
    ...(options.exactDates !== undefined ? { exactDates: options.exactDates } : {}),
    ...(options.ignore ? { ignore: options.ignore } : {}),
  };
  return normalise(raw, normaliseOptions);
}

async function assertParity(
  ctx: TestContext,
  full: EngineResults,
  options: DifferentialOptions,
): Promise<void> {
  const entry = inject('mongoKind') === 'ferretdb' ? allowListEntry(fullTestName(ctx.task)) : undefined;
  const setupErrors = mongoIndexFailures().map((f) => `${f.model}: ${f.message}`);
  const v = verdict(full, options.allow !== undefined, entry, setupErrors);
  const { mongodb, postgresql } = comparable(full, options.allow !== undefined);
  switch (v.kind) {
    case 'equal':
      return;
    case 'different':
      expect(postgresql, 'PostgreSQL result (received) vs MongoDB result (expected)').toEqual(mongodb);
      return;
    case 'stale-entry':
      throw new Error(
        `"${v.entry.test}" is in test/ferretdb-allowlist.json (${v.entry.feature}) but FerretDB now gives the same result as PostgreSQL: the allow-list entry is no longer needed; remove it`,
      );
    case 'unexplained':
      expect(
        postgresql,
        `allow-listed FerretDB gap "${v.entry.feature}" does not explain this difference: neither the MongoDB side's result nor this file's FerretDB index-build errors contain the text ${JSON.stringify(v.entry.ferretdbError)}`,
      ).toEqual(mongodb);
      return;
    case 'allowed-gap':
      ctx.task.meta.ferretdbGap = { feature: v.entry.feature, ferretdbError: v.entry.ferretdbError };
      await ctx.annotate(
        `allowed FerretDB gap: ${v.entry.feature} ("${v.entry.ferretdbError}")`,
        'ferretdb-gap',
      );
  }
}

export function differential(name: string, scenario: Scenario, options: DifferentialOptions = {}): void {
  test(
    `[differential] ${name}`,
    async (ctx) => {
      const results: EngineResults = { mongodb: undefined, postgresql: undefined };
      for (const engine of ORDER) results[engine] = await runOn(engine, scenario, options);
      results.postgresql = reconcileDateLabels(results.mongodb, results.postgresql);
      await assertParity(ctx, results, options);
    },
    options.timeout,
  );
}
