/**
 * postmaster.pid: line 1 the PID, line 2 the data dir, line 4 the port, line 8 the status
 * ("ready" once connections are accepted).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface PidFile {
  pid: number;
  port?: number;
  status?: string;
}

export async function readPidFile(dataDir: string): Promise<PidFile | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const port = Number.parseInt(lines[3] ?? '', 10);
  const status = lines[7]?.trim();
  return {
    pid,
    ...(Number.isInteger(port) && port > 0 ? { port } : {}),
    ...(status ? { status } : {}),
  };
}

/** Whether a process with this PID exists (EPERM means it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
