/**
 * Reindex one Meili index from the database, on either engine, without a search outage:
 *
 * 1. `copy`: create a temporary index (`<uid>_reindex_<time>`) with the live index's settings
 *    (`user` filterable), stream the indexable documents in `_id` order in pages (never the whole
 *    table in memory), `pipeline` batches in flight; each batch is checkpointed (last `_id`,
 *    count) once Meili reports its task succeeded. A crash resumes from the checkpoint: batches
 *    after it are sent again, which Meili's primary key makes idempotent (no duplicates).
 * 2. engine hook before the swap (PostgreSQL replays documents the live worker changed meanwhile).
 * 3. `swap`: swap the temporary index with the live one (the swap task uid is checkpointed, and a
 *    swap enqueued just before a crash is found again in Meili's task list).
 * 4. `cleanup`: engine hook after the swap (MongoDB: documents changed or deleted during the
 *    copy), drop the temporary index (now holding the old contents), clear the checkpoint.
 *
 * Progress events report the phase, documents done of the total counted at the start, and the
 * throughput of this run.
 */
import { meiliLogger as logger } from '@librechat/data-schemas';
import type { MeiliSearch } from 'meilisearch';
import type { SearchIndexDefinition, SearchIndexUid } from './definitions.js';
import type { Doc } from './documents.js';
import { meiliId } from './documents.js';
import {
  ensureSearchIndex,
  isIndexNotFound,
  isTransientMeiliError,
  MeiliTaskFailedError,
  waitForSuccess,
} from './meili.js';
import { type Outgoing, type Rejection, type SendResult, sendToMeili } from './send.js';

export type ReindexPhase = 'copy' | 'swap' | 'cleanup';

export interface ReindexCheckpoint {
  index: SearchIndexUid;
  tempUid: string;
  phase: ReindexPhase;
  /** `_id` of the last document Meili confirmed (the copy resumes after it). */
  cursor: string | null;
  done: number;
  total: number;
  swapTaskUid: number | null;
  startedAt: Date;
}

export interface ReindexProgress {
  index: SearchIndexUid;
  phase: ReindexPhase | 'done';
  done: number;
  total: number;
  /** Documents per second over this run (a resumed run counts from where it resumed). */
  docsPerSecond: number;
  elapsedMs: number;
  resumed: boolean;
}

export interface ReindexOptions {
  /** Indexes to rebuild (default both). */
  indexes?: SearchIndexUid[];
  /** Documents per batch (default 2,000). */
  batchSize?: number;
  /** Batches in flight (default 4). */
  pipeline?: number;
  /** Abandon an interrupted reindex (drop its temporary index) and start over. */
  restart?: boolean;
  onProgress?: (progress: ReindexProgress) => void;
  /** Keep retrying Meili outages this long before giving up (the checkpoint stays; default 5 min). */
  retryForMs?: number;
}

export interface ReindexResult {
  index: SearchIndexUid;
  resumed: boolean;
  done: number;
  total: number;
  rejected: Rejection[];
  elapsedMs: number;
  docsPerSecond: number;
}

export interface PageItem {
  rowId: string;
  key: string;
  doc: Doc;
}

/** What an engine provides for a reindex of one index. */
export interface ReindexSource {
  def: SearchIndexDefinition;
  countIndexable(): Promise<number>;
  readPage(after: string | null, limit: number): Promise<{ items: PageItem[]; last: string | null }>;
  /** `_meiliIndex` for documents Meili confirmed. */
  markIndexed(items: PageItem[]): Promise<void>;
  loadCheckpoint(): Promise<ReindexCheckpoint | null>;
  saveCheckpoint(checkpoint: ReindexCheckpoint): Promise<void>;
  clearCheckpoint(): Promise<void>;
  /** Exclusive section for this index (one reindex at a time; pauses live sync where there is one). */
  acquire(): Promise<() => Promise<void>>;
  /** Before the swap, into the temporary index. */
  beforeSwap?(checkpoint: ReindexCheckpoint, send: (items: Outgoing[]) => Promise<SendResult>): Promise<void>;
  /** After the swap, into the live index. */
  afterSwap?(checkpoint: ReindexCheckpoint, send: (items: Outgoing[]) => Promise<SendResult>): Promise<void>;
  /** Documents Meili refused during the copy (PostgreSQL parks them in the outbox). */
  recordRejected?(rejections: Rejection[]): Promise<void>;
}

export interface ReindexContext {
  client: MeiliSearch;
  taskTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function indexExists(client: MeiliSearch, uid: string): Promise<boolean> {
  try {
    await client.index(uid).getRawInfo();
    return true;
  } catch (error) {
    if (isIndexNotFound(error)) return false;
    throw error;
  }
}

/** The temporary index, with the live index's settings (or the plugin's) and `user` filterable. */
async function prepareTemp(
  ctx: ReindexContext,
  def: SearchIndexDefinition,
  tempUid: string,
): Promise<boolean> {
  const { client, taskTimeoutMs } = ctx;
  if (await indexExists(client, tempUid)) return true;
  await waitForSuccess(
    client,
    await client.createIndex(tempUid, { primaryKey: def.primaryKey }),
    taskTimeoutMs,
  );
  if (await indexExists(client, def.uid)) {
    const settings = await client.index(def.uid).getSettings();
    await waitForSuccess(client, await client.index(tempUid).updateSettings(settings), taskTimeoutMs);
  }
  await ensureSearchIndex(client, def, taskTimeoutMs, tempUid);
  return false;
}

async function findSwapTask(client: MeiliSearch, a: string, b: string, since: Date): Promise<number | null> {
  const { results } = await client.getTasks({
    types: ['indexSwap'],
    afterEnqueuedAt: new Date(since.getTime() - 1000),
    limit: 100,
  });
  for (const task of results) {
    const swaps = (task.details as { swaps?: { indexes: string[] }[] } | undefined)?.swaps ?? [];
    if (
      swaps.some((s) => s.indexes.includes(a) && s.indexes.includes(b)) &&
      task.status !== 'failed' &&
      task.status !== 'canceled'
    ) {
      return task.uid;
    }
  }
  return null;
}

export async function reindexIndex(
  ctx: ReindexContext,
  source: ReindexSource,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const { client, taskTimeoutMs } = ctx;
  const def = source.def;
  const batchSize = options.batchSize ?? 2_000;
  const depth = Math.max(1, options.pipeline ?? 4);
  const retryForMs = options.retryForMs ?? 5 * 60_000;
  const rejected: Rejection[] = [];
  const release = await source.acquire();
  const started = Date.now();
  try {
    let cp = await source.loadCheckpoint();
    if (cp && options.restart) {
      await client.deleteIndex(cp.tempUid).catch(() => {});
      await source.clearCheckpoint();
      cp = null;
    }
    const resumed = cp !== null;
    if (!cp) {
      cp = {
        index: def.uid,
        tempUid: `${def.uid}_reindex_${Date.now().toString(36)}`,
        phase: 'copy',
        cursor: null,
        done: 0,
        total: await source.countIndexable(),
        swapTaskUid: null,
        startedAt: new Date(),
      };
      await source.saveCheckpoint(cp);
    }
    const checkpoint = cp;
    const doneAtStart = checkpoint.done;
    const progress = (phase: ReindexProgress['phase']) => {
      const elapsedMs = Date.now() - started;
      options.onProgress?.({
        index: def.uid,
        phase,
        done: checkpoint.done,
        total: checkpoint.total,
        docsPerSecond: elapsedMs > 0 ? Math.round(((checkpoint.done - doneAtStart) * 1000) / elapsedMs) : 0,
        elapsedMs,
        resumed,
      });
    };
    const send = (uid: string) => async (items: Outgoing[]) => {
      const result = await sendToMeili(client, uid, items, {
        primaryKey: def.primaryKey,
        timeOutMs: taskTimeoutMs,
      });
      rejected.push(...result.rejected);
      if (result.rejected.length) await source.recordRejected?.(result.rejected);
      if (result.transient) throw result.transient;
      return result;
    };

    // Meili outages are waited out (up to retryForMs), resuming from the last checkpoint.
    const withRetry = async (step: () => Promise<void>) => {
      const giveUpAt = Date.now() + retryForMs;
      let backoff = 0;
      for (;;) {
        try {
          return await step();
        } catch (error) {
          if (!isTransientMeiliError(error) || Date.now() > giveUpAt) throw error;
          backoff = Math.min(10_000, backoff ? backoff * 2 : 250);
          logger.warn(`[search] reindex of ${def.uid}: Meili unavailable, retrying in ${backoff} ms`, error);
          await sleep(backoff);
        }
      }
    };

    if (checkpoint.phase === 'copy') {
      progress('copy');
      await withRetry(async () => {
        const existed = await prepareTemp(ctx, def, checkpoint.tempUid);
        if (!existed && checkpoint.cursor !== null) {
          // The temporary index is gone (Meili lost it): copy again from the start.
          checkpoint.cursor = null;
          checkpoint.done = 0;
          await source.saveCheckpoint(checkpoint);
        }
        await copy(ctx, source, checkpoint, { batchSize, depth, send: send(checkpoint.tempUid), progress });
      });
      if (source.beforeSwap)
        await withRetry(() =>
          (source.beforeSwap as NonNullable<ReindexSource['beforeSwap']>)(
            checkpoint,
            send(checkpoint.tempUid),
          ),
        );
      checkpoint.phase = 'swap';
      checkpoint.swapTaskUid = null;
      await source.saveCheckpoint(checkpoint);
    }

    if (checkpoint.phase === 'swap') {
      progress('swap');
      await withRetry(async () => {
        if (checkpoint.swapTaskUid === null) {
          checkpoint.swapTaskUid = await findSwapTask(
            client,
            def.uid,
            checkpoint.tempUid,
            checkpoint.startedAt,
          );
        }
        if (checkpoint.swapTaskUid === null) {
          if (!(await indexExists(client, def.uid))) await ensureSearchIndex(client, def, taskTimeoutMs);
          const enqueued = await client.swapIndexes([{ indexes: [def.uid, checkpoint.tempUid] }]);
          checkpoint.swapTaskUid = enqueued.taskUid;
          await source.saveCheckpoint(checkpoint);
        }
        const task = await client.waitForTask(checkpoint.swapTaskUid, {
          timeOutMs: taskTimeoutMs,
          intervalMs: 20,
        });
        if (task.status !== 'succeeded') {
          checkpoint.swapTaskUid = null;
          await source.saveCheckpoint(checkpoint);
          throw new MeiliTaskFailedError(task);
        }
      });
      checkpoint.phase = 'cleanup';
      await source.saveCheckpoint(checkpoint);
    }

    if (checkpoint.phase === 'cleanup') {
      progress('cleanup');
      if (source.afterSwap)
        await withRetry(() =>
          (source.afterSwap as NonNullable<ReindexSource['afterSwap']>)(checkpoint, send(def.uid)),
        );
      await withRetry(async () => {
        const task = await client.waitForTask((await client.deleteIndex(checkpoint.tempUid)).taskUid, {
          timeOutMs: taskTimeoutMs,
          intervalMs: 20,
        });
        if (task.status !== 'succeeded' && task.error?.code !== 'index_not_found')
          throw new MeiliTaskFailedError(task);
      });
      await source.clearCheckpoint();
    }
    progress('done');
    const elapsedMs = Date.now() - started;
    return {
      index: def.uid,
      resumed,
      done: checkpoint.done,
      total: checkpoint.total,
      rejected,
      elapsedMs,
      docsPerSecond: elapsedMs > 0 ? Math.round(((checkpoint.done - doneAtStart) * 1000) / elapsedMs) : 0,
    };
  } finally {
    await release();
  }
}

interface InFlight {
  taskUid: number;
  items: PageItem[];
  last: string | null;
}

async function copy(
  ctx: ReindexContext,
  source: ReindexSource,
  checkpoint: ReindexCheckpoint,
  opts: {
    batchSize: number;
    depth: number;
    send: (items: Outgoing[]) => Promise<SendResult>;
    progress: (phase: ReindexPhase) => void;
  },
): Promise<void> {
  const { client, taskTimeoutMs } = ctx;
  const def = source.def;
  const inflight: InFlight[] = [];

  const settle = async (batch: InFlight) => {
    let confirmed = batch.items;
    try {
      await waitForSuccess(client, batch.taskUid, taskTimeoutMs);
    } catch (error) {
      if (isTransientMeiliError(error)) throw error;
      // Meili refused a document of the batch: isolate it (the others are sent again).
      const result = await opts.send(
        batch.items.map((i) => ({ key: i.key, id: meiliId(i.key), doc: i.doc })),
      );
      const ok = new Set(result.ok);
      confirmed = batch.items.filter((i) => ok.has(i.key));
    }
    await source.markIndexed(confirmed);
    checkpoint.cursor = batch.last;
    checkpoint.done += batch.items.length;
    await source.saveCheckpoint(checkpoint);
    opts.progress('copy');
  };

  let cursor = checkpoint.cursor;
  let next: ReturnType<ReindexSource['readPage']> | null = source.readPage(cursor, opts.batchSize);
  try {
    while (next) {
      const page: Awaited<ReturnType<ReindexSource['readPage']>> = await next;
      if (page.items.length === 0) break;
      cursor = page.last;
      // Read the next page while this one is sent and indexed.
      next = page.items.length < opts.batchSize ? null : source.readPage(cursor, opts.batchSize);
      const enqueued = await client.index(checkpoint.tempUid).addDocuments(
        page.items.map((i) => i.doc),
        { primaryKey: def.primaryKey },
      );
      inflight.push({ taskUid: enqueued.taskUid, items: page.items, last: page.last });
      while (inflight.length >= opts.depth) await settle(inflight.shift() as InFlight);
    }
    while (inflight.length) await settle(inflight.shift() as InFlight);
  } finally {
    // A read-ahead still running must not reject unobserved.
    next?.catch(() => {});
  }
}
