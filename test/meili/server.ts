/**
 * A Meilisearch-compatible HTTP server for tests (no Meilisearch binary can be installed here).
 *
 *   const meili = await start();          // { kind, host, key, faults, documentWrites, stop }
 *   const client = new MeiliSearch({ host: meili.host, apiKey: meili.key });
 *
 * Fault switches (`meili.faults`): `down()` resets every connection, `slow({ requestMs, taskMs })`
 * delays responses / task processing, `failNextTasks(n)` fails the next n tasks with an internal
 * error, `rejectDocuments(predicate)` fails any document task carrying a matching document (as
 * Meilisearch rejects a whole payload with one invalid document), `pauseTasks()` keeps tasks
 * enqueued. `reset()` clears them all.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Doc, type DocumentWrite, type FaultError, MeiliEngine } from './engine.js';
import { createHandler, defaultKeys } from './http.js';

export interface MeiliFaults {
  /** Every connection is reset (new and open ones) while down. */
  down(on?: boolean): void;
  slow(options: { requestMs?: number; taskMs?: number }): void;
  failNextTasks(count: number, error?: FaultError): void;
  rejectDocuments(predicate: ((doc: Doc, indexUid: string) => boolean) | null, error?: FaultError): void;
  pauseTasks(on?: boolean): void;
  reset(): void;
}

export interface MeiliHandle {
  kind: 'test-server' | 'meilisearch';
  host: string;
  key: string;
  faults: MeiliFaults;
  /** Document writes received, in task order, with their outcome. */
  documentWrites(): Promise<DocumentWrite[]>;
  /** Resets the fault switches, waits for queued tasks, deletes every index (a clean slate). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_REJECTION: FaultError = {
  code: 'invalid_document_fields',
  message: 'A document was rejected by the test server fault switch.',
  type: 'invalid_request',
};

export interface TestServerHandle extends MeiliHandle {
  kind: 'test-server';
  engine: MeiliEngine;
}

export async function start(options: { key?: string; port?: number } = {}): Promise<TestServerHandle> {
  const key = options.key ?? randomBytes(16).toString('hex');
  const engine = new MeiliEngine();
  let requestMs = 0;
  let down = false;
  const handler = createHandler({
    engine,
    masterKey: key,
    keys: defaultKeys(key),
    requestDelay: () => requestMs,
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    void handler(req, res);
  });
  server.on('connection', (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const faults: MeiliFaults = {
    down(on = true) {
      down = on;
      if (on) for (const s of sockets) s.destroy();
    },
    slow({ requestMs: r, taskMs }) {
      if (r !== undefined) requestMs = r;
      if (taskMs !== undefined) engine.faults.taskDelayMs = taskMs;
    },
    failNextTasks(count, error) {
      engine.faults.failNext = { count, error: error ?? engine.faults.failNext.error };
    },
    rejectDocuments(predicate, error = DEFAULT_REJECTION) {
      engine.faults.reject = predicate ? { predicate, error } : null;
    },
    pauseTasks(on = true) {
      engine.faults.paused = on;
      if (!on) engine.schedule();
    },
    reset() {
      down = false;
      requestMs = 0;
      engine.faults.taskDelayMs = 0;
      engine.faults.failNext.count = 0;
      engine.faults.reject = null;
      if (engine.faults.paused) {
        engine.faults.paused = false;
        engine.schedule();
      }
    },
  };

  return {
    kind: 'test-server',
    host: `http://127.0.0.1:${port}`,
    key,
    engine,
    faults,
    documentWrites: async () => [...engine.documentWrites],
    async clear() {
      faults.reset();
      await engine.idle();
      engine.indexes.clear();
      engine.documentWrites.length = 0;
    },
    async stop() {
      engine.stop();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
