/**
 * The run's PostgreSQL server: PG_URL when set (a superuser URL of a server you own), else an
 * embedded PostgreSQL 17 in a temp dir on a free port. Creates `librechat_template` with every
 * migration applied; each test file's database is a copy of it.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '@librechat/dal';
import {
  findFreePort,
  initCluster,
  locateBinaries,
  type RunningPostgres,
  serverOsUser,
  startCluster,
} from '@librechat-db/embedded-postgres';
import pg from 'pg';
import { pgUrlFor } from './urls.js';

export const PG_TEMPLATE = 'librechat_template';
/** Per-file databases are named `<prefix><runId>_<random>`. */
export const TEST_DB_PREFIX = 'lct_';

export interface PostgresServer {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function createTemplate(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quote(PG_TEMPLATE)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${quote(PG_TEMPLATE)}`);
  });
  await runMigrations({ type: 'postgresql', connectionString: pgUrlFor(adminUrl, PG_TEMPLATE) });
}

/** If this process dies without teardown, stop the embedded server it started anyway. */
async function stopOnExit(dataDir: string): Promise<() => void> {
  const runAs = await serverOsUser();
  const bin = await locateBinaries(runAs);
  const handler = () => {
    spawnSync(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'immediate'], {
      stdio: 'ignore',
      ...(runAs.uid === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }),
    });
  };
  process.once('exit', handler);
  return () => process.off('exit', handler);
}

async function startEmbedded(): Promise<{
  server: RunningPostgres;
  root: string;
  cancelExitHook: () => void;
}> {
  // The parent must be searchable by the `postgres` OS user when we are root: os.tmpdir() is.
  const root = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-test-pg-'));
  await chmod(root, 0o711); // mkdtemp's 0700 would keep the `postgres` OS user out
  const dataDir = path.join(root, 'data');
  const password = `test-${randomBytes(12).toString('hex')}`;
  try {
    await initCluster({ dataDir, password });
    const server = await startCluster({ dataDir, password, port: await findFreePort() });
    const cancelExitHook = await stopOnExit(dataDir);
    return { server, root, cancelExitHook };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

export async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${TEST_DB_PREFIX}${runId}_%`],
    );
    for (const { datname } of rows) {
      await c.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
    }
  });
}

export async function startPostgres(runId: string): Promise<PostgresServer> {
  const external = process.env.PG_URL;
  if (external) {
    await createTemplate(external);
    return {
      adminUrl: external,
      template: PG_TEMPLATE,
      stop: () => dropRunDatabases(external, runId),
    };
  }
  const { server, root, cancelExitHook } = await startEmbedded();
  try {
    await createTemplate(server.url());
  } catch (error) {
    await server.stop().catch(() => {});
    cancelExitHook();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: server.url(),
    template: PG_TEMPLATE,
    async stop() {
      await server.stop();
      cancelExitHook();
      await rm(root, { recursive: true, force: true });
    },
  };
}
