/**
 * A tiny stand-in for Meilisearch's HTTP API, enough for `librechat-db` (GET /health, GET
 * /indexes/<uid>/stats with the master key): tests set each index's document count, or leave an
 * index out (404 index_not_found), or make the server unhealthy. Listens on 127.0.0.1 only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MeiliStub {
  url: string;
  key: string;
  /** Document counts per index uid; a missing uid answers 404. */
  indexes: Record<string, number>;
  healthy: boolean;
  requests: string[];
  close(): Promise<void>;
}

export async function startMeiliStub(key: string, port = 0): Promise<MeiliStub> {
  const stub = { key, indexes: {} as Record<string, number>, healthy: true, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    stub.requests.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health') {
      return stub.healthy ? send(200, { status: 'available' }) : send(503, { message: 'unavailable' });
    }
    const m = /^\/indexes\/([^/]+)\/stats$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      if (req.headers.authorization !== `Bearer ${stub.key}`) {
        return send(req.headers.authorization ? 403 : 401, { code: 'invalid_api_key' });
      }
      const uid = decodeURIComponent(m[1] ?? '');
      const count = stub.indexes[uid];
      if (count === undefined)
        return send(404, { code: 'index_not_found', message: `Index \`${uid}\` not found.` });
      return send(200, { numberOfDocuments: count, isIndexing: false, fieldDistribution: {} });
    }
    send(404, { code: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
