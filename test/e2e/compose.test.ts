/**
 * docker/compose.yml and `librechat-db init --runtime docker`, without a Docker engine:
 * the file is validated against the Compose specification's JSON schema (as shipped by the
 * dclint package), and the CLI runs against a recording fake `docker` first on PATH. Behind the
 * fake, the "postgresql container" is the test PostgreSQL server, so the steps after the
 * runtime (database, migrations, seed, health) run for real.
 */

import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  assertBuilt,
  COMPOSE_FILE,
  cli,
  makeTempDir,
  newPostgresUrl,
  outputs,
  readEnv,
  repoRoot,
  resultOf,
  SLOW,
  withPg,
} from './support/cli.js';

const require = createRequire(import.meta.url);

async function composeSchema(): Promise<object> {
  const pkg = require.resolve('dclint/package.json');
  return JSON.parse(
    await fs.readFile(path.join(path.dirname(pkg), 'schemas', 'compose.schema.json'), 'utf8'),
  );
}

describe('docker/compose.yml', () => {
  it('is valid against the Compose specification schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The schema names draft-07 by its https address; ajv knows it by the http one.
    const draft07 = require('ajv/dist/refs/json-schema-draft-07.json') as { $id: string };
    ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
    const validate = ajv.compile(await composeSchema());
    const doc = parse(await fs.readFile(COMPOSE_FILE, 'utf8'));
    const valid = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // The schema does reject what is not Compose (so the check above can fail).
    expect(validate({ services: { db: { image: 'x', profiles: 'not-a-list' } } })).toBe(false);
  });

  it('has the profiles, images, healthchecks, volumes and no default passwords', async () => {
    const text = await fs.readFile(COMPOSE_FILE, 'utf8');
    const doc = parse(text) as {
      services: Record<string, Record<string, unknown>>;
      volumes: Record<string, unknown>;
    };
    expect(doc.services.mongodb).toMatchObject({ profiles: ['mongodb'], image: 'mongo:8.0' });
    expect(doc.services.postgresql).toMatchObject({ profiles: ['postgresql'], image: 'postgres:17' });
    expect(doc.services.meilisearch).toMatchObject({
      profiles: ['meilisearch'],
      image: expect.stringMatching(/^getmeili\/meilisearch:v1\.35/),
    });
    for (const name of ['mongodb', 'postgresql', 'meilisearch']) {
      const service = doc.services[name] as {
        healthcheck?: { test?: unknown };
        volumes?: string[];
        ports?: string[];
      };
      expect(service.healthcheck?.test, name).toBeTruthy();
      const volume = service.volumes?.[0]?.split(':')[0] ?? '';
      expect(Object.keys(doc.volumes), name).toContain(volume);
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
    // Every secret comes from .env: no literal default after `:-` for a password or key.
    for (const m of text.matchAll(/\$\{(\w*(PASSWORD|MASTER_KEY)\w*):-([^}]*)\}/g)) {
      expect(m[3], m[1]).toBe('');
    }
    const api = doc.services.api as {
      environment: Record<string, string>;
      depends_on: Record<string, unknown>;
    };
    expect(api.environment.DATABASE_TYPE).toBe(['$', '{DATABASE_TYPE:-mongodb}'].join(''));
    expect(Object.keys(api.depends_on).sort()).toEqual(['meilisearch', 'mongodb', 'postgresql']);
  });
});

describe('librechat-db init --runtime docker (fake docker on PATH)', () => {
  let dir: string;
  let bin: string;
  let dockerLog: string;

  beforeAll(async () => {
    assertBuilt();
    dir = await makeTempDir('librechat-db-compose-');
    bin = path.join(dir, 'bin');
    await fs.mkdir(bin);
    await fs.copyFile(
      path.join(repoRoot, 'test', 'e2e', 'support', 'fake-docker.mjs'),
      path.join(bin, 'docker'),
    );
    await fs.chmod(path.join(bin, 'docker'), 0o755);
    dockerLog = path.join(dir, 'docker.log');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const dockerEnv = (extra: Record<string, string> = {}) => ({
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_DOCKER_LOG: dockerLog,
    ...extra,
  });

  async function calls(): Promise<string[][]> {
    const text = await fs.readFile(dockerLog, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);
  }

  it(
    'PostgreSQL: writes .env, runs compose up with the profile, waits for health, then sets the database up',
    async () => {
      const work = path.join(dir, 'pg');
      await fs.mkdir(work);
      // The "container": the test server, on the port and with the credentials .env names.
      const target = newPostgresUrl('compose');
      const u = new URL(target.url);
      const preset = [
        '# mine',
        `POSTGRES_PORT=${u.port}`,
        `POSTGRES_USERNAME=${decodeURIComponent(u.username)}`,
        `POSTGRES_PASSWORD=${decodeURIComponent(u.password)}`,
        `POSTGRES_DATABASE=${target.database}`,
        '',
      ].join('\n');
      await fs.writeFile(path.join(work, '.env'), preset);
      const r = await cli(
        work,
        [
          '--json',
          'init',
          '--yes',
          '--db',
          'postgresql',
          '--runtime',
          'docker',
          '--no-meili',
          '--compose-file',
          COMPOSE_FILE,
        ],
        { env: dockerEnv({ FAKE_DOCKER_STARTING_POLLS: '2' }) },
      );
      expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
      const result = resultOf(r.stdout) as {
        runtime: string;
        containers: string[];
        migrationsApplied: string[];
        databaseCreated: boolean;
      };
      expect(result).toMatchObject({ runtime: 'docker', containers: ['postgresql'], databaseCreated: true });
      expect(result.migrationsApplied.length).toBeGreaterThan(0);

      const recorded = await calls();
      const envFile = path.join(work, '.env');
      expect(recorded).toContainEqual(['compose', 'version', '--short']);
      expect(recorded).toContainEqual([
        'compose',
        '--env-file',
        envFile,
        '-f',
        COMPOSE_FILE,
        '--profile',
        'postgresql',
        'up',
        '-d',
        'postgresql',
      ]);
      const polls = recorded.filter((a) => a.includes('ps'));
      expect(polls.length).toBeGreaterThanOrEqual(3); // two "starting", then healthy
      expect(polls[0]).toEqual([
        'compose',
        '--env-file',
        envFile,
        '-f',
        COMPOSE_FILE,
        '--profile',
        'postgresql',
        'ps',
        '--all',
        '--format',
        'json',
        'postgresql',
      ]);

      const env = await readEnv(work);
      expect(env).toMatchObject({
        DATABASE_TYPE: 'postgresql',
        POSTGRES_HOST: '127.0.0.1',
        POSTGRES_PORT: u.port,
        POSTGRES_DATABASE: target.database,
        SEARCH: 'false',
      });
      expect(env.POSTGRES_PASSWORD).toBe(decodeURIComponent(u.password)); // kept: the volume was made with it
      await withPg(target.url, async (c) => {
        const roles = await c.query('SELECT name FROM roles ORDER BY name');
        expect(roles.rows.map((row) => row.name)).toEqual(['ADMIN', 'USER']);
      });
    },
    SLOW,
  );

  it(
    'MongoDB with MeiliSearch: both profiles; an unhealthy container fails with its logs printed',
    async () => {
      const work = path.join(dir, 'mongo');
      await fs.mkdir(work);
      await fs.rm(dockerLog, { force: true });
      await fs.rm(`${dockerLog}.polls`, { force: true });
      const r = await cli(
        work,
        [
          'init',
          '--yes',
          '--db',
          'mongodb',
          '--runtime',
          'docker',
          '--meili',
          '--compose-file',
          COMPOSE_FILE,
          '--wait-timeout',
          '5',
        ],
        { env: dockerEnv({ FAKE_DOCKER_HEALTH: 'meilisearch=unhealthy' }) },
      );
      expect(r.exitCode).toBe(4);
      const stderr = String(r.stderr);
      expect(stderr).toContain('E_RUNTIME_UNHEALTHY');
      expect(stderr).toContain('meilisearch reported unhealthy');
      expect(stderr).toContain('fake log line from mongodb');
      expect(stderr).toContain('fake log line from meilisearch');
      expect(stderr).toMatch(/Fix: .*docker compose .*logs mongodb meilisearch/);

      const envFile = path.join(work, '.env');
      const recorded = await calls();
      expect(recorded).toContainEqual([
        'compose',
        '--env-file',
        envFile,
        '-f',
        COMPOSE_FILE,
        '--profile',
        'mongodb',
        '--profile',
        'meilisearch',
        'up',
        '-d',
        'mongodb',
        'meilisearch',
      ]);
      expect(recorded.some((a) => a.includes('logs'))).toBe(true);

      // .env was written first (compose reads it): generated secrets, never printed.
      const env = await readEnv(work);
      expect(env.DATABASE_TYPE).toBe('mongodb');
      expect(env.MONGO_INITDB_ROOT_USERNAME).toBe('librechat');
      expect(env.MONGO_INITDB_ROOT_PASSWORD?.length).toBeGreaterThanOrEqual(24);
      expect(env.MEILI_MASTER_KEY?.length).toBeGreaterThanOrEqual(32);
      expect(env.MONGO_URI).toBe(
        `mongodb://librechat:${env.MONGO_INITDB_ROOT_PASSWORD}@127.0.0.1:27017/LibreChat?authSource=admin`,
      );
      expect(env).toMatchObject({ SEARCH: 'true', MEILI_HOST: 'http://127.0.0.1:7700' });
      for (const secret of [env.MONGO_INITDB_ROOT_PASSWORD, env.MEILI_MASTER_KEY]) {
        for (const text of outputs) expect(text).not.toContain(secret);
      }
      // The failure is recorded: the next run resumes at the containers.
      const state = JSON.parse(await fs.readFile(path.join(work, '.librechat-db', 'init.json'), 'utf8'));
      expect(state).toMatchObject({
        status: 'failed',
        failed: { step: 'start-runtime', code: 'E_RUNTIME_UNHEALTHY' },
      });
      expect(Object.keys(state.done)).toEqual(['write-env']);
    },
    SLOW,
  );

  it('without docker on PATH: a clear error and exit 3', async () => {
    const work = path.join(dir, 'nodocker');
    await fs.mkdir(work);
    const r = await cli(
      work,
      [
        '--json',
        'init',
        '--yes',
        '--db',
        'postgresql',
        '--runtime',
        'docker',
        '--compose-file',
        COMPOSE_FILE,
      ],
      {
        env: { PATH: path.dirname(process.execPath) },
      },
    );
    expect(r.exitCode).toBe(3);
    expect(resultOf(r.stdout)).toMatchObject({ event: 'error', code: 'E_DOCKER_MISSING', exitCode: 3 });
  });

  it('init rejects impossible combinations before writing anything', async () => {
    const work = path.join(dir, 'combos');
    await fs.mkdir(work);
    const embeddedMongo = await cli(work, ['init', '--yes', '--db', 'mongodb', '--runtime', 'embedded']);
    expect(embeddedMongo.exitCode).toBe(2);
    expect(String(embeddedMongo.stderr)).toContain('no embedded MongoDB');
    const noUrl = await cli(work, ['init', '--yes', '--db', 'postgresql', '--runtime', 'external']);
    expect(noUrl.exitCode).toBe(2);
    expect(String(noUrl.stderr)).toContain('--postgres-url');
    await expect(fs.readdir(work)).resolves.toEqual([]);
  });
});
