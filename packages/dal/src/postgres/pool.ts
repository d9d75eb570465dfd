/** The pg Pool for a PostgreSQL config, and a transaction helper. */
import { createHash } from 'node:crypto';
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
  if (config.preparedStatements === false) unpreparedPools.add(pool);
  return pool;
}

const unpreparedPools = new WeakSet<pg.Pool>();

/**
 * A hot query as pg's query config: a named statement (parsed and planned once per connection,
 * then only executed) unless the pool was configured without prepared statements. The name is
 * derived from the text, so each distinct SQL shape is one statement per connection.
 */
export function hotQuery(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  types?: pg.QueryConfig['types'],
): pg.QueryConfig {
  const config: pg.QueryConfig = { text, values, ...(types ? { types } : {}) };
  if (!unpreparedPools.has(pool))
    config.name = `dal_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return config;
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
