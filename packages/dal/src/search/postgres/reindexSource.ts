/**
 * A reindex on PostgreSQL (search/reindex.ts): the checkpoint is a row of search_reindex; the
 * reindex holds `reindex:<uid>` (one at a time) and `sync:<uid>` exclusively (the live worker
 * stops sending this index — its outbox rows wait and go to the new index after the swap). If a
 * reindex dies, its locks die with its connection and the worker resumes sending to the old index,
 * remembering those keys (search_reindex_dirty); a resumed reindex replays them into the
 * temporary index before swapping, so no change made during the reindex is lost.
 */
import type pg from 'pg';
import type { SearchIndexUid } from '../definitions.js';
import type { PageItem, ReindexCheckpoint, ReindexSource } from '../reindex.js';
import type { Rejection } from '../send.js';
import { LOCKS, LockConnection } from './locks.js';
import type { IndexTable } from './rows.js';
import { countIndexable, markIndexed, readPage, resolveKeys } from './source.js';

export class ReindexBusyError extends Error {
  override readonly name = 'ReindexBusyError';
  constructor(readonly index: SearchIndexUid) {
    super(`A reindex of the ${index} index is already running`);
  }
}

interface CheckpointRow {
  temp_uid: string;
  phase: ReindexCheckpoint['phase'];
  cursor: string | null;
  done: string;
  total: string;
  swap_task_uid: string | null;
  started_at: Date;
}

export function postgresReindexSource(
  pool: pg.Pool,
  connection: pg.ClientConfig,
  table: IndexTable,
): ReindexSource {
  const uid = table.def.uid;
  return {
    def: table.def,
    countIndexable: () => countIndexable(pool, table),
    readPage: (after, limit) => readPage(pool, table, after, limit),
    markIndexed: (items: PageItem[]) =>
      markIndexed(
        pool,
        table,
        items.map((i) => i.rowId),
      ),

    async loadCheckpoint() {
      const { rows } = await pool.query<CheckpointRow>('SELECT * FROM search_reindex WHERE index_uid = $1', [
        uid,
      ]);
      const r = rows[0];
      if (!r) return null;
      return {
        index: uid,
        tempUid: r.temp_uid,
        phase: r.phase,
        cursor: r.cursor,
        done: Number(r.done),
        total: Number(r.total),
        swapTaskUid: r.swap_task_uid === null ? null : Number(r.swap_task_uid),
        startedAt: r.started_at,
      };
    },
    async saveCheckpoint(cp) {
      await pool.query(
        `INSERT INTO search_reindex (index_uid, temp_uid, phase, cursor, done, total, swap_task_uid, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (index_uid) DO UPDATE SET temp_uid = $2, phase = $3, cursor = $4, done = $5, total = $6,
           swap_task_uid = $7, started_at = $8, updated_at = now()`,
        [uid, cp.tempUid, cp.phase, cp.cursor, cp.done, cp.total, cp.swapTaskUid, cp.startedAt],
      );
    },
    async clearCheckpoint() {
      await pool.query('DELETE FROM search_reindex WHERE index_uid = $1', [uid]);
      await pool.query('DELETE FROM search_reindex_dirty WHERE index_uid = $1', [uid]);
      await pool.query(`SELECT pg_notify('search_outbox', $1)`, [uid]);
    },

    async acquire() {
      const lock = new LockConnection(connection);
      await lock.connect();
      try {
        if (!(await lock.tryLock(LOCKS.reindex(uid)))) throw new ReindexBusyError(uid);
        // Waits for the worker's batch of this index in flight, then keeps it off the index.
        await lock.lock(LOCKS.sync(uid));
      } catch (error) {
        await lock.close();
        throw error;
      }
      return () => lock.close();
    },

    async beforeSwap(cp, send) {
      for (;;) {
        const { rows } = await pool.query<{ doc_key: string }>(
          'SELECT doc_key FROM search_reindex_dirty WHERE index_uid = $1 ORDER BY doc_key LIMIT 1000',
          [uid],
        );
        if (rows.length === 0) return;
        const keys = rows.map((r) => r.doc_key);
        await send(await resolveKeys(pool, table, keys));
        await pool.query(
          'DELETE FROM search_reindex_dirty WHERE index_uid = $1 AND doc_key = ANY($2::text[])',
          [uid, keys],
        );
        void cp;
      }
    },

    async recordRejected(rejections: Rejection[]) {
      await pool.query(
        `INSERT INTO search_outbox (index_uid, doc_key, attempts, last_error, parked_at)
         SELECT $1::text, r.key, 1, r.error, now() FROM unnest($2::text[], $3::jsonb[]) AS r(key, error)
         ON CONFLICT (index_uid, doc_key) DO NOTHING`,
        [uid, rejections.map((r) => r.key), rejections.map((r) => JSON.stringify(r.error))],
      );
    },
  };
}
