/**
 * End-to-end tests of the built `librechat-db` binary (apps/cli/dist/main.js): it is run with
 * execa, without a terminal, in a fresh temp folder, and drives a real embedded PostgreSQL.
 * `pnpm test` builds everything first; alone: `pnpm build && pnpm --filter @librechat-db/test exec vitest run e2e`.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopCluster } from '@librechat-db/embedded-postgres';
import { execa, type Result } from 'execa';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(repoRoot, 'apps', 'cli', 'dist', 'main.js');

/** The environment without database variables, so only the .env under test counts. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k === 'DATABASE_TYPE' || k.startsWith('POSTGRES_') || k.startsWith('MONGO_')) continue;
    env[k] = v;
  }
  return env;
}

/** Starting PostgreSQL on a busy 2-core CI machine can take a while. */
const SLOW = 180_000;

const outputs: string[] = [];

async function cli(cwd: string, args: string[]): Promise<Result> {
  const result = await execa('node', [CLI, ...args], {
    cwd,
    env: cleanEnv(),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  });
  outputs.push(String(result.stdout), String(result.stderr));
  return result;
}

function ndjson(stdout: unknown): Record<string, unknown>[] {
  return String(stdout)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([\w.-]+)=(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

async function makeTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  // As root the server runs as the OS user `postgres`, which must be able to enter the folder.
  await fs.chmod(dir, 0o755);
  return dir;
}

// Pre-existing content that init must keep byte for byte (comments, blank lines, quoting,
// `export`, an inline comment) and one key it must update in place.
const ORIGINAL_ENV = [
  '# LibreChat settings',
  'HOST=localhost',
  'PORT=3080',
  '',
  'MONGO_URI="mongodb://127.0.0.1:27017/LibreChat"',
  "CREDS_KEY='f34be427ebb29de8d88c107a71546019685ed8b241d8f2ed00c3df97ad2566f0' # keep secret",
  'export DEBUG_LOGGING=true',
  'DATABASE_TYPE=mongodb # switched by librechat-db',
  '#POSTGRES_HOST=commented-out',
  'SEARCH=true',
  '',
].join('\n');

describe('librechat-db CLI (built binary)', () => {
  let dir: string;
  let dataDir: string;
  let envPath: string;
  let env: Record<string, string> = {};
  let initWallMs = 0;

  beforeAll(async () => {
    if (!existsSync(CLI)) {
      throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
    }
    dir = await makeTempDir('librechat-db-e2e-');
    dataDir = path.join(dir, 'data', 'postgres');
    envPath = path.join(dir, '.env');
    await fs.writeFile(envPath, ORIGINAL_ENV, { mode: 0o644 });
  });

  afterAll(async () => {
    if (!dir) return;
    await cli(dir, ['down']).catch(() => undefined);
    await stopCluster(dataDir).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }, SLOW);

  it(
    '--help lists the commands',
    async () => {
      const r = await cli(dir, ['--help']);
      expect(r.exitCode).toBe(0);
      for (const command of ['init', 'doctor', 'reindex', 'up', 'down', 'status', 'migrate']) {
        expect(String(r.stdout)).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
      }
    },
    SLOW,
  );

  it(
    'without a terminal and without --yes, init exits non-zero naming --yes and changes nothing',
    async () => {
      const r = await cli(dir, ['init']);
      expect(r.exitCode).toBe(2);
      expect(String(r.stderr)).toContain('--yes');
      expect(existsSync(path.join(dir, 'data'))).toBe(false);
      expect(await fs.readFile(envPath, 'utf8')).toBe(ORIGINAL_ENV);
    },
    SLOW,
  );

  it(
    'init --yes creates a working database and writes .env',
    async () => {
      const started = performance.now();
      const r = await cli(dir, ['init', '--yes']);
      initWallMs = Math.round(performance.now() - started);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      console.log(`init --yes (new cluster) took ${initWallMs}ms`);
      expect(String(r.stdout)).toContain('POSTGRES_PASSWORD=<generated, hidden>');

      const text = await fs.readFile(envPath, 'utf8');
      env = parseEnv(text);
      expect(env.DATABASE_TYPE).toBe('postgresql');
      expect(env.POSTGRES_HOST).toBe('127.0.0.1');
      expect(env.POSTGRES_DATABASE).toBe('librechat');
      expect(env.POSTGRES_USERNAME).toBe('postgres');
      expect(env.POSTGRES_PASSWORD?.length).toBeGreaterThanOrEqual(24);
      expect(Number(env.POSTGRES_PORT)).toBeGreaterThan(0);

      // mode 0600
      expect((await fs.stat(envPath)).mode & 0o777).toBe(0o600);

      // Every original line is kept byte for byte in place, except DATABASE_TYPE updated in place
      // (with its inline comment); new keys are appended under the `# librechat-db` comment.
      const before = ORIGINAL_ENV.split('\n');
      const after = text.split('\n');
      before.forEach((line, i) => {
        if (line.startsWith('DATABASE_TYPE=')) {
          expect(after[i]).toBe('DATABASE_TYPE=postgresql # switched by librechat-db');
        } else if (i < before.length - 1) {
          expect(after[i]).toBe(line);
        }
      });
      expect(text).toContain('\n# librechat-db\n');
      expect(text.match(/^DATABASE_TYPE=/gm)).toHaveLength(1);
      expect(text).toContain('#POSTGRES_HOST=commented-out\n');

      // a backup of the original, byte for byte
      const backups = (await fs.readdir(dir)).filter((f) => f.startsWith('.env.bak-'));
      expect(backups).toHaveLength(1);
      expect(await fs.readFile(path.join(dir, backups[0] as string), 'utf8')).toBe(ORIGINAL_ENV);

      // the state file records the port, not the password
      const stateText = await fs.readFile(path.join(dataDir, 'librechat-db.json'), 'utf8');
      const state = JSON.parse(stateText) as { port: number; user: string; createdAt: string };
      expect(state.port).toBe(Number(env.POSTGRES_PORT));
      expect(state.user).toBe('postgres');
      expect(state.createdAt).toBeTruthy();
      expect(stateText).not.toContain(env.POSTGRES_PASSWORD);

      // the database works with the .env values: migrations applied, users table present
      const client = new pg.Client({
        host: env.POSTGRES_HOST,
        port: Number(env.POSTGRES_PORT),
        database: env.POSTGRES_DATABASE,
        user: env.POSTGRES_USERNAME,
        password: env.POSTGRES_PASSWORD,
      });
      await client.connect();
      try {
        const migrations = await client.query('SELECT name FROM pgmigrations');
        expect(migrations.rowCount).toBeGreaterThan(0);
        const users = await client.query("SELECT to_regclass('users') AS t");
        expect(users.rows[0]?.t).toBe('users');
      } finally {
        await client.end();
      }
    },
    SLOW,
  );

  it(
    're-running init --yes changes nothing',
    async () => {
      const stat = await fs.stat(envPath);
      const text = await fs.readFile(envPath, 'utf8');
      const r = await cli(dir, ['--json', 'init', '--yes']);
      expect(r.exitCode, String(r.stdout)).toBe(0);
      const events = ndjson(r.stdout);
      const result = events.find((e) => e.event === 'result') as {
        clusterCreated: boolean;
        databaseCreated: boolean;
        migrationsApplied: string[];
        port: number;
        env: { changed: boolean };
      };
      expect(result.clusterCreated).toBe(false);
      expect(result.databaseCreated).toBe(false);
      expect(result.migrationsApplied).toEqual([]);
      expect(result.env.changed).toBe(false);
      expect(result.port).toBe(Number(env.POSTGRES_PORT));
      // write .env, start, create database, migrations, seed, health, meili: all ran, none skipped
      expect(events.filter((e) => e.event === 'step' && e.status === 'done')).toHaveLength(7);

      expect(await fs.readFile(envPath, 'utf8')).toBe(text);
      expect((await fs.stat(envPath)).mtimeMs).toBe(stat.mtimeMs);
      const backups = (await fs.readdir(dir)).filter((f) => f.startsWith('.env.bak-'));
      expect(backups).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'status reports running; migrate status is in sync',
    async () => {
      const r = await cli(dir, ['status']);
      expect(r.exitCode).toBe(0);
      expect(String(r.stdout)).toContain('running');
      expect(String(r.stdout)).toContain(`:${env.POSTGRES_PORT}`);

      const j = await cli(dir, ['--json', 'status']);
      const status = ndjson(j.stdout).find((e) => e.event === 'result');
      expect(status).toMatchObject({ running: true, port: Number(env.POSTGRES_PORT) });
      expect(typeof status?.pid).toBe('number');

      const m = await cli(dir, ['migrate', 'status']);
      expect(m.exitCode, String(m.stdout)).toBe(0);
      expect(String(m.stdout)).toContain('in sync');

      const doctor = await cli(dir, ['--json', 'doctor']);
      expect(doctor.exitCode, String(doctor.stdout)).toBe(0);
      const checks = ndjson(doctor.stdout).filter((e) => e.event === 'check');
      expect(Object.fromEntries(checks.map((c) => [c.id, c.status]))).toEqual({
        env: 'ok',
        connection: 'ok',
        version: 'ok',
        capabilities: 'ok',
        migrations: 'ok',
        indexes: 'skip',
        seed: 'ok',
        // the original .env has SEARCH=true without MEILI_HOST: LibreChat keeps search off
        meili: 'warn',
      });
    },
    SLOW,
  );

  it(
    'down stops the server and up starts it again on the recorded port',
    async () => {
      const down = await cli(dir, ['down']);
      expect(down.exitCode, String(down.stderr)).toBe(0);
      const stopped = await cli(dir, ['--json', 'status']);
      expect(stopped.exitCode).toBe(1);
      expect(ndjson(stopped.stdout).find((e) => e.event === 'result')).toMatchObject({ running: false });
      await expect(canConnect(env)).resolves.toBe(false);

      // doctor: the engine is down (exit 11), and the line names the command that fixes it
      const doctor = await cli(dir, ['doctor']);
      expect(doctor.exitCode, String(doctor.stdout)).toBe(11);
      expect(String(doctor.stdout)).toMatch(/FAIL {2}connection .* — fix: librechat-db up$/m);

      const up = await cli(dir, ['up']);
      expect(up.exitCode, String(up.stderr)).toBe(0);
      const running = await cli(dir, ['--json', 'status']);
      expect(running.exitCode).toBe(0);
      expect(ndjson(running.stdout).find((e) => e.event === 'result')).toMatchObject({
        running: true,
        port: Number(env.POSTGRES_PORT),
      });
      await expect(canConnect(env)).resolves.toBe(true);
    },
    SLOW,
  );

  it(
    'fails clearly when the port is busy or the data dir is not writable',
    async () => {
      const other = await makeTempDir('librechat-db-e2e-err-');
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        const busy = await cli(other, ['init', '--yes', '--port', String(port)]);
        expect(busy.exitCode).toBe(3);
        expect(String(busy.stderr)).toContain('E_PORT_BUSY');
        expect(String(busy.stderr)).toContain(`Port ${port}`);
        expect(existsSync(path.join(other, '.env'))).toBe(false);

        await fs.writeFile(path.join(other, 'a-file'), '');
        const notDir = await cli(other, ['--json', 'init', '--yes', '--data-dir', 'a-file/pg']);
        expect(notDir.exitCode).toBe(3);
        expect(ndjson(notDir.stdout).find((e) => e.event === 'error')).toMatchObject({
          code: 'E_DATA_DIR_NOT_WRITABLE',
          exitCode: 3,
        });
      } finally {
        blocker.close();
        await fs.rm(other, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it('never prints the password', () => {
    const password = env.POSTGRES_PASSWORD;
    expect(password).toBeTruthy();
    for (const text of outputs) expect(text).not.toContain(password);
  });
});

async function canConnect(env: Record<string, string>): Promise<boolean> {
  const client = new pg.Client({
    host: env.POSTGRES_HOST,
    port: Number(env.POSTGRES_PORT),
    database: env.POSTGRES_DATABASE,
    user: env.POSTGRES_USERNAME,
    password: env.POSTGRES_PASSWORD,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
