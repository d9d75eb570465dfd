/**
 * The last failed migration run, `.librechat-db/migrations.json` beside the `.env`, so `doctor`
 * can say which migration failed and why (node-pg-migrate runs all pending migrations in one
 * transaction, so a failure leaves them all pending and nothing in the database records it).
 * Written by `migrate up` and `init` when a run fails, removed when one succeeds.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFailure {
  at: string;
  /** The migration being applied when it failed, when known. */
  migration?: string;
  message: string;
}

export function failurePath(envFile: string): string {
  return path.join(path.dirname(envFile), '.librechat-db', 'migrations.json');
}

export async function readMigrationFailure(envFile: string): Promise<MigrationFailure | undefined> {
  try {
    return JSON.parse(await fs.readFile(failurePath(envFile), 'utf8')) as MigrationFailure;
  } catch {
    return undefined;
  }
}

export function recordMigrationFailure(envFile: string, failure: MigrationFailure): void {
  const file = failurePath(envFile);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(failure, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function clearMigrationFailure(envFile: string): void {
  rmSync(failurePath(envFile), { force: true });
}

/** A node-pg-migrate log listener that remembers which migration is running. */
export function migrationTracker(log: (m: string) => void): {
  log: (m: string) => void;
  current(): string | undefined;
} {
  let current: string | undefined;
  return {
    log(message: string) {
      const m = /### MIGRATION (.+) \((UP|DOWN)\) ###/.exec(message);
      if (m) current = m[1];
      log(message);
    },
    current: () => current,
  };
}
