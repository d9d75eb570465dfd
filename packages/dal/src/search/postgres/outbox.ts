/** The outbox tables (migrations/1764240000000_search-outbox.sql): every statement the worker runs. */
import type pg from 'pg';
import type { Queryable } from '../../postgres/pool.js';
import type { SearchIndexUid } from '../definitions.js';
import type { Rejection } from '../send.js';
import type { IndexTable } from './rows.js';

export interface OutboxRow {
  id: number;
  key: string;
  seq: number;
  attempts: number;
}

/** Turns the outbox on; a switch from off (or first use) asks the worker for a catch-up pass. */
export async function enableOutbox(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO search_sync_state (name, enabled, catchup_pending) VALUES ('outbox', true, true)
     ON CONFLICT (name) DO UPDATE
       SET enabled = true,
           catchup_pending = search_sync_state.catchup_pending OR NOT search_sync_state.enabled,
           updated_at = now()`,
  );
}

/** Stops recording changes and forgets the backlog (search turned off for good). */
export async function disableOutbox(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO search_sync_state (name, enabled) VALUES ('outbox', false)
     ON CONFLICT (name) DO UPDATE SET enabled = false, catchup_pending = false, updated_at = now()`,
  );
  await db.query('DELETE FROM search_outbox');
}

export async function outboxState(db: Queryable): Promise<{ enabled: boolean; catchupPending: boolean }> {
  const { rows } = await db.query<{ enabled: boolean; catchup_pending: boolean }>(
    `SELECT enabled, catchup_pending FROM search_sync_state WHERE name = 'outbox'`,
  );
  return { enabled: rows[0]?.enabled ?? false, catchupPending: rows[0]?.catchup_pending ?? false };
}

/**
 * Enqueues every document whose `_meiliIndex` is not true (what changed while the outbox was off)
 * and clears the request. Indexable ones are sent, the others deleted from Meili.
 */
export async function catchUp(pool: pg.Pool, tables: IndexTable[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ catchup_pending: boolean }>(
      `SELECT catchup_pending FROM search_sync_state WHERE name = 'outbox' FOR UPDATE`,
    );
    if (rows[0]?.catchup_pending) {
      for (const t of tables) {
        await client.query(
          `INSERT INTO search_outbox (index_uid, doc_key)
           SELECT DISTINCT $1::text, "${t.keyColumn}" FROM "${t.table}"
           WHERE _meili_index IS NOT TRUE AND "${t.keyColumn}" IS NOT NULL
           ON CONFLICT (index_uid, doc_key) DO NOTHING`,
          [t.def.uid],
        );
      }
      await client.query(
        `UPDATE search_sync_state SET catchup_pending = false, updated_at = now() WHERE name = 'outbox'`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function readyRows(db: Queryable, uid: SearchIndexUid, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<{ id: string; doc_key: string; seq: string; attempts: number }>(
    `SELECT id, doc_key, seq, attempts FROM search_outbox
     WHERE index_uid = $1 AND parked_at IS NULL AND next_attempt_at <= now()
     ORDER BY id LIMIT $2`,
    [uid, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), key: r.doc_key, seq: Number(r.seq), attempts: r.attempts }));
}

/** When the next delayed row of any index becomes ready (null: none waiting). */
export async function nextAttemptAt(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    'SELECT min(next_attempt_at) AS at FROM search_outbox WHERE parked_at IS NULL',
  );
  return rows[0]?.at ?? null;
}

/**
 * Acknowledges what Meili confirmed, in one transaction: outbox rows whose `seq` is unchanged
 * since they were read are deleted (a newer change keeps its row and is sent again), and the
 * `_meiliIndex` flags follow — true on the row sent, unset on rows of deleted keys — as
 * upstream's versioned acknowledgement. While a reindex of the index has a checkpoint, the keys
 * are also remembered for it (search_reindex_dirty).
 */
export async function acknowledge(
  pool: pg.Pool,
  table: IndexTable,
  rows: OutboxRow[],
  confirmed: { upserted: Map<string, string>; deleted: Set<string> },
): Promise<string[]> {
  const keys = rows.filter((r) => confirmed.upserted.has(r.key) || confirmed.deleted.has(r.key));
  if (keys.length === 0) return [];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: acked } = await client.query<{ doc_key: string }>(
      `DELETE FROM search_outbox o USING unnest($1::bigint[], $2::bigint[]) AS a(id, seq)
       WHERE o.id = a.id AND o.seq = a.seq RETURNING o.doc_key`,
      [keys.map((r) => r.id), keys.map((r) => r.seq)],
    );
    const ackedKeys = acked.map((r) => r.doc_key);
    const indexedIds = ackedKeys
      .filter((k) => confirmed.upserted.has(k))
      .map((k) => confirmed.upserted.get(k) as string);
    const deletedKeys = ackedKeys.filter((k) => confirmed.deleted.has(k));
    if (indexedIds.length) {
      await client.query(
        `UPDATE "${table.table}" SET _meili_index = true, _meili_index_schema_version = 1, _meili_cleanup_version = 1
         WHERE _id = ANY($1::text[])
           AND (_meili_index IS DISTINCT FROM true OR _meili_index_schema_version IS DISTINCT FROM 1)`,
        [indexedIds],
      );
      await client.query(
        `UPDATE "${table.table}" SET _meili_index = false
         WHERE "${table.keyColumn}" = ANY($1::text[]) AND _id <> ALL($2::text[]) AND _meili_index IS TRUE`,
        [ackedKeys.filter((k) => confirmed.upserted.has(k)), indexedIds],
      );
    }
    if (deletedKeys.length) {
      await client.query(
        `UPDATE "${table.table}" SET _meili_index = NULL, _meili_index_attempted = NULL, _meili_cleanup_version = 1
         WHERE "${table.keyColumn}" = ANY($1::text[]) AND (_meili_index IS NOT NULL OR _meili_index_attempted IS NOT NULL)`,
        [deletedKeys],
      );
    }
    await client.query(
      `INSERT INTO search_reindex_dirty (index_uid, doc_key)
       SELECT $1::text, k FROM unnest($2::text[]) AS k
       WHERE EXISTS (SELECT 1 FROM search_reindex WHERE index_uid = $1)
       ON CONFLICT DO NOTHING`,
      [table.def.uid, ackedKeys],
    );
    await client.query('COMMIT');
    return ackedKeys;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Documents Meili rejected: counted, delayed with exponential backoff, and parked with the error
 * after `maxAttempts` (a newer change of the document un-parks it: see search_outbox_record).
 */
export async function recordRejections(
  db: Queryable,
  rows: OutboxRow[],
  rejected: Rejection[],
  maxAttempts: number,
  baseDelayMs: number,
): Promise<number> {
  const byKey = new Map(rejected.map((r) => [r.key, r.error]));
  const hit = rows.filter((r) => byKey.has(r.key));
  if (hit.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE search_outbox o
     SET attempts = o.attempts + 1,
         last_error = r.error,
         next_attempt_at = now() + make_interval(secs => $3::double precision * power(2, o.attempts) / 1000),
         parked_at = CASE WHEN o.attempts + 1 >= $4 THEN now() END
     FROM unnest($1::bigint[], $2::bigint[], $5::jsonb[]) AS r(id, seq, error)
     WHERE o.id = r.id AND o.seq = r.seq AND o.parked_at IS NULL`,
    [
      hit.map((r) => r.id),
      hit.map((r) => r.seq),
      baseDelayMs,
      maxAttempts,
      hit.map((r) => JSON.stringify(byKey.get(r.key))),
    ],
  );
  const { rows: parked } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM search_outbox WHERE id = ANY($1::bigint[]) AND parked_at IS NOT NULL`,
    [hit.map((r) => r.id)],
  );
  void rowCount;
  return parked[0]?.n ?? 0;
}

export interface OutboxCounts {
  backlog: number;
  parked: number;
}

export async function outboxCounts(db: Queryable, uid: SearchIndexUid): Promise<OutboxCounts> {
  const { rows } = await db.query<{ backlog: number; parked: number }>(
    `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS backlog,
            count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
     FROM search_outbox WHERE index_uid = $1`,
    [uid],
  );
  return { backlog: rows[0]?.backlog ?? 0, parked: rows[0]?.parked ?? 0 };
}

export interface ParkedDocument {
  index: SearchIndexUid;
  key: string;
  attempts: number;
  error: unknown;
  parkedAt: Date;
}

export async function parkedDocuments(
  db: Queryable,
  uid: SearchIndexUid,
  limit = 100,
): Promise<ParkedDocument[]> {
  const { rows } = await db.query<{
    doc_key: string;
    attempts: number;
    last_error: unknown;
    parked_at: Date;
  }>(
    `SELECT doc_key, attempts, last_error, parked_at FROM search_outbox
     WHERE index_uid = $1 AND parked_at IS NOT NULL ORDER BY parked_at, id LIMIT $2`,
    [uid, limit],
  );
  return rows.map((r) => ({
    index: uid,
    key: r.doc_key,
    attempts: r.attempts,
    error: r.last_error,
    parkedAt: r.parked_at,
  }));
}

/** Gives parked documents (of one index, or all) a new round of attempts. */
export async function retryParked(db: Queryable, uid?: SearchIndexUid): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE search_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = now()
     WHERE parked_at IS NOT NULL AND ($1::text IS NULL OR index_uid = $1)`,
    [uid ?? null],
  );
  await db.query(`SELECT pg_notify('search_outbox', 'retry')`);
  return rowCount ?? 0;
}
