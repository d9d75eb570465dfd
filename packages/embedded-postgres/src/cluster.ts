/**
 * A PostgreSQL cluster (data directory) driven through initdb and pg_ctl. `startCluster` leaves
 * the server running in its own session after this process exits; `stopCluster` stops it.
 */
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateBinaries } from './binaries.js';
import { waitForPostgres } from './client.js';
import { EmbeddedPostgresError } from './errors.js';
import { exec } from './exec.js';
import { tailFile } from './logTail.js';
import { ensureTraversable, isRoot, type RunAs, serverOsUser } from './osUser.js';
import { processAlive, readPidFile } from './pidFile.js';
import { postgresUrl } from './url.js';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is chosen when absent. */
  port?: number;
  /** The superuser's password (set by initCluster, used to check readiness). */
  password: string;
  /** The superuser's name; default `postgres`. */
  user?: string;
  /** Server log; default `<dataDir>/postgresql.log`. */
  logFile?: string;
  /**
   * As root the server runs as the OS user `postgres`, which must be able to search every
   * ancestor of the data dir and log file. When one is not searchable (e.g. /root is 0700), the
   * call fails with code NOT_TRAVERSABLE naming it, unless this is true: then `chmod o+x` is
   * applied to exactly those directories (search only; nothing becomes readable).
   */
  grantTraversal?: boolean;
  /** How long start waits for the server to accept connections; default 60 s. */
  startTimeoutMs?: number;
}

export interface RunningPostgres {
  port: number;
  host: '127.0.0.1';
  user: string;
  password: string;
  dataDir: string;
  /** `postgresql://user:password@127.0.0.1:port/database` (default database `postgres`). */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface ClusterStatus {
  running: boolean;
  pid?: number;
  port?: number;
}

const DEFAULT_USER = 'postgres';

export function defaultLogFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'postgresql.log');
}

async function giveTo(file: string, runAs: RunAs): Promise<void> {
  if (runAs.uid !== undefined && runAs.gid !== undefined) await chown(file, runAs.uid, runAs.gid);
}

/** The OS user owning an existing data dir (as root), so stop/start act as that user. */
async function ownerOf(dataDir: string): Promise<RunAs> {
  const runAs = await serverOsUser();
  if (!isRoot()) return runAs;
  const st = await stat(dataDir);
  return st.uid === 0 ? runAs : { name: runAs.name, uid: st.uid, gid: st.gid };
}

/** Creates the cluster with initdb; a no-op when `<dataDir>/PG_VERSION` exists. */
export async function initCluster(opts: EmbeddedPostgresOptions): Promise<void> {
  const dataDir = path.resolve(opts.dataDir);
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const runAs = await serverOsUser();
  await ensureTraversable(dataDir, runAs, opts.grantTraversal ?? false, 'data directory');
  const bin = await locateBinaries(runAs);
  await mkdir(dataDir, { recursive: true });
  await giveTo(dataDir, runAs);
  await chmod(dataDir, 0o700);

  // initdb reads the password from a file only the server's OS user can read.
  const secretDir = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-initdb-'));
  const pwfile = path.join(secretDir, 'pw');
  try {
    await writeFile(pwfile, `${opts.password}\n`, { mode: 0o600 });
    await giveTo(secretDir, runAs);
    await giveTo(pwfile, runAs);
    const result = await exec(
      bin.initdb,
      [
        '-D',
        dataDir,
        '--auth=scram-sha-256',
        `--username=${opts.user ?? DEFAULT_USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        // Unicode-aware upper/lower and a byte-order collation, independent of the OS locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      runAs,
    );
    if (result.code !== 0) {
      throw new EmbeddedPostgresError(
        `initdb failed for ${dataDir} (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`,
        'INITDB_FAILED',
      );
    }
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/** Reads postmaster.pid: running when its PID is alive and is a postgres process. */
export async function clusterStatus(dataDir: string): Promise<ClusterStatus> {
  const pidFile = await readPidFile(path.resolve(dataDir));
  if (!pidFile || !processAlive(pidFile.pid)) return { running: false };
  // After a reboot the PID may belong to another program.
  try {
    const comm = (await readFile(`/proc/${pidFile.pid}/comm`, 'utf8')).trim();
    if (!comm.startsWith('postgres')) return { running: false };
  } catch {
    // No /proc: trust the PID.
  }
  return { running: true, pid: pidFile.pid, ...(pidFile.port ? { port: pidFile.port } : {}) };
}

function handle(opts: EmbeddedPostgresOptions, dataDir: string, port: number): RunningPostgres {
  const user = opts.user ?? DEFAULT_USER;
  return {
    port,
    host: '127.0.0.1',
    user,
    password: opts.password,
    dataDir,
    url: (database?: string) => postgresUrl(user, opts.password, port, database),
    stop: () => stopCluster(dataDir),
  };
}

/** `-k DIR` when a socket path there fits in sun_path (107 bytes); otherwise TCP only. */
function socketDirArg(dataDir: string, port: number): string {
  const fits = Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${port}`)) < 100;
  const dir = fits ? dataDir : '';
  return `-k '${dir.replace(/'/g, `'\\''`)}'`;
}

async function prepareLogFile(logFile: string, runAs: RunAs, grant: boolean): Promise<void> {
  await ensureTraversable(logFile, runAs, grant, 'log file');
  await mkdir(path.dirname(logFile), { recursive: true });
  const fh = await open(logFile, 'a', 0o600);
  await fh.close();
  await giveTo(logFile, runAs);
}

/**
 * Starts the server detached (`pg_ctl start`) and waits until it accepts connections. When
 * the cluster is already running this returns it, on the port it runs on.
 */
export async function startCluster(
  opts: EmbeddedPostgresOptions & { port: number },
): Promise<RunningPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const current = await clusterStatus(dataDir);
  if (current.running && current.port) {
    const running = handle(opts, dataDir, current.port);
    await waitForPostgres(running.url(), timeoutMs);
    return running;
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new EmbeddedPostgresError(
      `${dataDir} is not a PostgreSQL data directory (no PG_VERSION); run initCluster first`,
      'START_FAILED',
    );
  }
  const runAs = await ownerOf(dataDir);
  const bin = await locateBinaries(runAs);
  const logFile = path.resolve(opts.logFile ?? defaultLogFile(dataDir));
  await prepareLogFile(logFile, runAs, opts.grantTraversal ?? false);

  const serverOptions = `-p ${opts.port} ${socketDirArg(dataDir, opts.port)} -c listen_addresses=127.0.0.1`;
  const result = await exec(
    bin.pg_ctl,
    [
      'start',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      String(Math.ceil(timeoutMs / 1000)),
      '-o',
      serverOptions,
    ],
    runAs,
    { detached: true },
  );
  const failure = async (reason: string, cause?: unknown): Promise<never> => {
    const tail = await tailFile(logFile);
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start on 127.0.0.1:${opts.port} (${reason})${tail ? `; last lines of ${logFile}:\n${tail}` : ''}`,
      'START_FAILED',
      cause === undefined ? undefined : { cause },
    );
  };
  if (result.code !== 0)
    await failure(`pg_ctl exit ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  const running = handle(opts, dataDir, opts.port);
  try {
    await waitForPostgres(running.url(), timeoutMs);
  } catch (error) {
    await failure((error as Error).message, error);
  }
  return running;
}

/** Stops the server with `pg_ctl stop -m fast`; a no-op when it is not running. */
export async function stopCluster(dataDir: string): Promise<void> {
  const dir = path.resolve(dataDir);
  const status = await clusterStatus(dir);
  if (!status.running) return;
  const runAs = await ownerOf(dir);
  const bin = await locateBinaries(runAs);
  const result = await exec(bin.pg_ctl, ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60'], runAs);
  if (result.code !== 0 && (await clusterStatus(dir)).running) {
    throw new EmbeddedPostgresError(
      `pg_ctl stop failed for ${dir} (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`,
      'STOP_FAILED',
    );
  }
}
