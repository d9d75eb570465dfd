/**
 * The test harness: real PostgreSQL and MongoDB-wire servers (started by globalSetup), one
 * database of each per test file, and helpers to run the same tests on both engines.
 * See test/README.md.
 */
import './context.js';

export type { Engine, MongoKind } from './context.js';
export { ENGINES } from './context.js';
export { createEngineDal, type EngineDalOptions, fileDal, mongoIndexFailures } from './dal.js';
export { describeEachEngine, type EngineSuiteContext } from './describeEachEngine.js';
export {
  type DifferentialOptions,
  differential,
  type Scenario,
  type ScenarioContext,
} from './differential.js';
export { closeAtEnd, type Engines, ensureDatabases, getEngines } from './engines.js';
export { type CapturedError, describeError, type NormaliseOptions, normalise } from './normalise.js';
export { resetDal } from './reset.js';
