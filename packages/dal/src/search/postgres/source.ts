/** Reading Meili documents out of PostgreSQL: by key (the worker), in _id order (reindex), counts. */
import type { Queryable } from '../../postgres/pool.js';
import { RAW_JSON_TYPES } from '../../postgres/store/values.js';
import { type Doc, isIndexable, meiliId, toMeiliDocument } from '../documents.js';
import type { Outgoing } from '../send.js';
import type { IndexTable } from './rows.js';

export interface Resolved extends Outgoing {
  /** _id of the row sent (upserts). */
  rowId?: string;
}

/**
 * The current Meili state of each key: the document of its indexable row (several rows can share
 * a key — the same messageId for two users — and the newest `_id` wins, as a reindex streaming
 * in `_id` order leaves it), or a deletion when no indexable row remains.
 */
export async function resolveKeys(db: Queryable, t: IndexTable, keys: string[]): Promise<Resolved[]> {
  const { rows } = await db.query({
    text: `SELECT ${t.selectSql} FROM "${t.table}" t WHERE t."${t.keyColumn}" = ANY($1::text[]) ORDER BY t._id`,
    values: [keys],
    types: RAW_JSON_TYPES,
  });
  const latest = new Map<string, Doc>();
  const now = Date.now();
  for (const row of rows) {
    const doc = t.decode(row);
    const key = doc[t.def.primaryKey] as string;
    if (isIndexable(t.def, doc, now)) latest.set(key, doc);
  }
  return keys.map((key) => {
    const doc = latest.get(key);
    return doc
      ? { key, id: meiliId(key), doc: toMeiliDocument(t.def, doc), rowId: doc._id as string }
      : { key, id: meiliId(key), doc: null };
  });
}

export interface Page {
  items: { rowId: string; key: string; doc: Doc }[];
  /** _id of the last row read (the next page starts after it), null when nothing was read. */
  last: string | null;
}

/** Indexable rows with `_id` after `after`, in `_id` order. */
export async function readPage(
  db: Queryable,
  t: IndexTable,
  after: string | null,
  limit: number,
): Promise<Page> {
  const { rows } = await db.query({
    text: `SELECT ${t.selectSql} FROM "${t.table}" t
     WHERE ($1::text IS NULL OR t._id > $1::text) AND ${t.indexableSql}
     ORDER BY t._id LIMIT $2`,
    values: [after, limit],
    types: RAW_JSON_TYPES,
  });
  const items = rows.map((row) => {
    const doc = t.decode(row);
    return {
      rowId: doc._id as string,
      key: doc[t.def.primaryKey] as string,
      doc: toMeiliDocument(t.def, doc),
    };
  });
  return { items, last: items.length ? (items[items.length - 1] as Page['items'][number]).rowId : null };
}

export async function countIndexable(db: Queryable, t: IndexTable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${t.table}" t WHERE ${t.indexableSql}`,
  );
  return rows[0]?.n ?? 0;
}

/** Indexable rows flagged as in Meili (upstream's `totalProcessed`). */
export async function countFlagged(db: Queryable, t: IndexTable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${t.table}" t
     WHERE ${t.indexableSql} AND t._meili_index IS TRUE AND t._meili_index_schema_version = 1`,
  );
  return rows[0]?.n ?? 0;
}

/** Flags rows a reindex sent, unless a newer change is already waiting in the outbox. */
export async function markIndexed(db: Queryable, t: IndexTable, rowIds: string[]): Promise<void> {
  if (rowIds.length === 0) return;
  await db.query(
    `UPDATE "${t.table}" t SET _meili_index = true, _meili_index_schema_version = 1, _meili_cleanup_version = 1
     WHERE t._id = ANY($1::text[])
       AND (t._meili_index IS DISTINCT FROM true OR t._meili_index_schema_version IS DISTINCT FROM 1)
       AND NOT EXISTS (SELECT 1 FROM search_outbox o WHERE o.index_uid = $2 AND o.doc_key = t."${t.keyColumn}")`,
    [rowIds, t.def.uid],
  );
}
