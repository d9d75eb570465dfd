/**
 * The embedded runtime: `planEmbedded` picks the port and checks the data dir before anything is
 * written; the step initializes the data dir if needed and makes sure the server is running.
 */
import {
  assertDataDirWritable,
  assertPortFree,
  clusterStatus,
  embeddedError,
  findFreePort,
  HOST,
  initCluster,
  startCluster,
} from '../../cluster/embedded.js';
import { type ClusterState, isInitialized, writeState } from '../../cluster/state.js';
import { display } from '../../context.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import type { InitContext, InitSettings } from '../context.js';

/** The port the server runs (or will run) on; fails early when it is taken or the dir is not writable. */
export async function planEmbedded(settings: InitSettings, state: ClusterState | undefined): Promise<number> {
  const { dataDir } = settings;
  const status = isInitialized(dataDir) ? await clusterStatus(dataDir) : { running: false as const };
  if (status.running) {
    const port = status.port ?? state?.port ?? 0;
    if (!port) {
      throw new CliError(
        'E_PORT_UNKNOWN',
        `The server in ${display(dataDir)} is running but its port is unknown.`,
        {
          exitCode: EXIT.ENVIRONMENT,
          fix: 'librechat-db down && librechat-db init --yes',
        },
      );
    }
    if (settings.requestedPort && settings.requestedPort !== port) {
      throw new CliError(
        'E_ALREADY_RUNNING',
        `The server in ${display(dataDir)} is already running on port ${port}, not ${settings.requestedPort}.`,
        {
          exitCode: EXIT.ENVIRONMENT,
          fix: `librechat-db down, then: librechat-db init --yes --port ${settings.requestedPort}`,
        },
      );
    }
    return port;
  }
  const port = settings.requestedPort ?? state?.port ?? (await findFreePort());
  const flag = settings.requestedPort ? '--port' : state?.port ? 'the recorded port' : 'the chosen port';
  await assertPortFree(
    port,
    `stop the program using port ${port}, or run: librechat-db init --yes --port <another port> (${flag} was ${port})`,
  );
  await assertDataDirWritable(dataDir);
  return port;
}

export const startServerStep: Step<InitContext> = {
  id: 'start-runtime',
  title: 'Start embedded PostgreSQL',
  async run(ctx) {
    const { settings, state } = ctx;
    const { dataDir } = settings;

    const wasInitialized = isInitialized(dataDir);
    const status = wasInitialized ? await clusterStatus(dataDir) : { running: false as const };

    let port = ctx.plannedPort ?? (await planEmbedded(settings, state));
    let pid: number | undefined;
    let started = false;
    if (status.running) {
      port = status.port ?? port;
      pid = status.pid;
    } else {
      const opts = {
        dataDir,
        port,
        password: ctx.password,
        user: settings.user,
        grantTraversal: settings.grantTraversal,
      };
      const retry = 'librechat-db init --yes';
      if (!wasInitialized) {
        try {
          await initCluster(opts);
        } catch (error) {
          throw embeddedError(error, `initialize PostgreSQL in ${display(dataDir)}`, dataDir, retry);
        }
      }
      try {
        const running = await startCluster(opts);
        port = running.port;
      } catch (error) {
        throw embeddedError(error, `start PostgreSQL on port ${port}`, dataDir, retry);
      }
      pid = (await clusterStatus(dataDir)).pid;
      started = true;
    }

    if (
      !state ||
      state.port !== port ||
      state.user !== settings.user ||
      state.database !== settings.database
    ) {
      const now = new Date().toISOString();
      await writeState(dataDir, {
        version: 1,
        port,
        user: settings.user,
        database: settings.database,
        createdAt: state?.createdAt ?? now,
        ...(state ? { updatedAt: now } : {}),
      });
    }

    ctx.server = { port, pid, created: !wasInitialized, started };
    const where = `${HOST}:${port}`;
    if (!wasInitialized) return `new cluster in ${display(dataDir)}, running on ${where}`;
    if (started) return `started on ${where}`;
    return `already running on ${where}${pid ? ` (pid ${pid})` : ''}`;
  },
};
