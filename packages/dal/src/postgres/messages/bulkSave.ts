/**
 * bulkSaveMessages (upstream: one `updateOne({ messageId }, message, { upsert: true, timestamps:
 * !overrideTimestamp })` per message through tenantSafeBulkWrite, ordered). Each op is cast by
 * mongoose's own bulk-write caster (timestamps, defaults on insert, version key, strict), then the
 * whole batch runs in ONE transaction with a constant number of statements: the existing rows
 * are locked in one SELECT, the ops are applied in order in memory (a later op on the same
 * messageId sees the earlier one, as in an ordered bulkWrite), new documents go in with one
 * multi-row INSERT and changed ones with one multi-row UPDATE, both from a single jsonb
 * parameter (`jsonb_populate_recordset`).
 */
import { createRequire } from 'node:module';
import { getTenantId, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import { EJSON, ObjectId } from 'bson';
import type { mongo as MongoDriver } from 'mongoose';
import type pg from 'pg';
import { Params } from '../../filters/params.js';
import { translateFilter } from '../../filters/translate.js';
import { withTransaction } from '../pool.js';
import type { PgCollection } from '../store/collection.js';
import { toDuplicateKeyError } from '../store/duplicateKey.js';
import { columnList, type Doc, NULLS_COLUMN, rowToDoc, selectList } from '../store/rows.js';
import type { TableSpec } from '../store/tableSpec.js';
import { applyUpdate } from '../store/updates.js';
import { isObjectId } from '../store/values.js';

const require = createRequire(import.meta.url);
const { castUpdateOne } = require('mongoose/lib/helpers/model/castBulkWrite.js') as {
  castUpdateOne(model: unknown, updateOne: Doc, options: object, now: Date): Doc;
};
const { BulkWriteResult } = require(
  require.resolve('mongodb/lib/bulk/common.js', { paths: [require.resolve('mongoose')] }),
) as { BulkWriteResult: new (result: Doc, ordered: boolean) => MongoDriver.BulkWriteResult };

/** upstream tenantSafeBulkWrite's empty result, when every op was dropped. */
const EMPTY_BULK_RESULT = Object.freeze({
  insertedCount: 0,
  matchedCount: 0,
  modifiedCount: 0,
  deletedCount: 0,
  upsertedCount: 0,
  upsertedIds: {},
  insertedIds: {},
}) as unknown as MongoDriver.BulkWriteResult;

export interface BulkUpsert {
  filter: Doc;
  update: Doc;
  timestamps: boolean;
}

/**
 * A document → the JSON text of one record keyed by column name, as jsonb_populate_record reads
 * it. Written as text directly (jsonb values as EJSON in one pass), not built as objects first.
 */
function toRecordJson(spec: TableSpec, doc: Doc): string {
  const parts: string[] = [];
  const nulls: string[] = [];
  let extra: Doc | undefined;
  for (const field in doc) {
    const value = doc[field];
    if (value === undefined) continue;
    const col = spec.byField.get(field);
    if (!col) {
      extra ??= {};
      extra[field] = value;
      continue;
    }
    if (value === null) {
      nulls.push(field);
      continue;
    }
    let json: string;
    switch (col.type) {
      case 'objectId':
        json = JSON.stringify(isObjectId(value) ? value.toHexString() : String(value));
        break;
      case 'date':
        json = JSON.stringify((value instanceof Date ? value : new Date(value as string)).toISOString());
        break;
      case 'jsonb':
        json = EJSON.stringify(value, { relaxed: true });
        break;
      case 'textArray':
        json = JSON.stringify(Array.from(value as unknown[], (v) => (v == null ? null : String(v))));
        break;
      default:
        json = JSON.stringify(value);
    }
    parts.push(`"${col.column}":${json}`);
  }
  if (extra) parts.push(`"extra":${EJSON.stringify(extra, { relaxed: true })}`);
  parts.push(`"${NULLS_COLUMN}":${JSON.stringify(nulls)}`);
  return `{${parts.join(',')}}`;
}

function sameDoc(a: Doc, b: Doc): boolean {
  return EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });
}

/** Runs the casted upserts keyed by `messageId` (+ tenant) in order; returns the driver's result. */
export async function bulkUpsertByMessageId(
  collection: PgCollection,
  upserts: BulkUpsert[],
  client?: pg.PoolClient,
): Promise<MongoDriver.BulkWriteResult> {
  const { spec, model } = collection;
  const tenantId = getTenantId();
  const scoped = Boolean(tenantId && tenantId !== SYSTEM_TENANT_ID && spec.tenantIsolation);
  const ops: Doc[] = [];
  for (const { filter, update, timestamps } of upserts) {
    const { tenantId: _stripped, ...safe } = update;
    if (Object.keys(safe).length === 0) continue;
    const op: Doc = {
      filter: scoped ? { ...filter, tenantId } : { ...filter },
      update: safe,
      timestamps,
      upsert: true,
    };
    castUpdateOne(model, op, {}, new Date());
    ops.push(op);
  }
  if (ops.length === 0) return EMPTY_BULK_RESULT;

  const run = async (db: pg.PoolClient) => {
    const ids = [
      ...new Set(ops.map((op) => (op.filter as Doc).messageId).filter((v) => typeof v === 'string')),
    ];
    const params = new Params();
    const scope = scoped ? ` AND ${translateFilter(spec, { tenantId }, params)}` : '';
    const { rows } = await db.query(
      `SELECT ${selectList(spec)} FROM "${spec.table}" WHERE "message_id" = ANY(${params.add(ids, 'text[]')})${scope} ORDER BY "_id" FOR UPDATE`,
      params.values,
    );
    /** messageId → the document an op on it matches (first stored one, or one this batch inserted). */
    const byMessageId = new Map<unknown, { doc: Doc; original?: Doc }>();
    for (const row of rows) {
      const doc = rowToDoc(spec, row);
      if (!byMessageId.has(doc.messageId)) byMessageId.set(doc.messageId, { doc, original: doc });
    }
    const result = {
      ok: 1,
      writeErrors: [],
      writeConcernErrors: [],
      insertedIds: [],
      nInserted: 0,
      nUpserted: 0,
      nMatched: 0,
      nModified: 0,
      nRemoved: 0,
      upserted: [] as { index: number; _id: unknown }[],
    };
    for (const [index, op] of ops.entries()) {
      const filter = op.filter as Doc;
      const update = op.update as Doc;
      const entry = filter.messageId === undefined ? undefined : byMessageId.get(filter.messageId);
      if (entry) {
        const next = applyUpdate(entry.doc, update, { isInsert: false, filter });
        result.nMatched++;
        if (!sameDoc(entry.doc, next)) result.nModified++;
        entry.doc = next;
        continue;
      }
      const seed: Doc = {};
      for (const [k, v] of Object.entries(filter)) if (!k.startsWith('$')) seed[k] = v;
      const doc = applyUpdate(seed, update, { isInsert: true, filter });
      if (doc._id === undefined) doc._id = new ObjectId();
      byMessageId.set(filter.messageId, { doc });
      result.nUpserted++;
      result.upserted.push({ index, _id: doc._id });
    }
    const inserts: string[] = [];
    const changes: string[] = [];
    for (const { doc, original } of byMessageId.values()) {
      // applyUpdate already returns plain values (ObjectIds, Dates, plain objects and arrays).
      if (!original) inserts.push(toRecordJson(spec, doc));
      else if (!sameDoc(original, doc)) changes.push(toRecordJson(spec, doc));
    }
    const cols = columnList(spec).map((c) => `"${c}"`);
    try {
      if (inserts.length) {
        await db.query(
          `INSERT INTO "${spec.table}" (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM jsonb_populate_recordset(NULL::"${spec.table}", $1::jsonb)`,
          [`[${inserts.join(',')}]`],
        );
      }
      if (changes.length) {
        const assigned = cols.filter((c) => c !== '"_id"');
        await db.query(
          `UPDATE "${spec.table}" AS t SET (${assigned.join(', ')}) = (${assigned.map((c) => `r.${c}`).join(', ')}) FROM jsonb_populate_recordset(NULL::"${spec.table}", $1::jsonb) AS r WHERE t."_id" = r."_id"`,
          [`[${changes.join(',')}]`],
        );
      }
    } catch (error) {
      throw toDuplicateKeyError(error, spec, collection.uniqueIndexes, {}, await collection.databaseName());
    }
    return new BulkWriteResult(result, true);
  };
  return client ? run(client) : withTransaction(collection.pool, run);
}
