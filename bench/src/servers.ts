/**
 * The benchmark's servers: PostgreSQL from PG_URL (a superuser URL of a server you own) or an
 * embedded PostgreSQL 17 in a temp dir, with a fresh database migrated by runMigrations; the
 * MongoDB backend from MONGO_URL or the test suite's FerretDB build (test/harness/ferretdb.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '@librechat/dal';
import { findFreePort, initCluster, startCluster } from '@librechat-db/embedded-postgres';
import pg from 'pg';
import { startFerretdb } from '../../test/harness/ferretdb.ts';

export interface Servers {
  pgUrl: string;
  mongoUrl: string;
  mongoKind: 'mongodb' | 'ferretdb';
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL for a benchmark: PG_URL (a superuser URL) or an embedded cluster in a temp dir, and a
 * fresh database `<prefix>_<random>` migrated by runMigrations. What it starts is put on `stops`
 * (first the database drop, then the cluster).
 */
export async function startBenchPostgres(
  log: (line: string) => void,
  prefix: string,
  stops: (() => Promise<void>)[],
): Promise<{ url: string; database: string }> {
  let adminUrl = process.env.PG_URL;
  if (!adminUrl) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-bench-pg-'));
    await chmod(root, 0o711);
    const dataDir = path.join(root, 'data');
    const password = `bench-${randomBytes(12).toString('hex')}`;
    log('starting embedded PostgreSQL…');
    await initCluster({ dataDir, password });
    const server = await startCluster({ dataDir, password, port: await findFreePort() });
    adminUrl = server.url('postgres');
    stops.push(async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    });
  }
  const database = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${database}"`);
  const admin = adminUrl;
  stops.unshift(() => adminQuery(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  const url = withDatabase(adminUrl, database);
  await runMigrations({ type: 'postgresql', connectionString: url });
  return { url, database };
}

export async function startServers(
  log: (line: string) => void,
  { mongo }: { mongo: boolean } = { mongo: true },
): Promise<Servers> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops) await stop().catch(() => {});
  };
  try {
    return await start(log, mongo, stops, stopAll);
  } catch (error) {
    await stopAll(); // nothing this run started outlives a failed start
    throw error;
  }
}

async function start(
  log: (line: string) => void,
  mongo: boolean,
  stops: (() => Promise<void>)[],
  stopAll: () => Promise<void>,
): Promise<Servers> {
  const { url: pgUrl, database } = await startBenchPostgres(log, 'librechat_bench', stops);

  let mongoUrl = process.env.MONGO_URL ? withDatabase(process.env.MONGO_URL, database) : '';
  let mongoKind: Servers['mongoKind'] = 'mongodb';
  if (!mongoUrl && mongo) {
    log('starting FerretDB…');
    const ferret = await startFerretdb(log);
    mongoUrl = `${ferret.url}${database}`;
    mongoKind = 'ferretdb';
    stops.unshift(() => ferret.stop());
  }
  return {
    pgUrl,
    mongoUrl,
    mongoKind,
    stop: stopAll,
  };
}
