/**
 * `librechat-db sweep` end to end: a database made by `init --yes`, expired and live sessions and
 * tokens written through the DAL, then the built binary deletes the expired ones only.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createDal, type Dal } from '@librechat/dal';
import { stopCluster } from '@librechat-db/embedded-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliRunner, makeTempDir, ndjson, parseEnv, SLOW } from './support.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const outputs: string[] = [];
const cli = cliRunner(outputs);

describe('librechat-db sweep (built binary)', () => {
  let dir: string;
  let dataDir: string;
  let env: Record<string, string> = {};
  let dal: Dal;

  const ids = async (table: 'sessions' | 'tokens') =>
    (await dal.engine.pool!.query<{ _id: string }>(`SELECT _id FROM ${table} ORDER BY _id`)).rows.map(
      (r) => r._id,
    );

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
    dir = await makeTempDir('librechat-db-sweep-');
    dataDir = path.join(dir, 'data', 'postgres');
    const init = await cli(dir, ['init', '--yes']);
    if (init.exitCode !== 0) throw new Error(`init --yes failed: ${String(init.stderr)}`);
    env = parseEnv(await fs.readFile(path.join(dir, '.env'), 'utf8'));
    dal = await createDal({ env });
  }, SLOW);

  afterAll(async () => {
    await dal?.close().catch(() => undefined);
    if (!dir) return;
    await cli(dir, ['down']).catch(() => undefined);
    await stopCluster(dataDir).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }, SLOW);

  it(
    'deletes expired sessions and tokens, keeps live ones, and reports counts per table (--json)',
    async () => {
      const m = dal.methods;
      const expiredSession = await m.createSession(USER, { expiration: new Date(Date.now() - MINUTE) });
      const liveSession = await m.createSession(USER, { expiresIn: DAY });
      const expiredToken = await m.createToken({
        userId: USER,
        email: 'a@example.com',
        token: 'old',
        expiresIn: -60,
      });
      const liveToken = await m.createToken({
        userId: USER,
        email: 'a@example.com',
        token: 'new',
        expiresIn: 3600,
      });
      expect(await ids('sessions')).toHaveLength(2);
      expect(await ids('tokens')).toHaveLength(2);

      const r = await cli(dir, ['--json', 'sweep']);
      expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
      const result = ndjson(r.stdout).find((e) => e.event === 'result') as {
        command: string;
        engine: string;
        deleted: Record<string, number>;
        total: number;
      };
      expect(result).toMatchObject({ command: 'sweep', engine: 'postgresql', total: 2 });
      expect(result.deleted).toMatchObject({ sessions: 1, tokens: 1 });
      // Every table with a TTL rule is reported, the others with 0.
      for (const [table, n] of Object.entries(result.deleted)) {
        if (table !== 'sessions' && table !== 'tokens') expect(n, table).toBe(0);
      }

      expect(await ids('sessions')).toEqual([String(liveSession.session._id)]);
      expect(await ids('tokens')).toEqual([String(liveToken._id)]);
      expect(await ids('sessions')).not.toContain(String(expiredSession.session._id));
      expect(await ids('tokens')).not.toContain(String(expiredToken._id));
    },
    SLOW,
  );

  it(
    'prints one line per table; a second sweep finds nothing',
    async () => {
      await dal.methods.createSession(USER, { expiration: new Date(Date.now() - MINUTE) });
      const first = await cli(dir, ['sweep']);
      expect(first.exitCode, String(first.stderr)).toBe(0);
      const text = String(first.stdout);
      expect(text).toMatch(/^swept 1 expired row\(s\) in \d+ms:$/m);
      expect(text).toMatch(/^ {2}sessions +1$/m);
      expect(text).toMatch(/^ {2}tokens +0$/m);

      const again = await cli(dir, ['sweep', '--batch-size', '1']);
      expect(again.exitCode, String(again.stderr)).toBe(0);
      expect(String(again.stdout)).toMatch(/^swept 0 expired row\(s\)/m);
      expect(await ids('sessions')).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'a table that cannot be swept fails with E_SWEEP (exit 4) after sweeping the others',
    async () => {
      const pool = dal.engine.pool!;
      await dal.methods.createToken({ userId: USER, email: 'a@example.com', token: 'stale', expiresIn: -60 });
      await pool.query('ALTER TABLE sessions RENAME TO sessions_away');
      try {
        const r = await cli(dir, ['--json', 'sweep']);
        expect(r.exitCode).toBe(4);
        const events = ndjson(r.stdout);
        expect(events.find((e) => e.event === 'error')).toMatchObject({ code: 'E_SWEEP', exitCode: 4 });
        expect(String((events.find((e) => e.event === 'error') as { message: string }).message)).toContain(
          'tokens 1',
        );
        expect(events.some((e) => e.event === 'log' && String(e.message).startsWith('sessions:'))).toBe(true);
      } finally {
        await pool.query('ALTER TABLE sessions_away RENAME TO sessions');
      }
      expect(await ids('tokens')).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'an unreachable database is E_DB_UNREACHABLE (exit 4), without printing the password',
    async () => {
      const other = await makeTempDir('librechat-db-sweep-down-');
      const free = net.createServer();
      await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
      const port = (free.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => free.close(() => resolve()));
      try {
        const text = (await fs.readFile(path.join(dir, '.env'), 'utf8')).replace(
          /^POSTGRES_PORT=.*$/m,
          `POSTGRES_PORT=${port}`,
        );
        await fs.writeFile(path.join(other, '.env'), text);
        const r = await cli(other, ['--json', 'sweep']);
        expect(r.exitCode).toBe(4);
        expect(ndjson(r.stdout).find((e) => e.event === 'error')).toMatchObject({
          code: 'E_DB_UNREACHABLE',
          exitCode: 4,
        });
      } finally {
        await fs.rm(other, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'with DATABASE_TYPE=mongodb there is nothing to sweep (exit 0, no connection made)',
    async () => {
      const other = await makeTempDir('librechat-db-sweep-mongo-');
      try {
        // Nothing listens on port 1: a connection attempt would fail.
        await fs.writeFile(
          path.join(other, '.env'),
          'DATABASE_TYPE=mongodb\nMONGO_URI=mongodb://127.0.0.1:1/LibreChat\n',
        );
        const r = await cli(other, ['sweep']);
        expect(r.exitCode, String(r.stderr)).toBe(0);
        expect(String(r.stdout)).toContain('nothing to sweep');
        const j = await cli(other, ['--json', 'sweep']);
        expect(ndjson(j.stdout).find((e) => e.event === 'result')).toMatchObject({
          engine: 'mongodb',
          deleted: {},
          total: 0,
        });
      } finally {
        await fs.rm(other, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it('never prints the password', () => {
    expect(env.POSTGRES_PASSWORD).toBeTruthy();
    for (const text of outputs) expect(text).not.toContain(env.POSTGRES_PASSWORD);
  });
});
