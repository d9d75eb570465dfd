/**
 * Which OS user runs PostgreSQL. PostgreSQL refuses to run as root, so when we are root the
 * server runs as the system user `postgres` (created with `useradd --system --no-create-home`
 * when missing). Otherwise it runs as the current user.
 */
import { execFile } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './errors.js';

const run = promisify(execFile);

export interface RunAs {
  /** Login name of the server's OS user. */
  name: string;
  /** Set only when we are root and must switch to that user. */
  uid?: number;
  gid?: number;
}

export const POSTGRES_OS_USER = 'postgres';

let cached: Promise<RunAs> | undefined;

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function lookupIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

async function resolve(): Promise<RunAs> {
  if (!isRoot()) return { name: os.userInfo().username };
  let ids = await lookupIds(POSTGRES_OS_USER);
  if (!ids) {
    try {
      await run('useradd', ['--system', '--no-create-home', POSTGRES_OS_USER]);
    } catch (error) {
      // Another process may have created it meanwhile; look again before failing.
      ids = await lookupIds(POSTGRES_OS_USER);
      if (!ids) {
        throw new EmbeddedPostgresError(
          `PostgreSQL cannot run as root and the OS user "${POSTGRES_OS_USER}" could not be created (useradd failed: ${(error as Error).message})`,
          'OS_USER',
          { cause: error },
        );
      }
    }
    ids ??= await lookupIds(POSTGRES_OS_USER);
  }
  if (!ids) {
    throw new EmbeddedPostgresError(
      `The OS user "${POSTGRES_OS_USER}" was created but cannot be looked up with id(1)`,
      'OS_USER',
    );
  }
  return { name: POSTGRES_OS_USER, ...ids };
}

/** The OS user the server runs as (memoised). */
export function serverOsUser(): Promise<RunAs> {
  cached ??= resolve().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Whether `runAs` may search (x bit) a directory with this owner and mode. */
function mayTraverse(st: { uid: number; gid: number; mode: number }, runAs: RunAs): boolean {
  if (runAs.uid === undefined) return true;
  if (st.uid === runAs.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === runAs.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/**
 * The existing ancestors of `target` (not `target` itself) that `runAs` cannot traverse.
 * Supplementary groups are not considered, so the answer errs on the side of "blocked".
 */
export async function untraversableAncestors(target: string, runAs: RunAs): Promise<string[]> {
  if (runAs.uid === undefined) return [];
  const blocked: string[] = [];
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    try {
      const st = await stat(dir);
      if (!mayTraverse(st, runAs)) blocked.push(dir);
    } catch {
      // Not created yet: mkdir will create it traversable (mode 0755 under the usual umask).
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return blocked.reverse();
}

/**
 * Makes `target`'s ancestors traversable by the server's OS user, or explains why not.
 * With `grant`, adds only the search bit for others (`chmod o+x`) to the blocking directories;
 * nothing becomes listable or readable.
 */
export async function ensureTraversable(
  target: string,
  runAs: RunAs,
  grant: boolean,
  what: string,
): Promise<void> {
  const blocked = await untraversableAncestors(target, runAs);
  if (blocked.length === 0) return;
  if (grant) {
    for (const dir of blocked) {
      const st = await stat(dir);
      await chmod(dir, (st.mode & 0o7777) | 0o001);
    }
    return;
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL runs as the OS user "${runAs.name}", which cannot reach the ${what} ${target}: ${blocked.join(', ')} ${blocked.length === 1 ? 'is' : 'are'} not searchable by it. Choose a ${what} outside ${blocked[0]}, or allow it with: chmod o+x ${blocked.join(' ')}`,
    'NOT_TRAVERSABLE',
  );
}
