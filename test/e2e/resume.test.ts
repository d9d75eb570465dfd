/**
 * init is resumable (built binary, --runtime external on the test PostgreSQL server): a run that
 * fails at a step records it, and the next run with the same choices skips the durable steps
 * already done and resumes there; Ctrl-C (SIGINT) in the middle leaves the old or the new .env,
 * never a half-written one, and no half-applied migration.
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
  resultOf,
  SLOW,
  spawnCli,
  withPg,
} from './support/cli.js';
import { type MeiliStub, startMeiliStub } from './support/meiliStub.js';

const KEY = 'resume-test-master-key-0123456789';

describe('init resumes', () => {
  let root: string;
  let meili: MeiliStub | undefined;

  beforeAll(async () => {
    assertBuilt();
    root = await makeTempDir('librechat-db-resume-');
  });
  afterAll(async () => {
    await meili?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it(
    'after a failure at the MeiliSearch check, the next run skips the done steps and resumes there',
    async () => {
      const dir = path.join(root, 'meili');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, '.env'), `MEILI_MASTER_KEY=${KEY}\n`);
      const { url } = newPostgresUrl('resume');
      // A port nothing listens on, until the stub starts there.
      meili = await startMeiliStub(KEY);
      const meiliUrl = meili.url;
      await meili.close();
      const args = [
        '--json',
        'init',
        '--yes',
        '--runtime',
        'external',
        '--postgres-url',
        url,
        '--meili',
        '--meili-host',
        meiliUrl,
      ];

      const failed = await cli(dir, args);
      expect(failed.exitCode).toBe(4);
      expect(resultOf(failed.stdout)).toMatchObject({ event: 'error', code: 'E_MEILI' });
      const state = JSON.parse(await fs.readFile(path.join(dir, '.librechat-db', 'init.json'), 'utf8'));
      expect(state).toMatchObject({ status: 'failed', failed: { step: 'meili', code: 'E_MEILI' } });
      expect(Object.keys(state.done)).toEqual([
        'write-env',
        'start-runtime',
        'create-database',
        'migrate',
        'seed',
        'health',
      ]);

      meili = await startMeiliStub(KEY, Number(new URL(meiliUrl).port));
      const resumed = await cli(dir, args);
      expect(resumed.exitCode, String(resumed.stdout)).toBe(0);
      const events = ndjson(resumed.stdout);
      const status = Object.fromEntries(
        events.filter((e) => e.event === 'step' && e.status !== 'start').map((e) => [e.step, e.status]),
      );
      expect(status).toEqual({
        'write-env': 'skipped',
        'start-runtime': 'done',
        'create-database': 'skipped',
        migrate: 'skipped',
        seed: 'done',
        health: 'done',
        meili: 'done',
      });
      expect(events.find((e) => e.event === 'log' && String(e.message).includes('Resuming'))).toBeTruthy();
      expect(resultOf(resumed.stdout)).toMatchObject({ resumed: 'meili', meiliReport: { healthy: true } });
      expect(
        JSON.parse(await fs.readFile(path.join(dir, '.librechat-db', 'init.json'), 'utf8')),
      ).toMatchObject({
        status: 'complete',
      });

      // After a success, a re-run runs every step again and changes nothing.
      const again = await cli(dir, args);
      expect(again.exitCode).toBe(0);
      expect(ndjson(again.stdout).filter((e) => e.event === 'step' && e.status === 'skipped')).toEqual([]);
      expect(resultOf(again.stdout)).toMatchObject({ env: { changed: false }, migrationsApplied: [] });
    },
    SLOW,
  );

  it(
    'Ctrl-C during the migrations: exit 130, the .env whole, no temp file, nothing half-applied; the next run resumes at the migrations',
    async () => {
      const dir = path.join(root, 'sigint');
      await fs.mkdir(dir);
      const original = '# mine\nHOST=localhost\n';
      await fs.writeFile(path.join(dir, '.env'), original);
      const { url } = newPostgresUrl('sigint');
      const args = ['--json', 'init', '--yes', '--runtime', 'external', '--postgres-url', url, '--no-meili'];
      const child = spawnCli(dir, args);
      let interrupted = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        if (
          !interrupted &&
          chunk.toString().includes('"step":"migrate","title":"Apply migrations","status":"start"')
        ) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      const r = await child;
      expect(interrupted).toBe(true);
      expect(r.exitCode).toBe(130);
      expect(resultOf(r.stdout)).toMatchObject({ event: 'error', code: 'E_INTERRUPTED', exitCode: 130 });

      const files = await fs.readdir(dir);
      expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
      const env = await fs.readFile(path.join(dir, '.env'), 'utf8');
      expect(env.startsWith(original)).toBe(true);
      expect(env).toContain(`POSTGRES_URL=${url}`);
      const state = JSON.parse(await fs.readFile(path.join(dir, '.librechat-db', 'init.json'), 'utf8'));
      expect(state).toMatchObject({ status: 'interrupted', failed: { step: 'migrate' } });
      // One transaction: either none of the migrations is recorded, or all of them.
      const recorded = await withPg(url, async (c) => {
        const t = await c.query(`SELECT to_regclass('pgmigrations') AS t`);
        return t.rows[0]?.t ? (await c.query('SELECT count(*)::int AS n FROM pgmigrations')).rows[0]?.n : 0;
      });
      const status = await cli(dir, ['--json', 'migrate', 'status']);
      const total = (resultOf(status.stdout) as { files: string[] }).files.length;
      expect([0, total]).toContain(recorded);

      const resumed = await cli(dir, args);
      expect(resumed.exitCode, String(resumed.stdout)).toBe(0);
      const steps = Object.fromEntries(
        ndjson(resumed.stdout)
          .filter((e) => e.event === 'step' && e.status !== 'start')
          .map((e) => [e.step, e.status]),
      );
      expect(steps).toMatchObject({
        'write-env': 'skipped',
        'create-database': 'skipped',
        migrate: 'done',
        seed: 'done',
      });
      expect((await cli(dir, ['migrate', 'status'])).exitCode).toBe(0);
    },
    SLOW,
  );
});
