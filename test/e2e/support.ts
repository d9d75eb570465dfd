/** Running the built `librechat-db` binary in a temp folder, for the e2e suites. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(repoRoot, 'apps', 'cli', 'dist', 'main.js');

/** Starting PostgreSQL on a busy 2-core CI machine can take a while. */
export const SLOW = 180_000;

/** The environment without database variables, so only the .env under test counts. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k === 'DATABASE_TYPE' || k.startsWith('POSTGRES_') || k.startsWith('MONGO_')) continue;
    env[k] = v;
  }
  return env;
}

/** Runs the CLI without a terminal; every stdout/stderr is kept in `outputs`. */
export function cliRunner(outputs: string[]) {
  return async (cwd: string, args: string[]): Promise<Result> => {
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
  };
}

export function ndjson(stdout: unknown): Record<string, unknown>[] {
  return String(stdout)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  // As root the server runs as the OS user `postgres`, which must be able to enter the folder.
  await fs.chmod(dir, 0o755);
  return dir;
}

/** The `.env` values the tests need (simple KEY=value lines, as init writes them). */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([\w.-]+)=(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}
