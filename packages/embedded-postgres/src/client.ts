/** Talking to the server with `pg`: readiness and database creation. */
import pg from 'pg';
import { EmbeddedPostgresError } from './errors.js';

/** SQLSTATEs meaning "the server is not ready yet", as opposed to a wrong password. */
const NOT_YET = new Set(['57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function tryConnect(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves once `url` accepts a connection and a query (like pg_isready, but authenticated). */
export async function waitForPostgres(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await tryConnect(url);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!NOT_YET.has(code) || Date.now() > deadline) {
        throw new EmbeddedPostgresError(
          `PostgreSQL is not accepting connections: ${(error as Error).message}`,
          'NOT_READY',
          { cause: error },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Creates database `name` unless it exists; true when this call created it. */
export async function createDatabaseIfMissing(url: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return false; // created concurrently
      throw error;
    }
  } finally {
    await client.end().catch(() => {});
  }
}
