/**
 * The checks `librechat-db doctor` runs, in order. Each returns ok / warn / fail / skip, a detail,
 * and for a failure the exact command that fixes it. Nothing here writes data: the database is
 * opened as LibreChat opens it, and only read.
 */
import path from 'node:path';
import type { Dal, DalConfig } from '@librechat/dal';
import { isInitialized } from '../cluster/state.js';
import { migrationFiles } from '../commands/migrate.js';
import { display, resolveDataDir } from '../context.js';
import { loadDal } from '../dal.js';
import { readEnvFile } from '../env/envFile.js';
import { isTrue } from '../init/envPlan.js';
import { defaultComposeFile } from '../init/settings.js';
import { readInitState } from '../init/state.js';
import { MONGO_NO_TRANSACTIONS } from '../init/steps/checkHealth.js';
import { meiliStatus } from '../meili/client.js';
import { readMigrationFailure } from '../migrations/record.js';
import type { Output } from '../output.js';
import { commandLine, composeArgs } from '../runtime/compose.js';
import { DOCTOR_EXIT, type DoctorExit, MIN_MONGO_VERSION, MIN_POSTGRES_MAJOR } from './codes.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** For a failure: the command that fixes it. */
  fix?: string;
  exitCode?: DoctorExit;
  data?: Record<string, unknown>;
}

export interface DoctorContext {
  envFile: string;
  out: Output;
  /** `--env-file …` when not the default, for the fix commands. */
  envFlag: string;
  env: Record<string, string | undefined>;
  config?: DalConfig;
  dal?: Dal;
  runtime?: 'embedded' | 'docker' | 'external';
  dataDir?: string;
}

const ok = (id: string, title: string, detail: string, data?: Record<string, unknown>): CheckResult => ({
  id,
  title,
  status: 'ok',
  detail,
  data,
});

const fail = (
  id: string,
  title: string,
  exitCode: DoctorExit,
  detail: string,
  fix: string,
  data?: Record<string, unknown>,
): CheckResult => ({ id, title, status: 'fail', detail, fix, exitCode, data });

const skip = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'skip',
  detail,
});

function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** 1. `.env` exists and its database variables are valid (with the environment on top, as LibreChat). */
export async function checkEnv(ctx: DoctorContext): Promise<CheckResult> {
  const title = '.env';
  const file = await readEnvFile(ctx.envFile);
  const env: Record<string, string | undefined> = { ...file.values };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  ctx.env = env;
  for (const key of ['POSTGRES_PASSWORD', 'MEILI_MASTER_KEY', 'MONGO_INITDB_ROOT_PASSWORD'])
    ctx.out.secret(env[key]);
  for (const key of ['POSTGRES_URL', 'MONGO_URI']) ctx.out.secret(urlPassword(env[key]));
  if (!file.exists && !env.DATABASE_TYPE && !env.MONGO_URI && !env.POSTGRES_URL && !env.POSTGRES_HOST) {
    return fail(
      'env',
      title,
      DOCTOR_EXIT.ENV,
      `${display(ctx.envFile)} does not exist`,
      `librechat-db init${ctx.envFlag}`,
    );
  }
  const { configFromEnv } = await loadDal();
  try {
    ctx.config = configFromEnv(env);
  } catch (error) {
    const variables = (error as { variables?: string[] }).variables ?? [];
    return fail(
      'env',
      title,
      DOCTOR_EXIT.ENV,
      (error as Error).message,
      `set ${variables.join(', ') || 'the database variables'} in ${display(ctx.envFile)}, or run: librechat-db init${ctx.envFlag}`,
    );
  }
  // Which runtime serves it: init's record, else a guess from the settings.
  const state = await readInitState(ctx.envFile);
  ctx.runtime = state?.choices.runtime;
  ctx.dataDir = state?.choices.dataDir;
  if (!ctx.runtime && ctx.config.type === 'postgresql' && !ctx.config.connectionString) {
    const local = ['127.0.0.1', 'localhost'].includes(ctx.config.host ?? '');
    const dataDir = resolveDataDir(undefined, path.dirname(ctx.envFile));
    if (local && isInitialized(dataDir)) {
      ctx.runtime = 'embedded';
      ctx.dataDir = dataDir;
    }
  }
  const c = ctx.config;
  const target =
    c.type === 'mongodb'
      ? c.uri.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
      : c.connectionString
        ? (await loadDal()).redactUrl(c.connectionString)
        : `${c.host}:${c.port ?? 5432}/${c.database ?? ''}`;
  return ok('env', title, `DATABASE_TYPE=${c.type}, ${target}${ctx.runtime ? ` (${ctx.runtime})` : ''}`, {
    type: c.type,
    runtime: ctx.runtime,
  });
}

function startCommand(ctx: DoctorContext): string {
  const type = ctx.config?.type ?? 'postgresql';
  if (ctx.runtime === 'embedded') {
    const dir =
      ctx.dataDir && ctx.dataDir !== resolveDataDir(undefined) ? ` --data-dir ${display(ctx.dataDir)}` : '';
    return `librechat-db up${dir}${ctx.envFlag}`;
  }
  if (ctx.runtime === 'docker') {
    const composeFile = defaultComposeFile();
    const services = [type];
    return commandLine(
      composeArgs(
        { envFile: display(ctx.envFile), composeFile: display(composeFile), services },
        'up',
        '-d',
        ...services,
      ),
    );
  }
  if (type === 'mongodb')
    return `start the MongoDB server named in MONGO_URI, then check: librechat-db doctor${ctx.envFlag}`;
  const c = ctx.config?.type === 'postgresql' ? ctx.config : undefined;
  let host = c?.host;
  let port = c?.port;
  if (c?.connectionString) {
    const url = new URL(c.connectionString);
    host = decodeURIComponent(url.hostname);
    port = url.port ? Number(url.port) : undefined;
  }
  return `start the PostgreSQL server, then check: pg_isready -h ${host ?? 'localhost'} -p ${port ?? 5432}`;
}

/** 2. The server answers with these settings (createDal, as LibreChat connects). */
export async function checkConnection(ctx: DoctorContext): Promise<CheckResult> {
  const title = 'connection';
  if (!ctx.config) return skip('connection', title, 'needs a valid .env');
  const { createDal } = await loadDal();
  const started = performance.now();
  try {
    const config =
      ctx.config.type === 'postgresql'
        ? { ...ctx.config, connectionTimeoutMillis: ctx.config.connectionTimeoutMillis ?? 5_000, max: 2 }
        : ctx.config;
    // As LibreChat opens it (with SEARCH on, that includes enabling PostgreSQL's search outbox,
    // as LibreChat's start does); no outbox worker runs in doctor.
    ctx.dal = await createDal({ config, env: ctx.env, search: { worker: false } });
    const health = await ctx.dal.health();
    return ok(
      'connection',
      title,
      `${ctx.config.type} answers (${Math.round(health.latencyMs * 10) / 10}ms)`,
      {
        latencyMs: health.latencyMs,
      },
    );
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    const code = (err as { code?: string }).code ?? err.cause?.code;
    const auth = code === '28P01' || code === '28000' || /auth/i.test(err.message);
    const ms = Math.round(performance.now() - started);
    return fail(
      'connection',
      title,
      DOCTOR_EXIT.CONNECTION,
      `${auth ? 'the server rejected the credentials' : 'cannot connect'} after ${ms}ms: ${ctx.out.redact(err.message)}`,
      auth
        ? `restore the password in ${display(ctx.envFile)} from a .env.bak-* backup, or run: librechat-db init${ctx.envFlag}`
        : startCommand(ctx),
    );
  }
}

function versionAtLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split(/[.\s-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < min.length; i++) {
    const have = parts[i] ?? 0;
    const want = min[i] ?? 0;
    if (Number.isNaN(have)) return false;
    if (have !== want) return have > want;
  }
  return true;
}

/** 3. Engine version and 4. capabilities. */
export async function checkVersionAndCapabilities(ctx: DoctorContext): Promise<CheckResult[]> {
  if (!ctx.dal)
    return [
      skip('version', 'version', 'needs a connection'),
      skip('capabilities', 'capabilities', 'needs a connection'),
    ];
  const caps = await ctx.dal.capabilities();
  const results: CheckResult[] = [];
  if (caps.engine === 'postgresql') {
    const major = Math.floor(caps.serverVersionNum / 10_000);
    results.push(
      major >= MIN_POSTGRES_MAJOR
        ? ok('version', 'version', `PostgreSQL ${caps.version} (minimum ${MIN_POSTGRES_MAJOR})`, {
            version: caps.version,
          })
        : fail(
            'version',
            'version',
            DOCTOR_EXIT.VERSION,
            `PostgreSQL ${caps.version} is older than ${MIN_POSTGRES_MAJOR} (the schema uses NULLS NOT DISTINCT)`,
            `upgrade the server to PostgreSQL ${MIN_POSTGRES_MAJOR} or later, or use the embedded one: librechat-db init --runtime embedded`,
            { version: caps.version },
          ),
    );
    results.push(ok('capabilities', 'capabilities', 'transactions: yes', { transactions: true }));
  } else {
    const min = MIN_MONGO_VERSION.join('.');
    results.push(
      versionAtLeast(caps.version, MIN_MONGO_VERSION)
        ? ok('version', 'version', `MongoDB ${caps.version} (minimum ${min})`, { version: caps.version })
        : fail(
            'version',
            'version',
            DOCTOR_EXIT.VERSION,
            `MongoDB ${caps.version} is older than ${min}`,
            `upgrade the server to MongoDB ${min} or later (docker/compose.yml runs mongo:8.0: librechat-db init --db mongodb --runtime docker)`,
            { version: caps.version },
          ),
    );
    results.push(
      caps.transactions
        ? ok('capabilities', 'capabilities', `transactions: yes (${caps.topology})`, {
            transactions: true,
            topology: caps.topology,
          })
        : {
            id: 'capabilities',
            title: 'capabilities',
            status: 'warn',
            detail: `transactions: no (${caps.topology}). ${MONGO_NO_TRANSACTIONS}`,
            data: { transactions: false, topology: caps.topology },
          },
    );
  }
  return results;
}

/** 5. PostgreSQL migrations: pending, unknown, out of order, or a failed last run. */
export async function checkMigrations(ctx: DoctorContext): Promise<CheckResult> {
  const title = 'migrations';
  if (ctx.config?.type !== 'postgresql') return skip('migrations', title, 'MongoDB has no schema migrations');
  if (!ctx.dal) return skip('migrations', title, 'needs a connection');
  const { MIGRATIONS_TABLE } = await loadDal();
  const files = await migrationFiles();
  const pool = ctx.dal.engine.pool;
  if (!pool) return skip('migrations', title, 'no pool');
  const exists = await pool.query('SELECT to_regclass($1) AS t', [MIGRATIONS_TABLE]);
  const applied = exists.rows[0]?.t
    ? (
        await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`)
      ).rows.map((r) => r.name)
    : [];
  const appliedSet = new Set(applied);
  const fileSet = new Set(files);
  const pending = files.filter((f) => !appliedSet.has(f));
  const unknown = applied.filter((a) => !fileSet.has(a));
  const lastApplied = [...applied]
    .filter((a) => fileSet.has(a))
    .sort()
    .pop();
  const outOfOrder = lastApplied ? pending.filter((p) => p < lastApplied) : [];
  const failure = await readMigrationFailure(ctx.envFile);
  const data = {
    applied: applied.length,
    pending,
    unknown,
    outOfOrder,
    failed: pending.length ? failure : undefined,
  };
  if (unknown.length) {
    return fail(
      'migrations',
      title,
      DOCTOR_EXIT.MIGRATIONS,
      `${unknown.length} applied migration(s) this version does not have: ${unknown.join(', ')} (a newer librechat-db ran?)`,
      'install the librechat-db version that applied them: npm install -g librechat-db@latest',
      data,
    );
  }
  if (outOfOrder.length) {
    return fail(
      'migrations',
      title,
      DOCTOR_EXIT.MIGRATIONS,
      `${outOfOrder.length} pending migration(s) sort before the last applied one (${outOfOrder.join(', ')}); node-pg-migrate refuses to run them out of order`,
      `restore a backup taken before ${lastApplied}, then: librechat-db migrate up${ctx.envFlag}`,
      data,
    );
  }
  if (pending.length) {
    const failed = failure
      ? `; the last run failed${failure.migration ? ` at ${failure.migration}` : ''}: ${failure.message}`
      : '';
    return fail(
      'migrations',
      title,
      DOCTOR_EXIT.MIGRATIONS,
      `${pending.length} pending: ${pending.join(', ')}${failed}`,
      `librechat-db migrate up${ctx.envFlag}`,
      data,
    );
  }
  return ok('migrations', title, `${applied.length} applied, none pending`, data);
}

/** 6. MongoDB indexes the upstream models declare. */
export async function checkIndexes(ctx: DoctorContext): Promise<CheckResult> {
  const title = 'indexes';
  if (ctx.config?.type !== 'mongodb')
    return skip('indexes', title, 'PostgreSQL indexes come with the migrations');
  const mongoose = ctx.dal?.engine.mongoose;
  if (!mongoose) return skip('indexes', title, 'needs a connection');
  const { missingMongoIndexes } = await loadDal();
  // createDal registered the models; let mongoose's automatic build (if on) settle first.
  await Promise.allSettled(Object.values(mongoose.models).map((m) => m.init()));
  const missing = await missingMongoIndexes(mongoose);
  const declared = Object.values(mongoose.models).reduce((n, m) => n + m.schema.indexes().length, 0);
  if (!missing.length) return ok('indexes', title, `all ${declared} declared indexes present`, { declared });
  const byModel = new Map<string, string[]>();
  for (const m of missing) byModel.set(m.model, [...(byModel.get(m.model) ?? []), m.index]);
  return fail(
    'indexes',
    title,
    DOCTOR_EXIT.INDEXES,
    `${missing.length} of ${declared} missing: ${[...byModel].map(([model, names]) => `${model} (${names.join(', ')})`).join('; ')}`,
    `librechat-db init --yes${ctx.envFlag}`,
    { declared, missing },
  );
}

/** 7. What LibreChat seeds at start-up. */
export async function checkSeedData(ctx: DoctorContext): Promise<CheckResult> {
  const title = 'seed data';
  if (!ctx.dal) return skip('seed', title, 'needs a connection');
  const { checkSeed } = await loadDal();
  let check: Awaited<ReturnType<typeof checkSeed>>;
  try {
    check = await checkSeed(ctx.dal.methods);
  } catch (error) {
    return fail(
      'seed',
      title,
      DOCTOR_EXIT.SEED,
      `cannot read the seed data: ${(error as Error).message}`,
      `librechat-db init --yes${ctx.envFlag}`,
    );
  }
  const missing = [
    ...check.roles.map((r) => `role ${r}`),
    ...check.accessRoles.map((r) => `access role ${r}`),
    ...check.categories.map((c) => `agent category ${c}`),
    ...check.systemGrants.map((g) => `ADMIN grant ${g}`),
  ];
  if (check.ok)
    return ok('seed', title, 'roles, access roles, agent categories, ADMIN system grants present');
  return fail(
    'seed',
    title,
    DOCTOR_EXIT.SEED,
    `missing: ${missing.join(', ')}`,
    `librechat-db init --yes${ctx.envFlag}`,
    {
      ...check,
    },
  );
}

/** 8. MeiliSearch health and 9. per-index drift, when search is on. */
export async function checkMeili(ctx: DoctorContext, hasReindex: boolean): Promise<CheckResult[]> {
  const env = ctx.env;
  if (!isTrue(env.SEARCH)) {
    return [skip('meili', 'meilisearch', 'search is off (SEARCH is not true)')];
  }
  if (!env.MEILI_HOST || env.MEILI_MASTER_KEY === undefined) {
    // LibreChat uses MeiliSearch only when SEARCH=true and both of these are set.
    return [
      {
        id: 'meili',
        title: 'meilisearch',
        status: 'warn',
        detail: `SEARCH=true but ${!env.MEILI_HOST ? 'MEILI_HOST' : 'MEILI_MASTER_KEY'} is not set: LibreChat keeps search off (enable it with: librechat-db init --meili${ctx.envFlag})`,
      },
    ];
  }
  ctx.out.secret(env.MEILI_MASTER_KEY);
  const report = await meiliStatus(env.MEILI_HOST, env.MEILI_MASTER_KEY);
  if (!report.healthy || report.error) {
    const fix = report.authFailed
      ? `set MEILI_MASTER_KEY in ${display(ctx.envFile)} to the server's master key`
      : ctx.runtime === 'docker'
        ? commandLine(
            composeArgs(
              {
                envFile: display(ctx.envFile),
                composeFile: display(defaultComposeFile()),
                services: ['meilisearch'],
              },
              'up',
              '-d',
              'meilisearch',
            ),
          )
        : `start MeiliSearch at ${env.MEILI_HOST} (or set SEARCH=false in ${display(ctx.envFile)})`;
    return [
      fail(
        'meili',
        'meilisearch',
        DOCTOR_EXIT.MEILI,
        `${env.MEILI_HOST}: ${report.error ?? 'not healthy'}`,
        fix,
        { ...report },
      ),
    ];
  }
  const results: CheckResult[] = [ok('meili', 'meilisearch', `healthy at ${env.MEILI_HOST}`)];
  const reindex = (uid: string, resume = false) =>
    hasReindex
      ? `librechat-db reindex --index ${uid}${resume ? ' --resume' : ''}${ctx.envFlag}`
      : 'restart LibreChat with SEARCH=true and without MEILI_NO_SYNC: it re-syncs the index at start-up';
  if (!ctx.dal?.search.enabled) {
    for (const index of report.indexes) {
      results.push({
        id: `meili:${index.uid}`,
        title: `index ${index.uid}`,
        status: 'warn',
        detail: `${index.exists ? `${index.documents} documents` : 'not created'}; the database count is unknown (no connection)`,
        data: { ...index },
      });
    }
    return results;
  }
  // The search library's view: what belongs in Meili by upstream's rules, and what is there.
  for (const s of await ctx.dal.search.status()) {
    const id = `meili:${s.index}`;
    const title = `index ${s.index}`;
    const data = { ...s, drift: s.presentInMeili === null ? null : s.shouldBeIndexed - s.presentInMeili };
    if (s.reindex) {
      results.push(
        fail(
          id,
          title,
          DOCTOR_EXIT.MEILI_DRIFT,
          `an interrupted reindex (${s.reindex.phase}, ${s.reindex.done}/${s.reindex.total})`,
          reindex(s.index, true),
          data,
        ),
      );
    } else if (s.presentInMeili === null) {
      results.push(
        fail(
          id,
          title,
          DOCTOR_EXIT.MEILI,
          `cannot read its stats: ${s.meiliError ?? 'unknown error'}`,
          `start MeiliSearch at ${env.MEILI_HOST}`,
          data,
        ),
      );
    } else if (s.presentInMeili !== s.shouldBeIndexed) {
      const drift = s.shouldBeIndexed - s.presentInMeili;
      results.push(
        fail(
          id,
          title,
          DOCTOR_EXIT.MEILI_DRIFT,
          `${s.presentInMeili} documents, the database has ${s.shouldBeIndexed} to index (drift ${drift > 0 ? '+' : ''}${drift})${s.backlog ? `; ${s.backlog} waiting to be sent` : ''}`,
          reindex(s.index),
          data,
        ),
      );
    } else if (s.parked || s.backlog) {
      results.push({
        id,
        title,
        status: 'warn',
        detail: `${s.presentInMeili} documents, in sync in number; ${s.backlog} waiting to be sent, ${s.parked} rejected by Meili (parked)`,
        data,
      });
    } else {
      results.push(ok(id, title, `${s.presentInMeili} documents, in sync with the database`, data));
    }
  }
  return results;
}
