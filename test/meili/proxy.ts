/**
 * Fault switches in front of a real Meilisearch: an HTTP proxy that forwards every request and
 * injects the same faults as the test server, by means the real engine itself answers:
 *
 * - `down()` resets connections, `slow({ requestMs })` delays responses (as the test server);
 * - `failNextTasks(n)`: the next n document writes fail as Meilisearch's own failures do (the
 *   proxy answers them with an `internal` error instead of forwarding them: a real engine cannot
 *   be made to fail a task for internal reasons on demand);
 * - `rejectDocuments(predicate)`: a matching document's id is made invalid, so Meilisearch fails
 *   the whole task, as the test server does;
 * - `slow({ taskMs })` and `pauseTasks()` cannot be imposed on a real engine and throw.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Doc, DocumentWrite, FaultError } from './engine.js';
import type { MeiliFaults } from './server.js';

interface Recorded {
  taskUid: number;
  indexUid: string;
  type: DocumentWrite['type'];
  ids: string[];
}

const INVALID_ID = 'rejected by fault switch!';

export interface FaultProxy {
  host: string;
  faults: MeiliFaults;
  documentWrites(): Promise<DocumentWrite[]>;
  forgetWrites(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string, key: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  let down = false;
  let requestMs = 0;
  let failNext = 0;
  let reject: ((doc: Doc, indexUid: string) => boolean) | null = null;
  const recorded: Recorded[] = [];
  const primaryKeys = new Map<string, string>();
  const sockets = new Set<Socket>();

  async function primaryKeyOf(indexUid: string, query: URLSearchParams): Promise<string | null> {
    const given = query.get('primaryKey');
    if (given) return given;
    const known = primaryKeys.get(indexUid);
    if (known) return known;
    const res = await fetch(new URL(`indexes/${encodeURIComponent(indexUid)}`, withSlash(target)), {
      headers: { authorization: `Bearer ${key}` },
    });
    if (!res.ok) return null;
    const info = (await res.json()) as { primaryKey?: string | null };
    if (info.primaryKey) primaryKeys.set(indexUid, info.primaryKey);
    return info.primaryKey ?? null;
  }

  async function rewrite(
    method: string,
    url: URL,
    body: Buffer,
  ): Promise<{ path: string; body: Buffer; record?: Omit<Recorded, 'taskUid'> }> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const path = url.pathname + url.search;
    if (parts[0] !== 'indexes' || parts[2] !== 'documents') return { path, body };
    const indexUid = parts[1] as string;
    const isAdd = parts.length === 3 && (method === 'POST' || method === 'PUT');
    const isDeleteBatch = parts.length === 4 && parts[3] === 'delete-batch' && method === 'POST';
    const isDeleteOne = parts.length === 4 && method === 'DELETE';
    if (!isAdd && !isDeleteBatch && !isDeleteOne) return { path, body };
    if (isAdd) {
      let docs: Doc[];
      try {
        const parsed = JSON.parse(body.toString('utf8')) as Doc | Doc[];
        docs = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        return { path, body };
      }
      const pk = await primaryKeyOf(indexUid, url.searchParams);
      const ids = docs.map((d) => (pk ? String(d[pk] ?? '') : ''));
      if (pk && reject) {
        docs = docs.map((d) => (reject?.(d, indexUid) ? { ...d, [pk]: INVALID_ID } : d));
      }
      return {
        path,
        body: Buffer.from(JSON.stringify(docs)),
        record: { indexUid, type: method === 'POST' ? 'add' : 'update', ids },
      };
    }
    const ids = isDeleteOne
      ? [parts[3] as string]
      : ((JSON.parse(body.toString('utf8') || '[]') as unknown[]) ?? []).map(String);
    return { path, body, record: { indexUid, type: 'delete', ids } };
  }

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (requestMs > 0) await new Promise((r) => setTimeout(r, requestMs));
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (failNext > 0 && isDocumentWrite(req.method ?? 'GET', url)) {
      failNext--;
      const error = JSON.stringify({
        message: 'Document write failed by the fault proxy.',
        code: 'internal',
        type: 'internal',
        link: 'https://docs.meilisearch.com/errors#internal',
      });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(error);
      return;
    }
    const { path, body, record } = await rewrite(req.method ?? 'GET', url, Buffer.concat(chunks));
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const out = send(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: joinPath(upstream, path),
        headers,
      },
      (upstreamRes) => {
        const parts: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => parts.push(c));
        upstreamRes.on('end', () => {
          const payload = Buffer.concat(parts);
          if (record && upstreamRes.statusCode === 202) {
            try {
              const task = JSON.parse(payload.toString('utf8')) as { taskUid: number };
              recorded.push({ ...record, taskUid: task.taskUid });
            } catch {
              // not a task summary
            }
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          res.end(payload);
        });
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  });
  server.on('connection', (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  const unsupported = (what: string) => {
    throw new Error(
      `${what} cannot be imposed on a real Meilisearch (MEILI_HOST); it is a test-server switch`,
    );
  };

  return {
    host: `http://127.0.0.1:${port}`,
    faults: {
      down(on = true) {
        down = on;
        if (on) for (const s of sockets) s.destroy();
      },
      slow({ requestMs: r, taskMs }) {
        if (taskMs) unsupported('slow({ taskMs })');
        if (r !== undefined) requestMs = r;
      },
      failNextTasks(count: number, _error?: FaultError) {
        failNext = count;
      },
      rejectDocuments(predicate) {
        reject = predicate;
      },
      pauseTasks(on = true) {
        if (on) unsupported('pauseTasks()');
      },
      reset() {
        down = false;
        requestMs = 0;
        failNext = 0;
        reject = null;
      },
    },
    async documentWrites() {
      const out: DocumentWrite[] = [];
      for (const r of recorded) {
        const res = await fetch(new URL(`tasks/${r.taskUid}`, withSlash(target)), {
          headers: { authorization: `Bearer ${key}` },
        });
        const task = (await res.json()) as { status: string };
        out.push({ ...r, status: task.status === 'succeeded' ? 'succeeded' : 'failed' });
      }
      return out;
    },
    forgetWrites() {
      recorded.length = 0;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isDocumentWrite(method: string, url: URL): boolean {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'indexes' || parts[2] !== 'documents') return false;
  if (parts.length === 3) return method === 'POST' || method === 'PUT';
  return parts.length === 4 && ((parts[3] === 'delete-batch' && method === 'POST') || method === 'DELETE');
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function joinPath(base: URL, path: string): string {
  const prefix = base.pathname.replace(/\/$/, '');
  return `${prefix}${path}`;
}
