/** Runs test/search/fixtures/child.mjs and follows its JSON lines. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getEngines } from '../../harness/index.js';
import { meili } from './meiliEnv.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'child.mjs');

export interface ChildEvent {
  event: string;
  [key: string]: unknown;
}

export interface Child {
  process: ChildProcess;
  events: ChildEvent[];
  /** Resolves with the first event matching, rejects if the child exits first. */
  waitFor(match: (e: ChildEvent) => boolean, timeoutMs?: number): Promise<ChildEvent>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  kill(): Promise<void>;
}

export function startChild(
  mode: 'reindex' | 'worker',
  engine: 'postgresql' | 'mongodb',
  extraEnv: Record<string, string> = {},
): Child {
  const { postgres, mongo } = getEngines();
  const proc = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      CHILD_MODE: mode,
      CHILD_ENGINE: engine,
      CHILD_PG_URL: postgres.url,
      CHILD_MONGO_URL: mongo.url,
      MEILI_HOST: meili.host,
      MEILI_MASTER_KEY: meili.key,
      SEARCH: 'true',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ChildEvent[] = [];
  const waiters: { match: (e: ChildEvent) => boolean; resolve: (e: ChildEvent) => void }[] = [];
  let buffer = '';
  let errText = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as ChildEvent;
      events.push(event);
      for (const w of [...waiters]) {
        if (w.match(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: proc,
    events,
    exited,
    stderr: () => errText,
    waitFor(match, timeoutMs = 60_000) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child: no matching event in ${timeoutMs} ms\n${errText}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`child exited (${code ?? signal}) before the event\n${errText}`));
        });
      });
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
