/** `librechat-db up`: start the embedded server on its recorded port (it keeps running detached). */
import {
  assertPortFree,
  clusterStatus,
  embeddedError,
  HOST,
  SUPERUSER,
  startCluster,
} from '../cluster/embedded.js';
import { isInitialized, readState, writeState } from '../cluster/state.js';
import { createOutput, display, type GlobalOptions, resolveDataDir, resolveEnvFile } from '../context.js';
import { readEnvFile } from '../env/envFile.js';
import { CliError, EXIT } from '../errors.js';

export interface UpFlags {
  dataDir?: string;
  envFile?: string;
  port?: number;
  grantTraversal?: boolean;
}

export async function upCommand(flags: UpFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const dataDir = resolveDataDir(flags.dataDir);
  if (!isInitialized(dataDir)) {
    throw new CliError('E_NOT_INITIALIZED', `There is no PostgreSQL cluster in ${display(dataDir)}.`, {
      exitCode: EXIT.ENVIRONMENT,
      fix: 'librechat-db init --yes',
    });
  }
  const state = await readState(dataDir);
  const status = await clusterStatus(dataDir);
  if (status.running) {
    const port = status.port ?? state?.port;
    out.result('up', { running: true, alreadyRunning: true, host: HOST, port, pid: status.pid, dataDir }, [
      `already running on ${HOST}:${port} (pid ${status.pid ?? '?'})`,
    ]);
    return EXIT.OK;
  }
  const port = flags.port ?? state?.port;
  if (!port) {
    throw new CliError('E_PORT_UNKNOWN', `No port is recorded for ${display(dataDir)}.`, {
      exitCode: EXIT.ENVIRONMENT,
      fix: 'librechat-db up --port <port>  (or: librechat-db init --yes)',
    });
  }
  await assertPortFree(
    port,
    `stop the program using port ${port}, or run: librechat-db up --port <another port> and set POSTGRES_PORT in .env to match (librechat-db init --yes does both)`,
  );
  // startCluster logs in as the superuser to know the server is ready, so it needs the password.
  const envFile = resolveEnvFile(flags.envFile);
  const env = await readEnvFile(envFile);
  const password = env.values.POSTGRES_PASSWORD;
  if (!password) {
    throw new CliError(
      'E_PASSWORD_MISSING',
      `${display(envFile)} has no POSTGRES_PASSWORD for the server in ${display(dataDir)}.`,
      {
        exitCode: EXIT.ENVIRONMENT,
        fix: `librechat-db up --env-file <the .env init wrote>  (or restore it from ${display(envFile)}.bak-*)`,
      },
    );
  }
  out.secret(password);
  const started = performance.now();
  try {
    await startCluster({
      dataDir,
      port,
      password,
      user: state?.user ?? SUPERUSER,
      grantTraversal: flags.grantTraversal,
    });
  } catch (error) {
    const err = embeddedError(error, `start PostgreSQL on port ${port}`, dataDir, 'librechat-db up');
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === '28P01') {
      err.message = `The server started but rejected POSTGRES_PASSWORD from ${display(envFile)}.`;
      (err as { fix?: string }).fix =
        `restore POSTGRES_PASSWORD from a backup (${display(envFile)}.bak-*), or pass --env-file <the .env init wrote>`;
    }
    throw err;
  }
  const ms = Math.round(performance.now() - started);
  const after = await clusterStatus(dataDir);
  if (state && state.port !== port) {
    await writeState(dataDir, { ...state, port, updatedAt: new Date().toISOString() });
    out.warn(
      `the server now listens on port ${port}; set POSTGRES_PORT=${port} in .env (librechat-db init --yes does it)`,
    );
  }
  out.result('up', { running: true, alreadyRunning: false, host: HOST, port, pid: after.pid, dataDir, ms }, [
    `started on ${HOST}:${port} (pid ${after.pid ?? '?'}) in ${ms}ms`,
  ]);
  return EXIT.OK;
}
