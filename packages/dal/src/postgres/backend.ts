/**
 * PostgreSQL backend: LibreChat's methods written natively on `pg`. Every contract name is
 * present; the ones not implemented yet throw NotImplementedOnPostgresError.
 */
import type pg from 'pg';
import type { PostgresConfig } from '../config.js';
import type { AllMethods, CreateMethodsDeps, MethodName } from '../contract.js';
import { createDocumentShaper } from '../documents/shaper.js';
import { resolveSearchConfig, type SearchConfig } from '../search/config.js';
import { createPostgresSearch, type PostgresSearch } from '../search/postgres/index.js';
import { implementedPostgresMethods } from './methods.js';
import { createPool, verifyConnection } from './pool.js';
import { buildRegistry } from './registry.js';
import { type Collections, createCollections } from './store/collections.js';

export interface PostgresCapabilities {
  engine: 'postgresql';
  version: string;
  serverVersionNum: number;
  transactions: true;
}

export interface PostgresBackend {
  type: 'postgresql';
  methods: AllMethods;
  pool: pg.Pool;
  collections: Collections;
  search: PostgresSearch['search'];
  implemented: ReadonlySet<MethodName>;
  health(): Promise<{ ok: true; latencyMs: number }>;
  capabilities(): Promise<PostgresCapabilities>;
  close(): Promise<void>;
}

export async function createPostgresBackend(
  config: PostgresConfig,
  deps: CreateMethodsDeps = {},
  searchConfig: SearchConfig = resolveSearchConfig({}),
): Promise<PostgresBackend> {
  const pool = createPool(config);
  try {
    await verifyConnection(pool, config);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const shaper = createDocumentShaper();
  const collections = createCollections(pool, shaper);
  const search = createPostgresSearch({ pool, shaper, collections, config: searchConfig });
  const { methods, implemented } = buildRegistry(
    implementedPostgresMethods({ pool, deps, shaper, collections, search: search.runtime }),
  );
  try {
    await search.start();
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return {
    type: 'postgresql',
    methods,
    pool,
    collections,
    search: search.search,
    implemented,
    async health() {
      const started = performance.now();
      await pool.query('SELECT 1');
      return { ok: true, latencyMs: performance.now() - started };
    },
    async capabilities() {
      const { rows } = await pool.query<{ version: string; num: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`,
      );
      const row = rows[0];
      return {
        engine: 'postgresql',
        version: row?.version ?? 'unknown',
        serverVersionNum: Number(row?.num ?? 0),
        transactions: true,
      };
    },
    async close() {
      await search.close();
      await pool.end();
    },
  };
}
