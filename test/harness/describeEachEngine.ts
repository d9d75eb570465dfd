/**
 * describeEachEngine(name, fn): the suite `fn` registers, once per engine, as
 * `[postgresql] <name>` and `[mongodb] <name>`, each with that engine's dal for this file.
 */
import type { AllMethods, Dal } from '@librechat/dal';
import { beforeAll, describe } from 'vitest';
import { ENGINES, type Engine } from './context.js';
import { fileDal } from './dal.js';
import { resetDal } from './reset.js';

export interface EngineSuiteContext {
  engine: Engine;
  /** This file's dal for the engine (available inside hooks and tests). */
  dal(): Dal;
  methods(): AllMethods;
  /** Empties the engine's database (tables truncated / documents deleted; schema kept). */
  reset(): Promise<void>;
}

export function describeEachEngine(name: string, fn: (ctx: EngineSuiteContext) => void): void {
  for (const engine of ENGINES) {
    describe(`[${engine}] ${name}`, () => {
      let current: Dal | undefined;
      beforeAll(async () => {
        current = await fileDal(engine);
      });
      const dal = () => {
        if (!current) throw new Error(`the ${engine} dal is only available inside hooks and tests`);
        return current;
      };
      fn({ engine, dal, methods: () => dal().methods, reset: () => resetDal(dal()) });
    });
  }
}
