/**
 * `librechat-db doctor` (built binary) on a database set up by `init --runtime external` on the
 * test PostgreSQL server, with a MeiliSearch stand-in: healthy first, then each broken state is
 * made for real and doctor must name it, exit with its code, and end the line with the fix;
 * applying the fix makes it healthy again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  cli,
  makeTempDir,
  ndjson,
  newPostgresUrl,
  outputs,
  resultOf,
  SLOW,
  withPg,
} from './support/cli.js';
import { type MeiliStub, startMeiliStub } from './support/meiliStub.js';

const KEY = 'doctor-test-master-key-0123456789';

describe('librechat-db doctor', () => {
  let dir: string;
  let url: string;
  let meili: MeiliStub;
  let envText: string;

  async function doctor(): Promise<{
    exitCode: number;
    text: string;
    checks: Record<string, Record<string, unknown>>;
  }> {
    const human = await cli(dir, ['doctor']);
    const json = await cli(dir, ['--json', 'doctor']);
    expect(json.exitCode).toBe(human.exitCode);
    const checks = Object.fromEntries(
      ndjson(json.stdout)
        .filter((e) => e.event === 'check')
        .map((e) => [e.id as string, e]),
    );
    expect(resultOf(json.stdout)).toMatchObject({ event: 'result', exitCode: human.exitCode });
    return { exitCode: human.exitCode ?? -1, text: String(human.stdout), checks };
  }

  /** The FAIL line of a check in the human table: it must end with the fix. */
  function failLine(text: string, title: string): string {
    const line = text.split('\n').find((l) => l.startsWith(`  FAIL  ${title}`));
    if (!line) throw new Error(`no FAIL line for ${title} in:\n${text}`);
    return line;
  }

  beforeAll(async () => {
    assertBuilt();
    dir = await makeTempDir('librechat-db-doctor-');
    meili = await startMeiliStub(KEY);
    ({ url } = newPostgresUrl('doctor'));
    await fs.writeFile(path.join(dir, '.env'), `MEILI_MASTER_KEY=${KEY}\n`);
    const r = await cli(dir, [
      'init',
      '--yes',
      '--runtime',
      'external',
      '--postgres-url',
      url,
      '--meili',
      '--meili-host',
      meili.url,
    ]);
    expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
    envText = await fs.readFile(path.join(dir, '.env'), 'utf8');
  }, SLOW);
  afterAll(async () => {
    await meili?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it(
    'is healthy right after init (exit 0)',
    async () => {
      const d = await doctor();
      expect(d.exitCode, d.text).toBe(0);
      expect(d.text).toMatch(/^healthy/m);
      expect(d.checks['meili:messages']).toMatchObject({ status: 'ok' });
    },
    SLOW,
  );

  it(
    'a missing role: exit 15, fixed by librechat-db init --yes',
    async () => {
      await withPg(url, (c) => c.query(`DELETE FROM roles WHERE name = 'USER'`));
      await withPg(url, (c) => c.query(`DELETE FROM accessroles WHERE access_role_id = 'agent_viewer'`));
      const d = await doctor();
      expect(d.exitCode).toBe(15);
      expect(failLine(d.text, 'seed data')).toMatch(
        /role USER, access role agent_viewer — fix: librechat-db init --yes$/,
      );
      const fix = await cli(dir, ['init', '--yes']);
      expect(fix.exitCode, String(fix.stderr)).toBe(0);
      expect((await doctor()).exitCode).toBe(0);
    },
    SLOW,
  );

  it(
    'a pending migration: exit 13; a failed run is named; fixed by librechat-db migrate up',
    async () => {
      const last = await withPg(url, async (c) => {
        const { rows } = await c.query<{ name: string }>(
          'SELECT name FROM pgmigrations ORDER BY name DESC LIMIT 1',
        );
        await c.query('DELETE FROM pgmigrations WHERE name = $1', [rows[0]?.name]);
        return rows[0]?.name as string;
      });
      let d = await doctor();
      expect(d.exitCode).toBe(13);
      expect(failLine(d.text, 'migrations')).toMatch(
        new RegExp(`1 pending: ${last} — fix: librechat-db migrate up$`),
      );

      // Its tables still exist, so applying it fails: the failure is recorded and shown.
      const up = await cli(dir, ['migrate', 'up']);
      expect(up.exitCode).toBe(5);
      d = await doctor();
      expect(d.exitCode).toBe(13);
      expect(failLine(d.text, 'migrations')).toMatch(
        new RegExp(`the last run failed at ${last}: .* — fix: librechat-db migrate up$`),
      );

      // Undo the damage the way an operator would (the table is there): record it as applied.
      await withPg(url, (c) => c.query('INSERT INTO pgmigrations (name, run_on) VALUES ($1, now())', [last]));
      const clean = await cli(dir, ['migrate', 'up']);
      expect(clean.exitCode).toBe(0);
      d = await doctor();
      expect(d.exitCode, d.text).toBe(0);
      expect(d.checks.migrations).toMatchObject({ status: 'ok' });
    },
    SLOW,
  );

  it(
    'MeiliSearch drift: exit 17 per index; unhealthy or a wrong key: exit 16',
    async () => {
      meili.indexes = { messages: 5, convos: 0 };
      let d = await doctor();
      expect(d.exitCode).toBe(17);
      expect(d.checks['meili:messages']).toMatchObject({
        status: 'fail',
        exitCode: 17,
        data: { presentInMeili: 5, shouldBeIndexed: 0, drift: -5 },
      });
      expect(d.checks['meili:convos']).toMatchObject({ status: 'ok' });
      expect(failLine(d.text, 'index messages')).toMatch(/drift -5\) — fix: .+$/);

      meili.indexes = {};
      meili.healthy = false;
      d = await doctor();
      expect(d.exitCode).toBe(16);
      expect(failLine(d.text, 'meilisearch')).toMatch(
        /GET \/health answered 503 — fix: start MeiliSearch at http:\/\/127\.0\.0\.1:\d+/,
      );

      meili.healthy = true;
      await fs.writeFile(
        path.join(dir, '.env'),
        envText.replace(`MEILI_MASTER_KEY=${KEY}`, 'MEILI_MASTER_KEY=wrong-key-123456'),
      );
      d = await doctor();
      expect(d.exitCode).toBe(16);
      expect(failLine(d.text, 'meilisearch')).toContain(
        "fix: set MEILI_MASTER_KEY in ./.env to the server's master key",
      );
      await fs.writeFile(path.join(dir, '.env'), envText);
      expect((await doctor()).exitCode).toBe(0);
    },
    SLOW,
  );

  it(
    'the engine down: exit 11; an invalid .env: exit 10; the first failing check decides',
    async () => {
      const closed = new URL(url);
      closed.port = '1'; // nothing listens on port 1
      await fs.writeFile(path.join(dir, '.env'), envText.replace(url, closed.toString()));
      let d = await doctor();
      expect(d.exitCode).toBe(11);
      expect(failLine(d.text, 'connection')).toMatch(
        /cannot connect .* — fix: start the PostgreSQL server, then check: pg_isready -h .+ -p 1$/,
      );
      expect(d.checks.migrations).toMatchObject({ status: 'skip' });

      await fs.writeFile(
        path.join(dir, '.env'),
        envText.replace('DATABASE_TYPE=postgresql', 'DATABASE_TYPE=oracle'),
      );
      d = await doctor();
      expect(d.exitCode).toBe(10);
      expect(failLine(d.text, '.env')).toMatch(
        /DATABASE_TYPE must be one of mongodb, postgresql — fix: set DATABASE_TYPE in \.\/\.env, or run: librechat-db init$/,
      );

      // Two problems at once: the earlier check's code wins.
      await fs.writeFile(path.join(dir, '.env'), envText);
      await withPg(url, (c) => c.query(`DELETE FROM roles WHERE name = 'ADMIN'`));
      meili.indexes = { messages: 3 };
      d = await doctor();
      expect(d.exitCode).toBe(15);
      expect(d.checks['meili:messages']).toMatchObject({ status: 'fail', exitCode: 17 });
      expect(d.text).toMatch(/^2 problem\(s\); exit code 15 \(seed data\)$/m);
    },
    SLOW,
  );

  it('never prints the database password or the Meili key', () => {
    const password = decodeURIComponent(new URL(url).password);
    expect(outputs.length).toBeGreaterThan(10);
    for (const text of outputs) {
      if (password) expect(text).not.toContain(password);
      expect(text).not.toContain(KEY);
    }
  });
});
