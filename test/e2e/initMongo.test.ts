/**
 * `librechat-db init --yes --db mongodb --runtime external` against the test MongoDB-wire server
 * (FerretDB unless MONGO_URL names a real MongoDB): indexes built through the upstream models
 * with each failure named, LibreChat's seed data written, and `doctor` telling the same truth.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createDal } from '@librechat/dal';
import { Mongoose } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertBuilt, cli, makeTempDir, mongoUri, ndjson, readEnv, resultOf, SLOW } from './support/cli.js';

describe('librechat-db init on MongoDB (built binary)', () => {
  let dir: string;
  let uri: string;

  beforeAll(async () => {
    assertBuilt();
    dir = await makeTempDir('librechat-db-mongo-');
    uri = mongoUri('initmongo').url;
    await fs.writeFile(path.join(dir, '.env'), '# LibreChat\nCREDS_KEY=abc\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it(
    'non-interactive init: .env, indexes (failures named by model and index), seed, health',
    async () => {
      const r = await cli(dir, [
        '--json',
        'init',
        '--yes',
        '--db',
        'mongodb',
        '--runtime',
        'external',
        '--mongo-uri',
        uri,
        '--no-meili',
      ]);
      expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
      const result = resultOf(r.stdout) as {
        db: string;
        runtime: string;
        indexes: { declared: number; failed: { model: string; index: string; message: string }[] };
        seed: { ok: boolean };
        health: { version: string; transactions: boolean };
        warnings: string[];
      };
      expect(result).toMatchObject({ db: 'mongodb', runtime: 'external', seed: { ok: true } });
      expect(result.indexes.declared).toBeGreaterThan(50);
      if (inject('mongoKind') === 'mongodb') {
        expect(result.indexes.failed).toEqual([]);
      } else {
        // FerretDB does not build TTL and partial indexes: each is reported, not hidden.
        expect(result.indexes.failed.length).toBeGreaterThan(0);
        expect(result.indexes.failed).toContainEqual(
          expect.objectContaining({ model: 'Session', index: 'expiration_1' }),
        );
        expect(result.warnings.join('\n')).toContain('Session: expiration_1');
      }
      const steps = ndjson(r.stdout)
        .filter((e) => e.event === 'step' && e.status === 'done')
        .map((e) => e.step);
      expect(steps).toEqual([
        'write-env',
        'start-runtime',
        'create-database',
        'indexes',
        'seed',
        'health',
        'meili',
      ]);

      const env = await readEnv(dir);
      expect(env).toMatchObject({
        DATABASE_TYPE: 'mongodb',
        MONGO_URI: uri,
        SEARCH: 'false',
        CREDS_KEY: 'abc',
      });

      // What LibreChat will find, read through the upstream models.
      const mongoose = new Mongoose();
      const dal = await createDal({ config: { type: 'mongodb', uri, options: {} }, mongoose });
      try {
        expect((await dal.methods.listRoles()).map((r) => r.name).sort()).toEqual(['ADMIN', 'USER']);
        expect((await dal.methods.getAllRoles()).length).toBeGreaterThanOrEqual(20);
        expect((await dal.methods.getAllCategories()).map((c) => c.value)).toContain('general');
      } finally {
        await dal.close();
      }
    },
    SLOW,
  );

  it(
    'doctor reports the same missing indexes (exit 14 on FerretDB, 0 on MongoDB), then a re-run of init changes nothing',
    async () => {
      const d = await cli(dir, ['--json', 'doctor']);
      const checks = ndjson(d.stdout).filter((e) => e.event === 'check');
      const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
      expect(byId.connection?.status).toBe('ok');
      expect(byId.seed?.status).toBe('ok');
      expect(byId.migrations?.status).toBe('skip');
      expect(['ok', 'warn']).toContain(byId.capabilities?.status);
      expect(String(byId.capabilities?.detail)).toMatch(/^transactions: (yes|no)/);
      if (inject('mongoKind') === 'mongodb') {
        expect(d.exitCode).toBe(0);
      } else {
        expect(d.exitCode).toBe(14);
        expect(byId.indexes).toMatchObject({ status: 'fail', exitCode: 14, fix: 'librechat-db init --yes' });
        expect(String(byId.indexes?.detail)).toContain('Session (expiration_1)');
      }

      const before = await fs.readFile(path.join(dir, '.env'), 'utf8');
      const again = await cli(dir, ['--json', 'init', '--yes']);
      expect(again.exitCode, String(again.stderr)).toBe(0);
      const result = resultOf(again.stdout) as {
        db: string;
        env: { changed: boolean };
        databaseCreated: boolean;
      };
      expect(result).toMatchObject({ db: 'mongodb', env: { changed: false }, databaseCreated: false });
      expect(await fs.readFile(path.join(dir, '.env'), 'utf8')).toBe(before);
    },
    SLOW,
  );
});
