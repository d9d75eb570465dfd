/** The pg Pool for a PostgreSQL config, and a transaction helper. */
import pg from 'pg';
import type { PostgresConfig } from '../config.js';
import { DalConnectionError } from '../errors.js';

export type Queryable = Pick<pg.PoolClient, 'query'>;

// timestamptz → Date is pg's default; int8 (counts) → number where it fits.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export function createPool(config: PostgresConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    max: config.max ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000,
    application_name: 'librechat-dal',
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function describeTarget(config: PostgresConfig): string {
  if (config.connectionString) {
    try {
      const u = new URL(config.connectionString);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'POSTGRES_URL';
    }
  }
  return `${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
}

/** Opens one connection to fail fast with a clear message when the server is unreachable. */
export async function verifyConnection(pool: pg.Pool, config: PostgresConfig): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DalConnectionError(
      `Cannot connect to PostgreSQL at ${describeTarget(config)}: ${reason}`,
      'postgresql',
      { cause: error },
    );
  }
}

/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
