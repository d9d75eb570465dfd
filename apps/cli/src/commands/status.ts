/** `librechat-db status`: is the embedded server running, on which port, with which pid. */
import { clusterStatus, HOST } from '../cluster/embedded.js';
import { isInitialized, readState } from '../cluster/state.js';
import { createOutput, display, type GlobalOptions, resolveDataDir } from '../context.js';
import { EXIT } from '../errors.js';

export interface StatusFlags {
  dataDir?: string;
}

export async function statusCommand(flags: StatusFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const dataDir = resolveDataDir(flags.dataDir);
  if (!isInitialized(dataDir)) {
    out.result('status', { initialized: false, running: false, dataDir }, [
      `not set up: no PostgreSQL cluster in ${display(dataDir)}`,
      'Run: librechat-db init --yes',
    ]);
    return EXIT.CHECK_FAILED;
  }
  const state = await readState(dataDir);
  const status = await clusterStatus(dataDir);
  const port = status.port ?? state?.port;
  const data = {
    initialized: true,
    running: status.running,
    host: HOST,
    port,
    pid: status.pid,
    dataDir,
    database: state?.database,
    createdAt: state?.createdAt,
  };
  if (status.running) {
    out.result('status', data, [
      `running  ${HOST}:${port}  pid ${status.pid ?? '?'}  data ${display(dataDir)}`,
    ]);
    return EXIT.OK;
  }
  out.result('status', data, [
    `stopped  ${port ? `port ${port} (recorded)  ` : ''}data ${display(dataDir)}`,
    'Start it with: librechat-db up',
  ]);
  return EXIT.CHECK_FAILED;
}
