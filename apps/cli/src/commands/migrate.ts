/**
 * `librechat-db migrate up|down|status`: the PostgreSQL schema migrations, with the connection
 * from `.env` (variables already in the environment win, as with LibreChat's dotenv).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  configFromEnv,
  MIGRATIONS_TABLE,
  migrationsDir,
  type PostgresConfig,
  runMigrations,
} from '@librechat/dal';
import pg from 'pg';
import { createOutput, display, type GlobalOptions, resolveEnvFile } from '../context.js';
import { readEnvFile } from '../env/envFile.js';
import { CliError, EXIT } from '../errors.js';
import { canPrompt } from '../init/settings.js';
import { clearMigrationFailure, migrationTracker, recordMigrationFailure } from '../migrations/record.js';
import type { Output } from '../output.js';

export interface MigrateFlags {
  envFile?: string;
  count?: number;
  yes?: boolean;
}

async function loadConfig(flags: MigrateFlags, out: Output): Promise<PostgresConfig> {
  const envFile = resolveEnvFile(flags.envFile);
  const file = await readEnvFile(envFile);
  const env: Record<string, string | undefined> = { ...file.values };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const config = configFromEnv(env);
  if (config.type !== 'postgresql') {
    throw new CliError(
      'E_NOT_POSTGRES',
      `Migrations apply to PostgreSQL only, and DATABASE_TYPE is ${config.type}${file.exists ? ` (from ${display(envFile)} or the environment)` : ''}.`,
      {
        exitCode: EXIT.USAGE,
        fix: 'set DATABASE_TYPE=postgresql and POSTGRES_* in .env, or run: librechat-db init --yes',
      },
    );
  }
  out.secret(config.password);
  if (config.connectionString) {
    try {
      out.secret(decodeURIComponent(new URL(config.connectionString).password));
    } catch {
      // validated by configFromEnv; nothing to hide if it does not parse
    }
  }
  return config;
}

function pgClientConfig(config: PostgresConfig): pg.ClientConfig {
  return {
    connectionString: config.connectionString,
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 10_000,
  };
}

function dbError(error: unknown): CliError {
  const err = error as Error & { code?: string };
  if (err instanceof CliError) return err;
  return new CliError('E_DB_UNREACHABLE', `Cannot query PostgreSQL: ${err.message}`, {
    exitCode: EXIT.DATABASE,
    fix: 'librechat-db status (librechat-db up starts the embedded server)',
    cause: error,
  });
}

/** Migration names (file names without extension), in the order node-pg-migrate applies them. */
export async function migrationFiles(): Promise<string[]> {
  const entries = await fs.readdir(migrationsDir(), { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.parse(e.name).name)
    .sort();
}

export async function appliedMigrations(config: PostgresConfig): Promise<string[]> {
  const client = new pg.Client(pgClientConfig(config));
  try {
    await client.connect();
    const exists = await client.query('SELECT to_regclass($1) AS t', [MIGRATIONS_TABLE]);
    if (!exists.rows[0]?.t) return [];
    const { rows } = await client.query<{ name: string }>(
      `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`,
    );
    return rows.map((r) => r.name);
  } catch (error) {
    throw dbError(error);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function migrateStatusCommand(flags: MigrateFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const config = await loadConfig(flags, out);
  const [files, applied] = await Promise.all([migrationFiles(), appliedMigrations(config)]);
  const appliedSet = new Set(applied);
  const fileSet = new Set(files);
  const pending = files.filter((f) => !appliedSet.has(f));
  const unknown = applied.filter((a) => !fileSet.has(a));
  const inSync = pending.length === 0 && unknown.length === 0;
  const lines = [
    `migrations: ${applied.length} applied, ${pending.length} pending${unknown.length ? `, ${unknown.length} unknown` : ''} (${files.length} files in ${display(migrationsDir())})`,
  ];
  for (const name of files) lines.push(`  ${appliedSet.has(name) ? '[x]' : '[ ]'} ${name}`);
  for (const name of unknown) lines.push(`  [?] ${name}  (applied, but no such file)`);
  if (inSync) lines.push('in sync');
  else if (pending.length) lines.push('not in sync; apply with: librechat-db migrate up');
  else
    lines.push('not in sync: the database has migrations this version does not know (a newer version ran?)');
  out.result('migrate status', { inSync, applied, pending, unknown, files }, lines);
  return inSync ? EXIT.OK : EXIT.CHECK_FAILED;
}

export async function migrateRunCommand(
  direction: 'up' | 'down',
  flags: MigrateFlags,
  global: GlobalOptions,
): Promise<number> {
  const out = createOutput(global);
  const config = await loadConfig(flags, out);
  const count = flags.count;
  if (direction === 'down' && !flags.yes) {
    const what = `Revert ${count ?? 1} migration(s)? Their tables and data are dropped.`;
    if (!canPrompt(out)) {
      throw new CliError('E_NEEDS_YES', `migrate down drops data and needs confirmation; pass --yes.`, {
        exitCode: EXIT.USAGE,
        fix: `librechat-db migrate down --yes${count ? ` --count ${count}` : ''}`,
      });
    }
    const { confirm } = await import('@inquirer/prompts');
    if (!(await confirm({ message: what, default: false }))) {
      throw new CliError('E_CANCELLED', 'Cancelled; nothing was reverted.', { exitCode: EXIT.USAGE });
    }
  }
  const started = performance.now();
  const envFile = resolveEnvFile(flags.envFile);
  const tracker = migrationTracker((m) => out.debug(`migrate: ${m}`));
  let names: string[];
  try {
    ({ names } = await runMigrations(config, { direction, count, log: tracker.log }));
    if (direction === 'up') clearMigrationFailure(envFile);
  } catch (error) {
    const err = error as Error;
    if (err.name === 'DalConnectionError') throw dbError(error);
    if (direction === 'up') {
      recordMigrationFailure(envFile, {
        at: new Date().toISOString(),
        migration: tracker.current(),
        message: out.redact(err.message),
      });
    }
    throw new CliError('E_MIGRATION', `Migrations failed: ${err.message}`, {
      exitCode: EXIT.MIGRATION,
      fix: 'librechat-db migrate status',
      cause: error,
    });
  }
  const ms = Math.round(performance.now() - started);
  const verb = direction === 'up' ? 'applied' : 'reverted';
  const lines =
    names.length === 0
      ? [direction === 'up' ? 'nothing to apply: up to date' : 'nothing to revert']
      : [`${verb} ${names.length} migration(s) in ${ms}ms:`, ...names.map((n) => `  ${n}`)];
  out.result(`migrate ${direction}`, { direction, [verb]: names, ms }, lines);
  return EXIT.OK;
}
