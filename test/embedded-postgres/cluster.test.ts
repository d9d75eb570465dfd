/** @librechat-db/embedded-postgres with the real PostgreSQL 17 binaries. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  clusterStatus,
  createDatabaseIfMissing,
  EmbeddedPostgresError,
  findFreePort,
  initCluster,
  type RunningPostgres,
  startCluster,
  stopCluster,
} from '@librechat-db/embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const isRoot = process.getuid?.() === 0;
const password = "pa ss'w@rd:/%";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded-postgres', () => {
  let root: string;
  let dataDir: string;
  let server: RunningPostgres | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-ep-test-'));
    await chmod(root, 0o711);
    dataDir = path.join(root, 'data');
  });

  afterAll(async () => {
    await stopCluster(dataDir).catch(() => {});
    await rm(root, { recursive: true, force: true });
  });

  it('initialises a cluster once', async () => {
    await initCluster({ dataDir, password });
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    const st = await stat(dataDir);
    expect(st.mode & 0o777).toBe(0o700);
    if (isRoot) expect(st.uid).not.toBe(0);
    const started = Date.now();
    await initCluster({ dataDir, password: 'ignored' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('starts, accepts the password and serves PostgreSQL 17', async () => {
    const port = await findFreePort();
    server = await startCluster({ dataDir, password, port });
    expect(server).toMatchObject({ port, host: '127.0.0.1', user: 'postgres', dataDir });
    const [row] = await query<{ v: string; enc: string }>(
      server.url(),
      "SELECT current_setting('server_version') AS v, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = 'postgres'",
    );
    expect(row?.v).toMatch(/^17\./);
    expect(row?.enc).toBe('UTF8');
    const [lower] = await query<{ l: string }>(server.url(), "SELECT lower('ÉCOLE') AS l");
    expect(lower?.l).toBe('école');
    expect(await clusterStatus(dataDir)).toMatchObject({ running: true, port });
  });

  it('rejects a wrong password', async () => {
    const wrong = server!.url().replace(encodeURIComponent(password), 'nope');
    await expect(query(wrong, 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
  });

  it('creates a database only when missing', async () => {
    expect(await createDatabaseIfMissing(server!.url(), 'Libre Chat')).toBe(true);
    expect(await createDatabaseIfMissing(server!.url(), 'Libre Chat')).toBe(false);
    await query(
      server!.url('Libre Chat'),
      "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives restarts')",
    );
  });

  it('returns the running server when started again', async () => {
    const again = await startCluster({ dataDir, password, port: await findFreePort() });
    expect(again.port).toBe(server!.port);
  });

  it('stops, and restarts with the same data', async () => {
    await server!.stop();
    expect(await clusterStatus(dataDir)).toEqual({ running: false });
    await expect(query(server!.url(), 'SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await stopCluster(dataDir); // already stopped: no-op
    server = await startCluster({ dataDir, password, port: await findFreePort() });
    const rows = await query<{ v: string }>(server.url('Libre Chat'), 'SELECT v FROM kept');
    expect(rows).toEqual([{ v: 'survives restarts' }]);
    await server.stop();
    expect((await clusterStatus(dataDir)).running).toBe(false);
  });

  it('explains a failed start with the end of the server log', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startCluster({ dataDir, password, port, startTimeoutMs: 15_000 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EmbeddedPostgresError);
      expect((error as EmbeddedPostgresError).code).toBe('START_FAILED');
      expect((error as Error).message).toMatch(/could not (bind|create listen socket)/i);
      expect((error as Error).message).not.toContain(password);
    } finally {
      blocker.close();
    }
    expect((await clusterStatus(dataDir)).running).toBe(false);
  });

  it('keeps running after the process that started it exits', async () => {
    const port = await findFreePort();
    const script = `
      import { startCluster } from '@librechat-db/embedded-postgres';
      await startCluster({ dataDir: ${JSON.stringify(dataDir)}, password: ${JSON.stringify(password)}, port: ${port} });
      process.exit(0);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.dirname(new URL(import.meta.url).pathname),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const status = await clusterStatus(dataDir);
    expect(status).toMatchObject({ running: true, port });
    const [row] = await query<{ one: number }>(
      `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      'SELECT 1 AS one',
    );
    expect(row?.one).toBe(1);
    await stopCluster(dataDir);
    expect((await clusterStatus(dataDir)).running).toBe(false);
  });

  it.runIf(isRoot)(
    'as root, refuses a data dir the postgres user cannot reach, naming the directory',
    async () => {
      const locked = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-ep-locked-')); // mode 0700
      try {
        const error = await initCluster({ dataDir: path.join(locked, 'pg'), password }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(EmbeddedPostgresError);
        expect((error as EmbeddedPostgresError).code).toBe('NOT_TRAVERSABLE');
        expect((error as Error).message).toContain(locked);
        expect((error as Error).message).toContain('chmod o+x');
      } finally {
        await rm(locked, { recursive: true, force: true });
      }
    },
  );

  it('finds a free port', async () => {
    const port = await findFreePort();
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    probe.close();
  });
});
