/**
 * Running the built `librechat-db` binary in end-to-end tests: without a terminal, in a temp
 * folder, with an environment free of database variables (only the .env under test counts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type Result, type ResultPromise } from 'execa';
import pg from 'pg';
import { inject } from 'vitest';
import { TEST_DB_PREFIX } from '../../harness/postgresServer.js';
import { mongoUrlFor, pgUrlFor } from '../../harness/urls.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = path.join(repoRoot, 'apps', 'cli', 'dist', 'main.js');
export const COMPOSE_FILE = path.join(repoRoot, 'docker', 'compose.yml');

/** Starting PostgreSQL on a busy 2-core machine can take a while. */
export const SLOW = 180_000;

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
}

/** The environment without database or search variables. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(DATABASE_TYPE|SEARCH)$|^(POSTGRES_|MONGO_|MEILI_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Every output of every run, to check that no secret was ever printed. */
export const outputs: string[] = [];

export interface CliOptions {
  env?: Record<string, string>;
  timeout?: number;
}

export async function cli(cwd: string, args: string[], options: CliOptions = {}): Promise<Result> {
  const result = await execa('node', [CLI, ...args], {
    cwd,
    env: cleanEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeout ?? 150_000,
  });
  outputs.push(String(result.stdout), String(result.stderr));
  return result;
}

/** Starts the CLI without waiting (for concurrency and signal tests). */
export function spawnCli(cwd: string, args: string[], options: CliOptions & Options = {}): ResultPromise {
  return execa('node', [CLI, ...args], {
    cwd,
    env: cleanEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeout ?? 150_000,
  });
}

export function ndjson(stdout: unknown): Record<string, unknown>[] {
  return String(stdout)
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function resultOf(stdout: unknown): Record<string, unknown> {
  const result = ndjson(stdout).find((e) => e.event === 'result' || e.event === 'error');
  if (!result) throw new Error(`no result event in: ${String(stdout)}`);
  return result;
}

/** Parses a .env the simple way (tests write and read plain KEY=value lines). */
export function parseEnvText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export async function readEnv(dir: string, name = '.env'): Promise<Record<string, string>> {
  return parseEnvText(await fs.readFile(path.join(dir, name), 'utf8'));
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  // As root the embedded server runs as the OS user `postgres`, which must enter the folder.
  await fs.chmod(dir, 0o755);
  return dir;
}

/** A new, empty database on the test PostgreSQL server, and its superuser URL. */
export async function freshPostgresDatabase(label: string): Promise<{ url: string; database: string }> {
  const setupError = inject('setupError');
  if (setupError) throw new Error(setupError);
  const database = `${TEST_DB_PREFIX}${inject('runId')}_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return { url: pgUrlFor(inject('pgAdminUrl'), database), database };
}

/** A URL for a database that does not exist yet on the test PostgreSQL server. */
export function newPostgresUrl(label: string): { url: string; database: string } {
  const setupError = inject('setupError');
  if (setupError) throw new Error(setupError);
  const database = `${TEST_DB_PREFIX}${inject('runId')}_${label}_${randomBytes(3).toString('hex')}`;
  return { url: pgUrlFor(inject('pgAdminUrl'), database), database };
}

/** A MongoDB URI with a database of its own on the test MongoDB-wire server. */
export function mongoUri(label: string): { url: string; database: string } {
  const setupError = inject('setupError');
  if (setupError) throw new Error(setupError);
  const database = `${TEST_DB_PREFIX}${inject('runId')}_${label}_${randomBytes(3).toString('hex')}`;
  return { url: mongoUrlFor(inject('mongoUrl'), database), database };
}

export async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    out.push(entry.name);
  }
  return out.sort();
}
