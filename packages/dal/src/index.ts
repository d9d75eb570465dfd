/**
 * @librechat/dal — LibreChat's data-access layer on MongoDB or PostgreSQL.
 *
 *   const dal = await createDal({ deps });      // reads DATABASE_TYPE, MONGO_URI, POSTGRES_* …
 *   const db = dal.methods;                     // typed as AllMethods from @librechat/data-schemas
 */
import type { Mongoose } from 'mongoose';
import { configFromEnv, type DalConfig } from './config.js';
import type { AllMethods, CreateMethodsDeps, MethodName } from './contract.js';
import { type SweepOptions, type SweepResult, sweepExpired } from './maintenance/sweepExpired.js';
import { createMongoBackend, type MongoCapabilities } from './mongo/backend.js';
import { createPostgresBackend, type PostgresCapabilities } from './postgres/backend.js';
import type { DalSearch } from './search/api.js';
import { resolveSearchConfig, type SearchConfig, searchConfigFromEnv } from './search/config.js';
import { createMongoSearch } from './search/mongo/index.js';

export interface CreateDalOptions {
  /** Explicit configuration; when absent it is read from `env` (default `process.env`). */
  config?: DalConfig;
  env?: Record<string, string | undefined>;
  /** The same dependencies LibreChat passes to `createMethods(mongoose, deps)`. */
  deps?: CreateMethodsDeps;
  /** MongoDB only: the Mongoose instance to register models on (default: the global one). */
  mongoose?: Mongoose;
  /** Search settings over those read from `env` (SEARCH, MEILI_HOST, MEILI_MASTER_KEY, …). */
  search?: Partial<SearchConfig>;
}

export interface Dal {
  type: DalConfig['type'];
  methods: AllMethods;
  health(): Promise<{ ok: true; latencyMs: number }>;
  capabilities(): Promise<MongoCapabilities | PostgresCapabilities>;
  close(): Promise<void>;
  /** Housekeeping a deployment schedules (docs/operators.md). */
  maintenance: {
    /**
     * PostgreSQL: deletes the rows MongoDB's TTL indexes would (expired sessions, tokens, keys, …),
     * in bounded batches; returns deleted counts per table. MongoDB: `{}` — its TTL indexes do it.
     */
    sweepExpired(options?: SweepOptions): Promise<SweepResult>;
  };
  /** MeiliSearch sync status, reindex, outbox (docs/search.md). */
  search: DalSearch;
  /** Methods that run natively on this engine (all of them on MongoDB). */
  implemented(): ReadonlySet<MethodName>;
  /** Engine handles for tools and tests. */
  engine: {
    mongoose?: Mongoose;
    pool?: import('pg').Pool;
    /** PostgreSQL: the MongoDB-collection-like view of each table (tools and tests). */
    collections?: import('./postgres/store/collections.js').Collections;
  };
}

export async function createDal(options: CreateDalOptions = {}): Promise<Dal> {
  const config = options.config ?? configFromEnv(options.env ?? process.env);
  const searchConfig = resolveSearchConfig({
    ...searchConfigFromEnv(options.env ?? process.env),
    ...options.search,
  });
  const deps = options.deps ?? {};
  if (config.type === 'mongodb') {
    const backend = await createMongoBackend(config, deps, options.mongoose);
    const all = new Set(Object.keys(backend.methods) as MethodName[]);
    return {
      type: 'mongodb',
      methods: backend.methods,
      health: backend.health,
      capabilities: backend.capabilities,
      close: backend.close,
      implemented: () => all,
      // MongoDB's TTL monitor deletes expired documents itself.
      maintenance: { sweepExpired: async () => ({}) },
      search: createMongoSearch(backend.mongoose, searchConfig),
      engine: { mongoose: backend.mongoose },
    };
  }
  const backend = await createPostgresBackend(config, deps, searchConfig);
  return {
    type: 'postgresql',
    methods: backend.methods,
    health: backend.health,
    capabilities: backend.capabilities,
    close: backend.close,
    implemented: () => backend.implemented,
    maintenance: { sweepExpired: (opts) => sweepExpired(backend.pool, backend.collections, opts) },
    search: backend.search,
    engine: { pool: backend.pool, collections: backend.collections },
  };
}

export type { DalConfig, DatabaseType, MongoConfig, PostgresConfig } from './config.js';
export { configFromEnv, DATABASE_TYPES, parseDatabaseType, redactUrl } from './config.js';
export type { AllMethods, CreateMethodsDeps, MethodGroup, MethodName } from './contract.js';
export { ALL_METHOD_NAMES, GROUP_OF, METHOD_GROUPS, UPSTREAM_VERSION } from './contract.js';
export {
  DalConfigError,
  DalConnectionError,
  NotImplementedOnPostgresError,
  UnsupportedFilterError,
} from './errors.js';
export type { SweepOptions, SweepResult } from './maintenance/sweepExpired.js';
export { SweepError } from './maintenance/sweepExpired.js';
export type { TtlRule } from './maintenance/ttlRules.js';
export { deriveTtlRules } from './maintenance/ttlRules.js';
export type { MigrationOptions, MigrationResult } from './migrate/runMigrations.js';
export { MIGRATIONS_TABLE, migrationsDir, runMigrations } from './migrate/runMigrations.js';
export type { MongoIndexFailure, MongoIndexRef, MongoIndexReport } from './mongo/indexes.js';
export { buildMongoIndexes, missingMongoIndexes } from './mongo/indexes.js';
export { implementedPostgresMethodNames } from './parity.js';
export * from './search/index.js';
export type { SeedCheck, SeedMethods } from './setup/seedDatabase.js';
export { checkSeed, DEFAULT_AGENT_CATEGORIES, seedDatabase } from './setup/seedDatabase.js';
export type { MongoCapabilities, PostgresCapabilities };
