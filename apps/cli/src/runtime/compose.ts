/**
 * The docker compose runtime: `docker compose --env-file <.env> -f <compose.yml> --profile <db>
 * [--profile meilisearch] up -d <services>`, then `ps --format json` until every service is
 * healthy; when one exits, turns unhealthy or the wait times out, the containers' logs are shown.
 */
import { spawn } from 'node:child_process';
import { CliError, EXIT } from '../errors.js';

export interface ComposeTarget {
  envFile: string;
  composeFile: string;
  /** Profiles, which are also the service names (`postgresql`, `mongodb`, `meilisearch`). */
  services: string[];
}

export interface ServiceState {
  service: string;
  state: string;
  health: string;
  exitCode?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function docker(): string {
  return 'docker';
}

export function composeArgs(target: ComposeTarget, ...rest: string[]): string[] {
  const profiles = target.services.flatMap((s) => ['--profile', s]);
  return ['compose', '--env-file', target.envFile, '-f', target.composeFile, ...profiles, ...rest];
}

/** The command as an operator would type it (paths as given). */
export function commandLine(args: string[]): string {
  return [docker(), ...args]
    .map((a) => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export function run(args: string[], options: { timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(docker(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs).unref()
      : undefined;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(
          new CliError('E_DOCKER_MISSING', `\`${docker()}\` was not found on PATH.`, {
            exitCode: EXIT.ENVIRONMENT,
            fix: 'install Docker with the compose plugin, or run: librechat-db init --runtime embedded (PostgreSQL without Docker)',
            cause: error,
          }),
        );
      } else reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** `docker compose ps --format json`: a JSON array (compose < 2.21) or one object per line. */
export function parsePs(stdout: string): ServiceState[] {
  const text = stdout.trim();
  if (!text) return [];
  const rows: Record<string, unknown>[] = text.startsWith('[')
    ? (JSON.parse(text) as Record<string, unknown>[])
    : text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, unknown>);
  return rows.map((r) => ({
    service: String(r.Service ?? r.Name ?? ''),
    state: String(r.State ?? '').toLowerCase(),
    health: String(r.Health ?? '').toLowerCase(),
    exitCode: typeof r.ExitCode === 'number' ? r.ExitCode : undefined,
  }));
}

export async function composeVersion(): Promise<string> {
  const r = await run(['compose', 'version', '--short']);
  if (r.code !== 0) {
    throw new CliError(
      'E_DOCKER_MISSING',
      `\`${docker()} compose\` is not available: ${(r.stderr || r.stdout).trim()}`,
      {
        exitCode: EXIT.ENVIRONMENT,
        fix: 'install the Docker compose plugin (docker compose version), or run: librechat-db init --runtime embedded',
      },
    );
  }
  return r.stdout.trim();
}

export async function composeUp(target: ComposeTarget): Promise<string[]> {
  const args = composeArgs(target, 'up', '-d', ...target.services);
  const r = await run(args);
  if (r.code !== 0) {
    throw new CliError(
      'E_COMPOSE_UP',
      `docker compose up failed (exit ${r.code}):\n${(r.stderr || r.stdout).trim()}`,
      {
        exitCode: EXIT.DATABASE,
        fix: `fix the cause above, then re-run: librechat-db init --yes  (by hand: ${commandLine(args)})`,
      },
    );
  }
  return args;
}

export async function composeLogs(target: ComposeTarget, tail = 100): Promise<string> {
  const r = await run(composeArgs(target, 'logs', '--no-color', '--tail', String(tail), ...target.services), {
    timeoutMs: 30_000,
  }).catch((error: Error) => ({ code: 1, stdout: '', stderr: error.message }));
  return `${r.stdout}${r.stderr}`.trim();
}

export async function composePs(target: ComposeTarget): Promise<ServiceState[]> {
  const r = await run(composeArgs(target, 'ps', '--all', '--format', 'json', ...target.services), {
    timeoutMs: 30_000,
  });
  if (r.code !== 0) throw new Error(`docker compose ps failed: ${(r.stderr || r.stdout).trim()}`);
  return parsePs(r.stdout);
}

/**
 * Polls until every service runs and is healthy. Throws E_RUNTIME_UNHEALTHY with the last state
 * when one exits, reports `unhealthy`, or the timeout passes; `onLogs` gets the containers' logs.
 */
export async function waitHealthy(
  target: ComposeTarget,
  options: { timeoutMs: number; intervalMs?: number; onLogs: (logs: string) => void },
): Promise<ServiceState[]> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 1_000;
  let last: ServiceState[] = [];
  let problem: string | undefined;
  for (;;) {
    last = await composePs(target);
    const byService = new Map(last.map((s) => [s.service, s]));
    const missing = target.services.filter((s) => !byService.has(s));
    const exited = last.filter((s) => s.state === 'exited' || s.state === 'dead');
    const unhealthy = last.filter((s) => s.health === 'unhealthy');
    if (exited.length) {
      problem = exited
        .map((s) => `${s.service} exited${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ''}`)
        .join(', ');
      break;
    }
    if (unhealthy.length) {
      problem = `${unhealthy.map((s) => s.service).join(', ')} reported unhealthy`;
      break;
    }
    const ready =
      !missing.length &&
      last.every((s) => s.state === 'running' && (s.health === 'healthy' || s.health === ''));
    if (ready) return last;
    if (Date.now() + interval > deadline) {
      const waiting = [
        ...missing.map((s) => `${s} has no container`),
        ...last.filter((s) => s.health !== 'healthy').map((s) => `${s.service} is ${s.health || s.state}`),
      ];
      problem = `not healthy after ${Math.round(options.timeoutMs / 1000)}s: ${waiting.join(', ')}`;
      break;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  options.onLogs(await composeLogs(target));
  const logsCommand = commandLine(composeArgs(target, 'logs', ...target.services));
  throw new CliError('E_RUNTIME_UNHEALTHY', `The containers did not become healthy: ${problem}.`, {
    exitCode: EXIT.DATABASE,
    fix: `read the logs above (again: ${logsCommand}), fix the cause, then re-run: librechat-db init --yes`,
  });
}
