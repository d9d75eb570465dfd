/**
 * The test server's state: indexes (documents, settings, primary key), the asynchronous task
 * queue, and the fault switches tests use. HTTP is in http.ts; this module knows nothing of it.
 *
 * Tasks run one at a time in uid order, as Meilisearch's scheduler guarantees for the effects a
 * client can observe: `enqueued` → `processing` → `succeeded` | `failed`. A failed document task
 * changes nothing (Meilisearch rejects the whole payload when one document is invalid).
 */
import { errors, MeiliError, type MeiliErrorBody } from './errors.js';
import { assertFilterable, type FilterInput, matchesFilter, parseFilter } from './filter.js';
import { applySettings, defaultSettings, type Settings } from './settings.js';
import { type Candidate, documentTokens, matchDocument, parseQuery, rank, type SortSpec } from './text.js';

export type Doc = Record<string, unknown>;

interface StoredDoc {
  doc: Doc;
  order: number;
  tokens?: ReturnType<typeof documentTokens>;
  tokensFor?: string;
}

export interface IndexState {
  uid: string;
  primaryKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  docs: Map<string, StoredDoc>;
  settings: Settings;
  /** Top-level fields in order of first appearance (what `*` means for attributes). */
  fields: string[];
  nextOrder: number;
}

export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface TaskView {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: string;
  canceledBy: number | null;
  details: Record<string, unknown>;
  error: MeiliErrorBody | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Task extends TaskView {
  /** Applies the task; returns details to merge. Throws MeiliError to fail it. */
  run?: () => Record<string, unknown> | undefined;
  /** The documents a document task carries (for `documentWrites`). */
  documents?: { indexUid: string; ids: string[] };
  /** Removed by a taskDeletion: hidden from every route. */
  deleted?: boolean;
}

export interface FaultError {
  code: string;
  message: string;
  type?: MeiliErrorBody['type'];
}

export interface EngineFaults {
  /** Each task waits this long in `processing` before it applies. */
  taskDelayMs: number;
  /** Tasks stay `enqueued` while paused. */
  paused: boolean;
  /** The next `count` document tasks (additions, updates, deletions by id) fail. */
  failNext: { count: number; error: FaultError };
  reject: { predicate: (doc: Doc, indexUid: string) => boolean; error: FaultError } | null;
}

/** A document write a task applied (or failed to): what tests inspect for duplicates and order. */
export interface DocumentWrite {
  taskUid: number;
  indexUid: string;
  type: 'add' | 'update' | 'delete';
  ids: string[];
  status: 'succeeded' | 'failed';
}

const INDEX_UID = /^[a-zA-Z0-9_-]{1,400}$/;
const DOC_ID = /^[a-zA-Z0-9_-]{1,511}$/;

export function docIdOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && DOC_ID.test(value)) return value;
  return null;
}

function iso(date: Date): string {
  return date.toISOString();
}

function isoDuration(ms: number): string {
  return `PT${(ms / 1000).toFixed(6)}S`;
}

export class MeiliEngine {
  readonly indexes = new Map<string, IndexState>();
  readonly tasks: Task[] = [];
  readonly documentWrites: DocumentWrite[] = [];
  readonly faults: EngineFaults = {
    taskDelayMs: 0,
    paused: false,
    failNext: {
      count: 0,
      error: { code: 'internal', message: 'Task failed by the test server fault switch.' },
    },
    reject: null,
  };
  private nextBatch = 0;
  private running = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  lastUpdate: Date | null = null;

  // ── indexes ────────────────────────────────────────────────────────────────

  assertIndexUid(uid: unknown): asserts uid is string {
    if (typeof uid !== 'string' || !INDEX_UID.test(uid)) throw errors.invalidIndexUid(uid);
  }

  getIndex(uid: string): IndexState {
    const index = this.indexes.get(uid);
    if (!index) throw errors.indexNotFound(uid);
    return index;
  }

  private newIndex(uid: string, primaryKey: string | null): IndexState {
    const now = new Date();
    return {
      uid,
      primaryKey,
      createdAt: now,
      updatedAt: now,
      docs: new Map(),
      settings: defaultSettings(),
      fields: [],
      nextOrder: 0,
    };
  }

  indexView(index: IndexState) {
    return {
      uid: index.uid,
      createdAt: iso(index.createdAt),
      updatedAt: iso(index.updatedAt),
      primaryKey: index.primaryKey,
    };
  }

  stats(index: IndexState) {
    const fieldDistribution: Record<string, number> = {};
    let bytes = 0;
    for (const { doc } of index.docs.values()) {
      bytes += JSON.stringify(doc).length;
      for (const key of Object.keys(doc)) fieldDistribution[key] = (fieldDistribution[key] ?? 0) + 1;
    }
    const n = index.docs.size;
    return {
      numberOfDocuments: n,
      rawDocumentDbSize: bytes,
      avgDocumentSize: n ? Math.round(bytes / n) : 0,
      isIndexing: this.tasks.some((t) => t.status === 'processing' && t.indexUid === index.uid),
      numberOfEmbeddings: 0,
      numberOfEmbeddedDocuments: 0,
      fieldDistribution,
    };
  }

  // ── tasks ──────────────────────────────────────────────────────────────────

  enqueue(
    type: string,
    indexUid: string | null,
    details: Record<string, unknown>,
    run: () => Record<string, unknown> | undefined,
    documents?: Task['documents'],
  ) {
    const task: Task = {
      uid: this.tasks.length,
      batchUid: null,
      indexUid,
      status: 'enqueued',
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: iso(new Date()),
      startedAt: null,
      finishedAt: null,
      run,
      documents,
    };
    this.tasks.push(task);
    this.schedule();
    return { taskUid: task.uid, indexUid, status: 'enqueued' as const, type, enqueuedAt: task.enqueuedAt };
  }

  taskView(task: Task): TaskView {
    const { run: _run, documents: _documents, deleted: _deleted, ...view } = task;
    return { ...view, details: { ...view.details } };
  }

  getTask(uid: number): Task {
    const task = Number.isInteger(uid) ? this.tasks[uid] : undefined;
    if (!task || task.deleted) throw errors.taskNotFound(String(uid));
    return task;
  }

  schedule(): void {
    if (this.running || this.stopped || this.faults.paused) return;
    const next = this.tasks.find((t) => t.status === 'enqueued');
    if (!next) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    this.running = true;
    next.status = 'processing';
    next.batchUid = this.nextBatch++;
    const started = new Date();
    next.startedAt = iso(started);
    const finish = () => {
      this.finish(next, started);
      this.running = false;
      this.schedule();
    };
    if (this.faults.taskDelayMs > 0) setTimeout(finish, this.faults.taskDelayMs);
    else setImmediate(finish);
  }

  private finish(task: Task, started: Date): void {
    try {
      if (this.faults.failNext.count > 0 && task.documents) {
        this.faults.failNext.count--;
        const e = this.faults.failNext.error;
        throw new MeiliError(e.code, e.message, 500, e.type ?? 'internal');
      }
      const extra = task.run?.() ?? {};
      task.details = { ...task.details, ...extra };
      task.status = 'succeeded';
    } catch (error) {
      const e =
        error instanceof MeiliError ? error : errors.internal(String((error as Error)?.message ?? error));
      task.status = 'failed';
      task.error = e.body();
      task.details = failedDetails(task);
    }
    const finished = new Date();
    task.finishedAt = iso(finished);
    task.duration = isoDuration(finished.getTime() - started.getTime());
    task.run = undefined;
    if (task.documents) {
      this.documentWrites.push({
        taskUid: task.uid,
        indexUid: task.documents.indexUid,
        type:
          task.type === 'documentDeletion' ? 'delete' : task.details.method === 'update' ? 'update' : 'add',
        ids: task.documents.ids,
        status: task.status === 'succeeded' ? 'succeeded' : 'failed',
      });
      delete task.details.method;
    }
    if (task.status === 'succeeded') this.lastUpdate = finished;
  }

  /** Resolves once no task is enqueued or processing (never while paused with work queued). */
  idle(): Promise<void> {
    if (!this.running && !this.tasks.some((t) => t.status === 'enqueued')) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
  }

  // ── documents ──────────────────────────────────────────────────────────────

  private rememberFields(index: IndexState, doc: Doc): void {
    for (const key of Object.keys(doc)) if (!index.fields.includes(key)) index.fields.push(key);
  }

  private resolvePrimaryKey(index: IndexState, requested: string | null, docs: Doc[]): string {
    if (index.primaryKey) {
      if (requested && requested !== index.primaryKey)
        throw errors.primaryKeyAlreadyExists(index.uid, index.primaryKey);
      return index.primaryKey;
    }
    if (requested) return requested;
    const first = docs[0] ?? {};
    const candidates = Object.keys(first).filter((k) => /id$/i.test(k));
    if (candidates.length === 0) throw errors.primaryKeyNoCandidate();
    if (candidates.length > 1) throw errors.primaryKeyMultipleCandidates(candidates);
    return candidates[0] as string;
  }

  addDocuments(uid: string, docs: Doc[], primaryKey: string | null, method: 'replace' | 'update') {
    const ids = docs.map((d) => {
      const pk = primaryKey ?? this.indexes.get(uid)?.primaryKey;
      return pk ? String(d[pk] ?? '') : '';
    });
    return this.enqueue(
      'documentAdditionOrUpdate',
      uid,
      { receivedDocuments: docs.length, indexedDocuments: null, method },
      () => {
        let index = this.indexes.get(uid);
        const created = !index;
        if (!index) index = this.newIndex(uid, null);
        const pk = this.resolvePrimaryKey(index, primaryKey, docs);
        const keyed: [string, Doc][] = [];
        for (const doc of docs) {
          if (!(pk in doc)) throw errors.missingDocumentId(pk, doc);
          const id = docIdOf(doc[pk]);
          if (id === null) throw errors.invalidDocumentId(doc[pk]);
          const reject = this.faults.reject;
          if (reject?.predicate(doc, uid)) {
            throw new MeiliError(
              reject.error.code,
              reject.error.message,
              400,
              reject.error.type ?? 'invalid_request',
            );
          }
          keyed.push([id, doc]);
        }
        if (created) this.indexes.set(uid, index);
        index.primaryKey = pk;
        for (const [id, doc] of keyed) {
          const existing = index.docs.get(id);
          const value = method === 'update' && existing ? { ...existing.doc, ...doc } : doc;
          this.rememberFields(index, value);
          if (existing) {
            existing.doc = value;
            existing.tokens = undefined;
          } else {
            index.docs.set(id, { doc: value, order: index.nextOrder++ });
          }
        }
        index.updatedAt = new Date();
        return { indexedDocuments: docs.length };
      },
      { indexUid: uid, ids },
    );
  }

  deleteDocuments(uid: string, ids: string[]) {
    return this.enqueue(
      'documentDeletion',
      uid,
      { providedIds: ids.length, deletedDocuments: null },
      () => {
        const index = this.getIndex(uid);
        let deleted = 0;
        for (const id of ids) if (index.docs.delete(id)) deleted++;
        index.updatedAt = new Date();
        return { deletedDocuments: deleted };
      },
      { indexUid: uid, ids },
    );
  }

  deleteDocumentsByFilter(uid: string, filter: FilterInput) {
    const node = parseFilter(filter, 'invalid_document_filter');
    return this.enqueue(
      'documentDeletion',
      uid,
      { providedIds: 0, deletedDocuments: null, originalFilter: JSON.stringify(filter) },
      () => {
        const index = this.getIndex(uid);
        assertFilterable(
          node,
          index.settings.filterableAttributes as string[],
          filter,
          'invalid_document_filter',
        );
        let deleted = 0;
        for (const [id, stored] of index.docs) {
          if (matchesFilter(node, stored.doc)) {
            index.docs.delete(id);
            deleted++;
          }
        }
        index.updatedAt = new Date();
        return { deletedDocuments: deleted };
      },
    );
  }

  deleteAllDocuments(uid: string) {
    return this.enqueue(
      'documentDeletion',
      uid,
      { providedIds: 0, deletedDocuments: null, originalFilter: null },
      () => {
        const index = this.getIndex(uid);
        const deleted = index.docs.size;
        index.docs.clear();
        index.updatedAt = new Date();
        return { deletedDocuments: deleted };
      },
    );
  }

  /** Documents in storage order, optionally filtered (filterable attributes only). */
  listDocuments(index: IndexState, filter: FilterInput, ids?: string[]): Doc[] {
    let stored = [...index.docs.values()];
    if (ids) {
      const wanted = new Set(ids.map(String));
      stored = [...index.docs.entries()].filter(([id]) => wanted.has(id)).map(([, s]) => s);
    }
    if (filter != null) {
      const node = parseFilter(filter, 'invalid_document_filter');
      assertFilterable(
        node,
        index.settings.filterableAttributes as string[],
        filter,
        'invalid_document_filter',
      );
      stored = stored.filter((s) => matchesFilter(node, s.doc));
    }
    return stored.map((s) => s.doc);
  }

  // ── index tasks ────────────────────────────────────────────────────────────

  createIndex(uid: string, primaryKey: string | null) {
    return this.enqueue('indexCreation', uid, { primaryKey }, () => {
      if (this.indexes.has(uid)) throw errors.indexAlreadyExists(uid);
      this.indexes.set(uid, this.newIndex(uid, primaryKey));
      return undefined;
    });
  }

  updateIndex(uid: string, primaryKey: string | null) {
    return this.enqueue('indexUpdate', uid, { primaryKey }, () => {
      const index = this.getIndex(uid);
      if (primaryKey !== null && index.primaryKey && index.docs.size > 0 && index.primaryKey !== primaryKey) {
        throw errors.primaryKeyAlreadyExists(uid, index.primaryKey);
      }
      if (primaryKey !== null) index.primaryKey = primaryKey;
      index.updatedAt = new Date();
      return undefined;
    });
  }

  deleteIndex(uid: string) {
    return this.enqueue('indexDeletion', uid, { deletedDocuments: null }, () => {
      const index = this.getIndex(uid);
      this.indexes.delete(uid);
      return { deletedDocuments: index.docs.size };
    });
  }

  swapIndexes(swaps: { indexes: [string, string] }[]) {
    return this.enqueue('indexSwap', null, { swaps }, () => {
      const missing = [...new Set(swaps.flatMap((s) => s.indexes))].filter((uid) => !this.indexes.has(uid));
      if (missing.length) throw errors.indexesNotFound(missing);
      const renames = new Map<string, string>();
      for (const {
        indexes: [a, b],
      } of swaps) {
        const ia = this.getIndex(a);
        const ib = this.getIndex(b);
        ia.uid = b;
        ib.uid = a;
        ia.updatedAt = new Date();
        ib.updatedAt = new Date();
        this.indexes.set(a, ib);
        this.indexes.set(b, ia);
        renames.set(a, b);
        renames.set(b, a);
      }
      // "In the task history, every mention of one index uid is replaced by the other" (enqueued
      // tasks are left unmodified).
      for (const task of this.tasks) {
        if (task.status === 'enqueued' || task.status === 'processing' || task.indexUid === null) continue;
        const renamed = renames.get(task.indexUid);
        if (renamed) task.indexUid = renamed;
      }
      return undefined;
    });
  }

  updateSettings(uid: string, update: Settings) {
    return this.enqueue('settingsUpdate', uid, { ...update }, () => {
      let index = this.indexes.get(uid);
      if (!index) {
        index = this.newIndex(uid, null);
        this.indexes.set(uid, index);
      }
      index.settings = applySettings(index.settings, update);
      index.updatedAt = new Date();
      return undefined;
    });
  }

  // ── search ─────────────────────────────────────────────────────────────────

  private attributes(index: IndexState, setting: 'searchableAttributes' | 'displayedAttributes'): string[] {
    const list = index.settings[setting] as string[];
    return list.includes('*') ? index.fields : list;
  }

  search(
    index: IndexState,
    params: {
      q: string;
      filter: FilterInput;
      sort: SortSpec;
      matchingStrategy: 'last' | 'all';
    },
  ): Doc[] {
    const node = parseFilter(params.filter, 'invalid_search_filter');
    assertFilterable(
      node,
      index.settings.filterableAttributes as string[],
      params.filter,
      'invalid_search_filter',
    );
    const query = parseQuery(params.q);
    const searchable = this.attributes(index, 'searchableAttributes');
    const searchableKey = searchable.join('\u0000');
    const candidates: Candidate[] = [];
    for (const stored of index.docs.values()) {
      if (!matchesFilter(node, stored.doc)) continue;
      if (query.length === 0) {
        candidates.push({ doc: stored.doc, order: stored.order, match: null });
        continue;
      }
      if (!stored.tokens || stored.tokensFor !== searchableKey) {
        stored.tokens = documentTokens(stored.doc, searchable);
        stored.tokensFor = searchableKey;
      }
      const match = matchDocument(query, stored.tokens, params.matchingStrategy);
      if (match) candidates.push({ doc: stored.doc, order: stored.order, match });
    }
    return rank(candidates, index.settings.rankingRules as string[], params.sort).map((c) => c.doc);
  }

  displayed(index: IndexState, doc: Doc, attributesToRetrieve?: string[]): Doc {
    const displayed = index.settings.displayedAttributes as string[];
    const allowed = (key: string) => displayed.includes('*') || displayed.includes(key);
    const wanted =
      attributesToRetrieve && !attributesToRetrieve.includes('*') ? new Set(attributesToRetrieve) : null;
    const out: Doc = {};
    for (const [key, value] of Object.entries(doc)) {
      if (allowed(key) && (!wanted || wanted.has(key))) out[key] = value;
    }
    return out;
  }
}

function failedDetails(task: Task): Record<string, unknown> {
  const details = { ...task.details };
  if (task.type === 'documentAdditionOrUpdate') details.indexedDocuments = 0;
  if (task.type === 'documentDeletion' || task.type === 'indexDeletion') details.deletedDocuments = 0;
  return details;
}
