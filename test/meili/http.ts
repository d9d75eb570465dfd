/**
 * The test server's HTTP API: the routes of https://www.meilisearch.com/docs/reference/api that
 * the `meilisearch` JS client 0.38 calls, with Meilisearch's status codes and error objects.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Doc, type IndexState, MeiliEngine } from './engine.js';
import { errors, MeiliError } from './errors.js';
import type { FilterInput } from './filter.js';
import { SETTING_BY_ROUTE, SETTINGS, type Settings, validateSetting } from './settings.js';
import type { SortSpec } from './text.js';

export const SERVER_VERSION = '1.35.1';
const MAX_PAYLOAD = 100 * 1024 * 1024;

type Action = 'search' | 'admin' | 'keys' | 'health';

export interface ApiKey {
  uid: string;
  key: string;
  name: string;
  description: string;
  actions: string[];
  indexes: string[];
  expiresAt: null;
  createdAt: string;
  updatedAt: string;
}

export function defaultKeys(masterKey: string): ApiKey[] {
  const now = new Date().toISOString();
  const make = (uid: string, name: string, description: string, actions: string[]): ApiKey => ({
    uid,
    key: createHmac('sha256', masterKey).update(uid).digest('hex'),
    name,
    description,
    actions,
    indexes: ['*'],
    expiresAt: null,
    createdAt: now,
    updatedAt: now,
  });
  return [
    make(
      '3c5e4d5a-2b37-4a86-9c8d-6c1a2f0b7e11',
      'Default Search API Key',
      'Use it to search from the frontend',
      ['search'],
    ),
    make(
      '8f7a1c2d-5e6b-4c3a-9d8e-7f6a5b4c3d21',
      'Default Admin API Key',
      'Use it for anything that is not a search operation. Caution! Do not expose it on a public frontend',
      ['*'],
    ),
  ];
}

export interface HttpOptions {
  engine: MeiliEngine;
  masterKey: string;
  keys: ApiKey[];
  /** Each response waits this long first (fault switch). */
  requestDelay(): number;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD) {
        reject(
          new MeiliError(
            'payload_too_large',
            `The provided payload reached the size limit. The maximum accepted payload size is 100 MiB.`,
            413,
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw errors.missingPayload();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.malformedPayload((error as Error).message);
  }
}

function parseDocuments(raw: Buffer, contentType: string): Doc[] {
  if (contentType.includes('ndjson')) {
    const lines = raw
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    if (lines.length === 0) throw errors.missingPayload();
    return lines.map((line) => {
      try {
        return JSON.parse(line) as Doc;
      } catch (error) {
        throw errors.malformedPayload((error as Error).message);
      }
    });
  }
  if (!contentType.includes('json')) {
    throw new MeiliError(
      'invalid_content_type',
      `The Content-Type \`${contentType}\` is invalid. Accepted values for the Content-Type header are: \`application/json\`, \`application/x-ndjson\``,
      415,
    );
  }
  const body = parseJson(raw);
  const docs = Array.isArray(body) ? body : [body];
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      throw errors.malformedPayload('documents must be JSON objects');
    }
  }
  return docs as Doc[];
}

function intParam(value: unknown, code: string, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new MeiliError(
      code,
      `Invalid value in parameter \`${name}\`: could not parse \`${String(value)}\` as a positive integer`,
    );
  }
  return n;
}

function listParam(value: unknown, code: string, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new MeiliError(
    code,
    `Invalid value type at \`.${name}\`: expected an array, but found ${JSON.stringify(value)}`,
  );
}

const SEARCH_PARAMS = new Set([
  'q',
  'offset',
  'limit',
  'page',
  'hitsPerPage',
  'attributesToRetrieve',
  'attributesToCrop',
  'cropLength',
  'cropMarker',
  'attributesToHighlight',
  'highlightPreTag',
  'highlightPostTag',
  'showMatchesPosition',
  'filter',
  'sort',
  'distinct',
  'facets',
  'matchingStrategy',
  'attributesToSearchOn',
  'showRankingScore',
  'showRankingScoreDetails',
  'rankingScoreThreshold',
  'vector',
  'hybrid',
  'retrieveVectors',
  'locales',
]);
/** Documented parameters the test server does not implement: refused rather than ignored. */
const UNSUPPORTED = [
  'attributesToCrop',
  'attributesToHighlight',
  'showMatchesPosition',
  'distinct',
  'facets',
  'attributesToSearchOn',
  'showRankingScoreDetails',
  'rankingScoreThreshold',
  'vector',
  'hybrid',
];

export function createHandler(options: HttpOptions) {
  const engine: MeiliEngine = options.engine;
  const { masterKey, keys } = options;

  function authorize(req: IncomingMessage, action: Action): void {
    if (action === 'health') return;
    const header = req.headers.authorization;
    if (!header) throw errors.missingAuthorizationHeader();
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw errors.invalidApiKey();
    const token = (match[1] as string).trim();
    if (token === masterKey) return;
    const key = keys.find((k) => k.key === token);
    if (!key || action === 'keys') throw errors.invalidApiKey();
    if (key.actions.includes('*')) return;
    if (action === 'search' && key.actions.includes('search')) return;
    throw errors.invalidApiKey();
  }

  function searchParams(source: Record<string, unknown>, fromQuery: boolean) {
    for (const key of Object.keys(source)) {
      if (!SEARCH_PARAMS.has(key)) {
        throw errors.badRequest(
          `Unknown field \`${key}\`: expected one of ${[...SEARCH_PARAMS].map((k) => `\`${k}\``).join(', ')}`,
        );
      }
    }
    for (const key of UNSUPPORTED) {
      const v = source[key];
      if (v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0)) {
        throw errors.badRequest(
          `The Meilisearch test server does not implement the \`${key}\` search parameter.`,
        );
      }
    }
    const q = source.q ?? '';
    if (typeof q !== 'string')
      throw new MeiliError(
        'invalid_search_q',
        `Invalid value type at \`.q\`: expected a string, but found ${JSON.stringify(q)}`,
      );
    const strategy = (source.matchingStrategy ?? 'last') as string;
    if (!['last', 'all', 'frequency'].includes(strategy)) {
      throw new MeiliError(
        'invalid_search_matching_strategy',
        `Unknown value \`${strategy}\` at \`.matchingStrategy\`: expected one of \`last\`, \`all\`, \`frequency\``,
      );
    }
    const sortList = listParam(source.sort, 'invalid_search_sort', 'sort') ?? [];
    const sort: SortSpec = sortList.map((s) => {
      const m = /^(.+):(asc|desc)$/.exec(s);
      if (!m)
        throw new MeiliError(
          'invalid_search_sort',
          `Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${s}\`.`,
        );
      return { attr: m[1] as string, dir: m[2] === 'asc' ? 1 : -1 };
    });
    const pageMode = source.page !== undefined || source.hitsPerPage !== undefined;
    let filter = source.filter as FilterInput;
    if (fromQuery && typeof filter === 'string' && filter === '') filter = undefined;
    return {
      q,
      filter,
      sort,
      matchingStrategy: (strategy === 'all' ? 'all' : 'last') as 'last' | 'all',
      limit: intParam(source.limit, 'invalid_search_limit', 'limit', 20),
      offset: intParam(source.offset, 'invalid_search_offset', 'offset', 0),
      page: pageMode ? intParam(source.page, 'invalid_search_page', 'page', 1) : undefined,
      hitsPerPage: pageMode
        ? intParam(source.hitsPerPage, 'invalid_search_hits_per_page', 'hitsPerPage', 20)
        : undefined,
      attributesToRetrieve: listParam(
        source.attributesToRetrieve,
        'invalid_search_attributes_to_retrieve',
        'attributesToRetrieve',
      ),
      showRankingScore: source.showRankingScore === true || source.showRankingScore === 'true',
    };
  }

  function runSearch(index: IndexState, raw: Record<string, unknown>, fromQuery: boolean) {
    const started = performance.now();
    const p = searchParams(raw, fromQuery);
    const sortable = index.settings.sortableAttributes as string[];
    for (const { attr } of p.sort) {
      if (!sortable.includes(attr)) {
        throw new MeiliError(
          'invalid_search_sort',
          `Attribute \`${attr}\` is not sortable. Available sortable attributes are: \`${sortable.join(', ')}\`.`,
        );
      }
    }
    const maxTotalHits = ((index.settings.pagination as { maxTotalHits: number }).maxTotalHits ??
      1000) as number;
    const ranked = engine.search(index, p).slice(0, maxTotalHits);
    const project = (doc: Doc, position: number) => {
      const hit = engine.displayed(index, doc, p.attributesToRetrieve);
      // The test server has no relevancy score: rank position stands in for it, in (0, 1].
      if (p.showRankingScore) hit._rankingScore = 1 / (1 + position);
      return hit;
    };
    const processingTimeMs = Math.round(performance.now() - started);
    if (p.page !== undefined && p.hitsPerPage !== undefined) {
      const from = (Math.max(p.page, 1) - 1) * p.hitsPerPage;
      const hits = p.page === 0 ? [] : ranked.slice(from, from + p.hitsPerPage);
      return {
        hits: hits.map((d, i) => project(d, from + i)),
        query: p.q,
        processingTimeMs,
        hitsPerPage: p.hitsPerPage,
        page: p.page,
        totalPages: p.hitsPerPage === 0 ? 0 : Math.ceil(ranked.length / p.hitsPerPage),
        totalHits: ranked.length,
      };
    }
    return {
      hits: ranked.slice(p.offset, p.offset + p.limit).map((d, i) => project(d, p.offset + i)),
      query: p.q,
      processingTimeMs,
      limit: p.limit,
      offset: p.offset,
      estimatedTotalHits: ranked.length,
    };
  }

  function documentsPage(index: IndexState, params: Record<string, unknown>) {
    const offset = intParam(params.offset, 'invalid_document_offset', 'offset', 0);
    const limit = intParam(params.limit, 'invalid_document_limit', 'limit', 20);
    const fields = listParam(params.fields, 'invalid_document_fields', 'fields');
    const ids =
      params.ids === undefined ? undefined : (listParam(params.ids, 'invalid_document_ids', 'ids') ?? []);
    const filter = params.filter as FilterInput;
    const all = engine.listDocuments(index, filter === '' ? undefined : filter, ids);
    return {
      results: all.slice(offset, offset + limit).map((d) => engine.displayed(index, d, fields)),
      offset,
      limit,
      total: all.length,
    };
  }

  function listTasks(query: URLSearchParams) {
    const list = (name: string) =>
      query
        .get(name)
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const uids = list('uids')?.map(Number);
    const batchUids = list('batchUids')?.map(Number);
    const statuses = list('statuses');
    const types = list('types');
    const indexUids = list('indexUids');
    const canceledBy = list('canceledBy')?.map(Number);
    const date = (name: string) =>
      query.get(name) ? new Date(query.get(name) as string).getTime() : undefined;
    const bounds = {
      beforeEnqueuedAt: date('beforeEnqueuedAt'),
      afterEnqueuedAt: date('afterEnqueuedAt'),
      beforeStartedAt: date('beforeStartedAt'),
      afterStartedAt: date('afterStartedAt'),
      beforeFinishedAt: date('beforeFinishedAt'),
      afterFinishedAt: date('afterFinishedAt'),
    };
    const limit = intParam(query.get('limit') ?? undefined, 'invalid_task_limit', 'limit', 20);
    const from =
      query.get('from') === null ? undefined : intParam(query.get('from'), 'invalid_task_from', 'from', 0);
    const reverse = query.get('reverse') === 'true';
    const at = (v: string | null) => (v ? new Date(v).getTime() : undefined);
    const matches = engine.tasks.filter((t) => {
      if (t.deleted) return false;
      if (uids && !uids.includes(t.uid)) return false;
      if (batchUids && (t.batchUid === null || !batchUids.includes(t.batchUid))) return false;
      if (statuses && !statuses.includes(t.status)) return false;
      if (types && !types.includes(t.type)) return false;
      if (indexUids && (t.indexUid === null || !indexUids.includes(t.indexUid))) return false;
      if (canceledBy && (t.canceledBy === null || !canceledBy.includes(t.canceledBy))) return false;
      const enq = at(t.enqueuedAt) as number;
      const sta = at(t.startedAt);
      const fin = at(t.finishedAt);
      if (bounds.beforeEnqueuedAt !== undefined && !(enq < bounds.beforeEnqueuedAt)) return false;
      if (bounds.afterEnqueuedAt !== undefined && !(enq > bounds.afterEnqueuedAt)) return false;
      if (bounds.beforeStartedAt !== undefined && !(sta !== undefined && sta < bounds.beforeStartedAt))
        return false;
      if (bounds.afterStartedAt !== undefined && !(sta !== undefined && sta > bounds.afterStartedAt))
        return false;
      if (bounds.beforeFinishedAt !== undefined && !(fin !== undefined && fin < bounds.beforeFinishedAt))
        return false;
      if (bounds.afterFinishedAt !== undefined && !(fin !== undefined && fin > bounds.afterFinishedAt))
        return false;
      return true;
    });
    const ordered = reverse ? matches : [...matches].reverse();
    const started =
      from === undefined ? ordered : ordered.filter((t) => (reverse ? t.uid >= from : t.uid <= from));
    const page = started.slice(0, limit);
    const next = started[limit];
    return {
      results: page.map((t) => engine.taskView(t)),
      total: matches.length,
      limit,
      from: page[0]?.uid ?? null,
      next: next ? next.uid : null,
    };
  }

  function taskFilterSelection(query: URLSearchParams, action: 'cancel' | 'delete') {
    const allowed = [
      'uids',
      'batchUids',
      'statuses',
      'types',
      'indexUids',
      'canceledBy',
      'beforeEnqueuedAt',
      'afterEnqueuedAt',
      'beforeStartedAt',
      'afterStartedAt',
      'beforeFinishedAt',
      'afterFinishedAt',
    ];
    if (!allowed.some((k) => query.has(k))) {
      throw new MeiliError(
        'missing_task_filters',
        `Query parameters to filter the tasks to ${action} are missing. Available query parameters are: ${allowed.map((k) => `\`${k}\``).join(', ')}.`,
      );
    }
    const q = new URLSearchParams(query);
    q.set('limit', String(Number.MAX_SAFE_INTEGER));
    return listTasks(q).results.map((t) => t.uid);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = url.searchParams;
    const contentType = String(req.headers['content-type'] ?? '');

    if (parts[0] === 'health' && parts.length === 1 && method === 'GET') {
      authorize(req, 'health');
      return send(res, 200, { status: 'available' });
    }
    if (parts[0] === 'keys') {
      authorize(req, 'keys');
      if (parts.length === 1 && method === 'GET') {
        const offset = intParam(query.get('offset') ?? undefined, 'invalid_api_key_offset', 'offset', 0);
        const limit = intParam(query.get('limit') ?? undefined, 'invalid_api_key_limit', 'limit', 20);
        return send(res, 200, {
          results: keys.slice(offset, offset + limit),
          offset,
          limit,
          total: keys.length,
        });
      }
      if (parts.length === 2 && method === 'GET') {
        const key = keys.find((k) => k.key === parts[1] || k.uid === parts[1]);
        if (!key) throw errors.apiKeyNotFound(parts[1] as string);
        return send(res, 200, key);
      }
      throw new MeiliError(
        'bad_request',
        'The Meilisearch test server does not manage API keys beyond the default ones.',
        400,
      );
    }
    if (parts[0] === 'version' && parts.length === 1 && method === 'GET') {
      authorize(req, 'admin');
      return send(res, 200, {
        commitSha: 'test-server',
        commitDate: '2024-01-01T00:00:00Z',
        pkgVersion: SERVER_VERSION,
      });
    }
    if (parts[0] === 'stats' && parts.length === 1 && method === 'GET') {
      authorize(req, 'admin');
      const indexes: Record<string, unknown> = {};
      let size = 0;
      for (const [uid, index] of [...engine.indexes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const stats = engine.stats(index);
        size += stats.rawDocumentDbSize;
        indexes[uid] = stats;
      }
      return send(res, 200, {
        databaseSize: size,
        usedDatabaseSize: size,
        lastUpdate: engine.lastUpdate ? engine.lastUpdate.toISOString() : null,
        indexes,
      });
    }
    if (parts[0] === 'swap-indexes' && parts.length === 1 && method === 'POST') {
      authorize(req, 'admin');
      const body = parseJson(await readBody(req));
      if (!Array.isArray(body)) throw new MeiliError('bad_request', 'Invalid value type: expected an array');
      const seen = new Set<string>();
      const swaps = body.map((item) => {
        const indexes = (item as { indexes?: unknown })?.indexes;
        if (!Array.isArray(indexes) || indexes.length !== 2) throw errors.invalidSwapIndexes();
        for (const uid of indexes) {
          engine.assertIndexUid(uid);
          if (seen.has(uid)) throw errors.swapDuplicate(uid);
          seen.add(uid);
        }
        if ((item as { rename?: boolean }).rename) {
          throw errors.badRequest('The Meilisearch test server does not implement `rename` swaps.');
        }
        return { indexes: indexes as [string, string] };
      });
      return send(res, 202, engine.swapIndexes(swaps));
    }
    if (parts[0] === 'multi-search' && parts.length === 1 && method === 'POST') {
      authorize(req, 'search');
      const body = parseJson(await readBody(req)) as { queries?: Record<string, unknown>[] };
      if (!Array.isArray(body?.queries)) throw errors.badRequest('Missing field `queries`');
      const results = body.queries.map((q, i) => {
        const { indexUid, ...params } = q;
        try {
          engine.assertIndexUid(indexUid);
          return { indexUid, ...runSearch(engine.getIndex(indexUid), params, false) };
        } catch (error) {
          if (error instanceof MeiliError) {
            throw new MeiliError(
              error.code,
              `Inside \`.queries[${i}]\`: ${error.message}`,
              error.httpStatus,
              error.type,
            );
          }
          throw error;
        }
      });
      return send(res, 200, { results });
    }
    if (parts[0] === 'tasks') {
      authorize(req, 'admin');
      if (parts.length === 1 && method === 'GET') return send(res, 200, listTasks(query));
      if (parts.length === 2 && parts[1] === 'cancel' && method === 'POST') {
        const selected = taskFilterSelection(query, 'cancel');
        const originalFilter = `?${query.toString()}`;
        return send(
          res,
          200,
          engine.enqueue(
            'taskCancelation',
            null,
            { matchedTasks: selected.length, canceledTasks: null, originalFilter },
            () => {
              let canceled = 0;
              const self = engine.tasks[engine.tasks.length - 1];
              for (const uid of selected) {
                const t = engine.tasks[uid];
                if (t && t.status === 'enqueued') {
                  t.status = 'canceled';
                  t.canceledBy = self?.uid ?? null;
                  t.finishedAt = new Date().toISOString();
                  canceled++;
                }
              }
              return { canceledTasks: canceled };
            },
          ),
        );
      }
      if (parts.length === 1 && method === 'DELETE') {
        const selected = taskFilterSelection(query, 'delete');
        const originalFilter = `?${query.toString()}`;
        return send(
          res,
          200,
          engine.enqueue(
            'taskDeletion',
            null,
            { matchedTasks: selected.length, deletedTasks: null, originalFilter },
            () => {
              // Task uids are positions in the log: a deleted task is hidden, never reused.
              let deleted = 0;
              for (const uid of selected) {
                const t = engine.tasks[uid];
                if (t && (t.status === 'succeeded' || t.status === 'failed' || t.status === 'canceled')) {
                  t.deleted = true;
                  deleted++;
                }
              }
              return { deletedTasks: deleted };
            },
          ),
        );
      }
      if (parts.length === 2 && method === 'GET') {
        const uid = Number(parts[1]);
        if (!/^\d+$/.test(parts[1] as string)) {
          throw new MeiliError(
            'invalid_task_uids',
            `Invalid value in parameter \`taskUid\`: could not parse \`${parts[1]}\` as a positive integer`,
          );
        }
        return send(res, 200, engine.taskView(engine.getTask(uid)));
      }
      throw errors.notFoundRoute();
    }
    if (parts[0] !== 'indexes') throw errors.notFoundRoute();

    // ── /indexes ─────────────────────────────────────────────────────────────
    if (parts.length === 1) {
      authorize(req, 'admin');
      if (method === 'GET') {
        const offset = intParam(query.get('offset') ?? undefined, 'invalid_index_offset', 'offset', 0);
        const limit = intParam(query.get('limit') ?? undefined, 'invalid_index_limit', 'limit', 20);
        const all = [...engine.indexes.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1));
        return send(res, 200, {
          results: all.slice(offset, offset + limit).map((i) => engine.indexView(i)),
          offset,
          limit,
          total: all.length,
        });
      }
      if (method === 'POST') {
        const body = parseJson(await readBody(req)) as { uid?: unknown; primaryKey?: unknown };
        if (body?.uid === undefined) throw errors.missingIndexUid();
        engine.assertIndexUid(body.uid);
        const pk = body.primaryKey ?? null;
        if (pk !== null && typeof pk !== 'string') {
          throw new MeiliError(
            'invalid_index_primary_key',
            `Invalid value type at \`.primaryKey\`: expected a string, but found ${JSON.stringify(pk)}`,
          );
        }
        return send(res, 202, engine.createIndex(body.uid, pk));
      }
      throw errors.notFoundRoute();
    }
    const uid = parts[1] as string;
    engine.assertIndexUid(uid);
    const sub = parts[2];

    if (parts.length === 2) {
      authorize(req, 'admin');
      if (method === 'GET') return send(res, 200, engine.indexView(engine.getIndex(uid)));
      if (method === 'PATCH') {
        const body = parseJson(await readBody(req)) as { primaryKey?: unknown };
        const pk = body?.primaryKey ?? null;
        if (pk !== null && typeof pk !== 'string') {
          throw new MeiliError(
            'invalid_index_primary_key',
            `Invalid value type at \`.primaryKey\`: expected a string, but found ${JSON.stringify(pk)}`,
          );
        }
        return send(res, 202, engine.updateIndex(uid, pk));
      }
      if (method === 'DELETE') return send(res, 202, engine.deleteIndex(uid));
      throw errors.notFoundRoute();
    }

    if (sub === 'search' && parts.length === 3) {
      authorize(req, 'search');
      if (method === 'POST') {
        const body = (parseJson(await readBody(req)) ?? {}) as Record<string, unknown>;
        return send(res, 200, runSearch(engine.getIndex(uid), body, false));
      }
      if (method === 'GET') {
        const params: Record<string, unknown> = {};
        for (const [k, v] of query) params[k] = v;
        return send(res, 200, runSearch(engine.getIndex(uid), params, true));
      }
      throw errors.notFoundRoute();
    }

    if (sub === 'stats' && parts.length === 3 && method === 'GET') {
      authorize(req, 'admin');
      return send(res, 200, engine.stats(engine.getIndex(uid)));
    }

    if (sub === 'documents') {
      authorize(req, 'admin');
      if (parts.length === 3) {
        if (method === 'GET') {
          const params: Record<string, unknown> = {};
          for (const [k, v] of query) params[k] = v;
          return send(res, 200, documentsPage(engine.getIndex(uid), params));
        }
        if (method === 'POST' || method === 'PUT') {
          const docs = parseDocuments(await readBody(req), contentType);
          const pk = query.get('primaryKey');
          return send(res, 202, engine.addDocuments(uid, docs, pk, method === 'POST' ? 'replace' : 'update'));
        }
        if (method === 'DELETE') return send(res, 202, engine.deleteAllDocuments(uid));
        throw errors.notFoundRoute();
      }
      const action = parts[3] as string;
      if (parts.length === 4 && action === 'fetch' && method === 'POST') {
        const body = (parseJson(await readBody(req)) ?? {}) as Record<string, unknown>;
        return send(res, 200, documentsPage(engine.getIndex(uid), body));
      }
      if (parts.length === 4 && action === 'delete-batch' && method === 'POST') {
        const body = parseJson(await readBody(req));
        if (!Array.isArray(body))
          throw errors.badRequest('Invalid value type: expected an array of document ids');
        return send(res, 202, engine.deleteDocuments(uid, body.map(String)));
      }
      if (parts.length === 4 && action === 'delete' && method === 'POST') {
        const body = parseJson(await readBody(req)) as { filter?: FilterInput };
        if (body?.filter === undefined || body.filter === null) throw errors.missingDocumentFilter();
        return send(res, 202, engine.deleteDocumentsByFilter(uid, body.filter));
      }
      if (parts.length === 4 && method === 'GET') {
        const index = engine.getIndex(uid);
        const stored = index.docs.get(action);
        if (!stored) throw errors.documentNotFound(action);
        const fields = listParam(query.get('fields') ?? undefined, 'invalid_document_fields', 'fields');
        return send(res, 200, engine.displayed(index, stored.doc, fields));
      }
      if (parts.length === 4 && method === 'DELETE')
        return send(res, 202, engine.deleteDocuments(uid, [action]));
      throw errors.notFoundRoute();
    }

    if (sub === 'settings') {
      authorize(req, 'admin');
      if (parts.length === 3) {
        if (method === 'GET') return send(res, 200, engine.getIndex(uid).settings);
        if (method === 'PATCH') {
          const body = parseJson(await readBody(req)) as Settings;
          if (!body || typeof body !== 'object' || Array.isArray(body))
            throw errors.badRequest('Invalid value type: expected an object');
          for (const [name, value] of Object.entries(body)) validateSetting(name, value);
          return send(res, 202, engine.updateSettings(uid, body));
        }
        if (method === 'DELETE') {
          const reset = Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, null]));
          return send(res, 202, engine.updateSettings(uid, reset));
        }
        throw errors.notFoundRoute();
      }
      const name = SETTING_BY_ROUTE.get(parts[3] as string);
      if (!name || parts.length !== 4) throw errors.notFoundRoute();
      const spec = SETTINGS[name] as (typeof SETTINGS)[string];
      if (method === 'GET') return send(res, 200, engine.getIndex(uid).settings[name]);
      if (method === spec.method) {
        const value = parseJson(await readBody(req));
        validateSetting(name, value);
        return send(res, 202, engine.updateSettings(uid, { [name]: value }));
      }
      if (method === 'DELETE') return send(res, 202, engine.updateSettings(uid, { [name]: null }));
      throw errors.notFoundRoute();
    }

    throw errors.notFoundRoute();
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const delay = options.requestDelay();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      await route(req, res);
    } catch (error) {
      if (error instanceof MeiliError) return send(res, error.httpStatus, error.body());
      send(res, 500, errors.internal(String((error as Error)?.stack ?? error)).body());
    }
  };
}

export { MeiliEngine };
