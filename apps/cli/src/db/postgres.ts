/** PostgreSQL connections from a DAL config (the `.env`), for the setup steps and doctor. */
import type { PostgresConfig } from '@librechat/dal';
import pg from 'pg';

export function clientConfig(config: PostgresConfig, database?: string): pg.ClientConfig {
  if (config.connectionString) {
    const url = new URL(config.connectionString);
    if (database) url.pathname = `/${encodeURIComponent(database)}`;
    return {
      connectionString: url.toString(),
      ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
      connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000,
    };
  }
  return {
    host: config.host,
    port: config.port,
    database: database ?? config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000,
  };
}

/** The database the config names (libpq's default: the user name). */
export function databaseOf(config: PostgresConfig): string {
  if (config.connectionString) {
    const name = decodeURIComponent(new URL(config.connectionString).pathname.replace(/^\//, ''));
    if (name) return name;
    return decodeURIComponent(new URL(config.connectionString).username) || 'postgres';
  }
  return config.database ?? config.user ?? 'postgres';
}

export async function withClient<T>(
  config: PostgresConfig,
  database: string | undefined,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(clientConfig(config, database));
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the config's database when it does not exist, connected to the maintenance database
 * `postgres` on the same server. Returns true when it created it.
 */
export async function ensureDatabase(config: PostgresConfig): Promise<boolean> {
  const name = databaseOf(config);
  try {
    await withClient(config, undefined, async () => undefined);
    return false; // it exists: we could connect to it
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: database does not exist
  }
  return withClient(config, 'postgres', async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return false; // created concurrently
      throw error;
    }
  });
}
