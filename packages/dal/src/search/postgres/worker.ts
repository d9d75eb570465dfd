/**
 * The outbox worker: one per deployment (the `worker` advisory lock; other processes stand by
 * and take over within a poll interval when the holder's connection ends). Each round, per index:
 * read ready outbox rows, resolve their keys to the current database state, send upserts and
 * deletions, wait until Meili reports the tasks succeeded, then acknowledge (outbox.ts). Meili
 * being down or slow backs the whole worker off (250 ms doubling to `maxBackoffMs`) without
 * touching the rows; documents Meili rejects are isolated, retried with backoff, then parked.
 * A NOTIFY from the outbox trigger wakes an idle worker at once.
 */
import { meiliLogger as logger } from '@librechat/data-schemas';
import type { MeiliSearch } from 'meilisearch';
import type pg from 'pg';
import type { SearchConfig } from '../config.js';
import { ensureSearchIndex } from '../meili.js';
import { sendToMeili } from '../send.js';
import { LOCKS, LockConnection } from './locks.js';
import { acknowledge, catchUp, nextAttemptAt, outboxState, readyRows, recordRejections } from './outbox.js';
import type { IndexTable } from './rows.js';
import { resolveKeys } from './source.js';

export interface WorkerStats {
  rounds: number;
  /** Documents upserted / deleted with Meili's confirmation. */
  upserted: number;
  deleted: number;
  rejected: number;
  parked: number;
  /** Transient failures (Meili down, slow, internal). */
  failures: number;
  /** Every batch sent, as outbox `id:seq` (with `recordBatches`: tests prove two workers never send the same one). */
  batches: string[][];
}

export interface WorkerDeps {
  pool: pg.Pool;
  connection: pg.ClientConfig;
  client: MeiliSearch;
  tables: IndexTable[];
  config: SearchConfig;
}

export class OutboxWorker {
  private lock: LockConnection | null = null;
  private leader = false;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private backoffMs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private ensured = new Set<string>();
  readonly stats: WorkerStats = {
    rounds: 0,
    upserted: 0,
    deleted: 0,
    rejected: 0,
    parked: 0,
    failures: 0,
    batches: [],
  };

  constructor(private readonly deps: WorkerDeps) {}

  /** Whether this process holds the worker lock. */
  get isLeader(): boolean {
    return this.leader && this.lock?.alive === true;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop?.catch(() => {});
    this.loop = null;
    await this.queue.catch(() => {});
    this.leader = false;
    await this.lock?.close();
    this.lock = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
        this.backoffMs = 0;
      } catch (error) {
        this.stats.failures++;
        this.backoffMs = Math.min(this.deps.config.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : 250);
        this.ensured.clear();
        logger.warn(`[search] outbox worker: Meili unavailable, retrying in ${this.backoffMs} ms`, error);
        await this.sleep(this.backoffMs);
        continue;
      }
      if (handled === 0 && this.running) await this.sleep(await this.idleDelay());
    }
  }

  /** Until the next delayed row is due, at most a poll interval (a NOTIFY ends it sooner). */
  private async idleDelay(): Promise<number> {
    const poll = this.deps.config.pollIntervalMs;
    if (!this.isLeader) return poll;
    const at = await nextAttemptAt(this.deps.pool).catch(() => null);
    if (!at) return poll;
    return Math.max(10, Math.min(poll, at.getTime() - Date.now()));
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.isLeader) return true;
    this.leader = false;
    if (!this.lock?.alive) {
      await this.lock?.close();
      this.lock = new LockConnection(this.deps.connection);
      await this.lock.connect();
      await this.lock.listen('search_outbox', () => this.wakeUp?.());
    }
    this.leader = await this.lock.tryLock(LOCKS.worker);
    if (this.leader) logger.info('[search] outbox worker: this process now sends the search outbox');
    return this.leader;
  }

  /** One round over every index (serialised with other callers of this worker). */
  runOnce(): Promise<number> {
    const next = this.queue.then(() => this.round());
    this.queue = next.catch(() => {});
    return next;
  }

  private async round(): Promise<number> {
    if (!(await this.ensureLeader())) return 0;
    const lock = this.lock as LockConnection;
    const { pool, config } = this.deps;
    this.stats.rounds++;
    const state = await outboxState(pool);
    if (state.catchupPending) await catchUp(pool, this.deps.tables);
    let handled = 0;
    for (const table of this.deps.tables) {
      const uid = table.def.uid;
      // A reindex of this index holds the sync lock exclusively: its rows wait for the swap.
      if (!(await lock.tryLockShared(LOCKS.sync(uid)))) continue;
      try {
        const rows = await readyRows(pool, uid, config.batchSize);
        if (rows.length === 0) continue;
        if (!this.ensured.has(uid)) {
          await ensureSearchIndex(this.deps.client, table.def, config.taskTimeoutMs);
          this.ensured.add(uid);
        }
        if (config.recordBatches) this.stats.batches.push(rows.map((r) => `${r.id}:${r.seq}`));
        const resolved = await resolveKeys(
          pool,
          table,
          rows.map((r) => r.key),
        );
        const result = await sendToMeili(this.deps.client, uid, resolved, {
          primaryKey: table.def.primaryKey,
          timeOutMs: config.taskTimeoutMs,
        });
        const ok = new Set(result.ok);
        const upserted = new Map<string, string>();
        const deleted = new Set<string>();
        for (const r of resolved) {
          if (!ok.has(r.key)) continue;
          if (r.doc) upserted.set(r.key, r.rowId as string);
          else deleted.add(r.key);
        }
        await acknowledge(pool, table, rows, { upserted, deleted });
        this.stats.upserted += upserted.size;
        this.stats.deleted += deleted.size;
        if (result.rejected.length) {
          this.stats.rejected += result.rejected.length;
          const parked = await recordRejections(pool, rows, result.rejected, config.maxAttempts, 1000);
          this.stats.parked += parked;
          logger.warn(
            `[search] Meili rejected ${result.rejected.length} ${uid} document(s); ${parked} parked`,
            {
              rejected: result.rejected.slice(0, 10),
            },
          );
        }
        handled += rows.length;
        if (result.transient) throw result.transient;
      } finally {
        await lock.unlockShared(LOCKS.sync(uid)).catch(() => {});
      }
    }
    return handled;
  }

  /**
   * Sends until nothing is waiting (parked documents excepted), waiting out retry delays and
   * Meili outages; with another process as the worker, waits for it to empty the outbox.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let backoff = 0;
    for (;;) {
      try {
        await this.runOnce();
        backoff = 0;
      } catch (error) {
        backoff = Math.min(2_000, backoff ? backoff * 2 : 50);
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, backoff));
        continue;
      }
      const { rows } = await this.deps.pool.query<{ n: number; at: Date | null }>(
        'SELECT count(*)::int AS n, min(next_attempt_at) AS at FROM search_outbox WHERE parked_at IS NULL',
      );
      const waiting = rows[0]?.n ?? 0;
      if (waiting === 0) return;
      if (Date.now() > deadline) throw new Error(`search outbox not drained: ${waiting} document(s) waiting`);
      const due = rows[0]?.at ? rows[0].at.getTime() - Date.now() : 0;
      await new Promise((r) => setTimeout(r, Math.max(10, Math.min(due, 250))));
    }
  }
}
