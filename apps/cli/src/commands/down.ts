/** `librechat-db down`: stop the embedded server. Stopping a stopped server is not an error. */
import { clusterStatus, embeddedError, stopCluster } from '../cluster/embedded.js';
import { isInitialized } from '../cluster/state.js';
import { createOutput, display, type GlobalOptions, resolveDataDir } from '../context.js';
import { EXIT } from '../errors.js';

export interface DownFlags {
  dataDir?: string;
}

export async function downCommand(flags: DownFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const dataDir = resolveDataDir(flags.dataDir);
  if (!isInitialized(dataDir)) {
    out.result('down', { running: false, wasRunning: false, dataDir }, [
      `nothing to stop: no PostgreSQL cluster in ${display(dataDir)}`,
    ]);
    return EXIT.OK;
  }
  const status = await clusterStatus(dataDir);
  if (!status.running) {
    out.result('down', { running: false, wasRunning: false, dataDir }, ['already stopped']);
    return EXIT.OK;
  }
  const started = performance.now();
  try {
    await stopCluster(dataDir);
  } catch (error) {
    throw embeddedError(error, `stop PostgreSQL (pid ${status.pid ?? '?'})`, dataDir, 'librechat-db down');
  }
  const ms = Math.round(performance.now() - started);
  out.result('down', { running: false, wasRunning: true, pid: status.pid, port: status.port, dataDir, ms }, [
    `stopped (pid ${status.pid ?? '?'}, port ${status.port ?? '?'}) in ${ms}ms`,
  ]);
  return EXIT.OK;
}
