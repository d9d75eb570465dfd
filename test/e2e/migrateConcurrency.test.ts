/**
 * `librechat-db migrate up` run four times at once on an empty database: node-pg-migrate's
 * advisory lock lets one run apply everything; the others wait for the lock, then find nothing
 * to apply. All four succeed and every migration is recorded once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  assertBuilt,
  cli,
  freshPostgresDatabase,
  makeTempDir,
  resultOf,
  SLOW,
  spawnCli,
  withPg,
} from './support/cli.js';

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await makeTempDir('librechat-db-migrate-');
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

it(
  'four concurrent migrate up runs: exactly one applies the migrations, all exit 0',
  async () => {
    const { url } = await freshPostgresDatabase('migrate4');
    await fs.writeFile(path.join(dir, '.env'), `DATABASE_TYPE=postgresql\nPOSTGRES_URL=${url}\n`);
    const status = await cli(dir, ['--json', 'migrate', 'status']);
    expect(status.exitCode).toBe(1); // all pending
    const files = (resultOf(status.stdout) as { files: string[] }).files;
    expect(files.length).toBeGreaterThan(5);

    const runs = await Promise.all([1, 2, 3, 4].map(() => spawnCli(dir, ['--json', 'migrate', 'up'])));
    for (const r of runs) expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
    const applied = runs.map((r) => (resultOf(r.stdout) as { applied: string[] }).applied);
    const appliers = applied.filter((names) => names.length > 0);
    expect(appliers).toHaveLength(1);
    expect(appliers[0]).toEqual(files);
    expect(applied.filter((names) => names.length === 0)).toHaveLength(3);

    await withPg(url, async (c) => {
      const { rows } = await c.query<{ name: string; n: number }>(
        'SELECT name, count(*)::int AS n FROM pgmigrations GROUP BY name ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual(files);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    });
    const after = await cli(dir, ['migrate', 'status']);
    expect(after.exitCode).toBe(0);
  },
  SLOW,
);
