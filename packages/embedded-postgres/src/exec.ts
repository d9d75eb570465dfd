/** Runs a binary to completion, optionally as another OS user, capturing its output. */
import { spawn } from 'node:child_process';
import type { RunAs } from './osUser.js';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment for PostgreSQL's tools: ours, minus PG* variables that would redirect them. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG')) env[key] = value;
  }
  env.LC_ALL = 'C';
  env.LANG = 'C';
  return env;
}

export function exec(
  file: string,
  args: readonly string[],
  runAs: RunAs,
  options: { cwd?: string; timeoutMs?: number; detached?: boolean } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd ?? '/',
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own session, so the server it starts is not in our process group (Ctrl-C, exit).
      detached: options.detached ?? false,
      ...(runAs.uid === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
