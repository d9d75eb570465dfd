/**
 * Applies the schema migrations in `migrations/` (node-pg-migrate, SQL files) to a PostgreSQL
 * database. node-pg-migrate takes an advisory lock, so concurrent runs apply each migration once;
 * a run that finds the lock taken waits for it (node-pg-migrate itself gives up at once with
 * "Another migration is already running") and then applies whatever is still pending.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { PostgresConfig } from '../config.js';
import { DalConnectionError } from '../errors.js';

export const MIGRATIONS_TABLE = 'pgmigrations';

/** The migrations folder: copied beside the build (`dist/migrations`) or the repository's own. */
export function migrationsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'migrations'), // dist/index.js → dist/migrations
    path.join(here, '..', 'migrations'),
    path.join(here, '..', '..', '..', '..', 'migrations'), // src/migrate → repo root
    path.join(here, '..', '..', '..', 'migrations'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, '.migrations')));
  if (!found) throw new Error(`Cannot find the migrations folder (looked in ${candidates.join(', ')})`);
  return found;
}

export interface MigrationOptions {
  direction?: 'up' | 'down';
  /** How many migrations to apply (up) or revert (down); default all (up) / 1 (down). */
  count?: number;
  dryRun?: boolean;
  log?: (message: string) => void;
  /** `up`: how long to wait for another run's lock before failing (default 120 s). */
  lockTimeoutMs?: number;
}

/** node-pg-migrate's message when `pg_try_advisory_lock` fails. */
const LOCKED = 'Another migration is already running';

export interface MigrationResult {
  /** Names of the migrations applied or reverted, in order. */
  names: string[];
}

export function connectionOf(config: PostgresConfig): string | Record<string, unknown> {
  if (config.connectionString) return config.connectionString;
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
  };
}

export async function runMigrations(
  config: PostgresConfig,
  options: MigrationOptions = {},
): Promise<MigrationResult> {
  const direction = options.direction ?? 'up';
  const deadline = Date.now() + (options.lockTimeoutMs ?? 120_000);
  for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      return await runOnce(config, options, direction);
    } catch (error) {
      // Only `up` waits: a concurrent `down` must not revert one migration more per waiting run.
      const retry = direction === 'up' && (error as Error).message === LOCKED;
      if (!retry || Date.now() + wait > deadline) throw error;
      options.log?.(`${LOCKED}; waiting for its lock`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function runOnce(
  config: PostgresConfig,
  options: MigrationOptions,
  direction: 'up' | 'down',
): Promise<MigrationResult> {
  try {
    const ran = await runner({
      databaseUrl: connectionOf(config) as never,
      dir: migrationsDir(),
      migrationsTable: MIGRATIONS_TABLE,
      direction,
      count: options.count ?? (direction === 'up' ? Number.POSITIVE_INFINITY : 1),
      checkOrder: true,
      singleTransaction: true,
      dryRun: options.dryRun ?? false,
      ignorePattern: '\\..*',
      log: options.log ?? (() => {}),
      logger: options.log
        ? { debug: () => {}, info: options.log, warn: options.log, error: options.log }
        : { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    return { names: ran.map((m) => m.name) };
  } catch (error) {
    const err = error as Error & { code?: string };
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === '28P01') {
      throw new DalConnectionError(`Cannot run migrations: ${err.message}`, 'postgresql', {
        cause: error,
      });
    }
    throw error;
  }
}

/** Migration names in the folder, and which of them the database has applied. */
export async function migrationStatus(
  query: (sql: string) => Promise<{ rows: { name: string; run_on: Date }[] }>,
): Promise<{ applied: string[] }> {
  const exists = await query(
    `SELECT 1 AS name, now() AS run_on FROM information_schema.tables WHERE table_name = '${MIGRATIONS_TABLE}'`,
  );
  if (exists.rows.length === 0) return { applied: [] };
  const { rows } = await query(`SELECT name, run_on FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`);
  return { applied: rows.map((r) => r.name) };
}
