/**
 * `Model.bulkWrite(ops, { ordered })` on a PostgreSQL table: mongoose's own bulk-write casting
 * (validation, defaults, timestamps, version key — every op cast before any runs, as mongoose
 * does), then each op in order on PgCollection, each atomic on its own (MongoDB's bulkWrite is not
 * a transaction either). Returns the driver's `BulkWriteResult`; a write error ends an ordered
 * batch with a `MongoBulkWriteError` as the driver reports it. `replaceOne` is not supported.
 */
import { createRequire } from 'node:module';
import type { AnyBulkWriteOperation, mongo as MongoDriver } from 'mongoose';
import { UnsupportedFilterError } from '../../errors.js';
import type { PgCollection } from './collection.js';
import { DuplicateKeyError } from './duplicateKey.js';
import type { Doc } from './rows.js';

const require = createRequire(import.meta.url);
// The driver's bulk result and error classes (constructed as the driver does; internal API), from
// the copy mongoose itself loads.
const mongo = require(
  require.resolve('mongodb/lib/bulk/common.js', { paths: [require.resolve('mongoose')] }),
) as Record<'BulkWriteResult' | 'WriteError' | 'MongoBulkWriteError', new (...args: unknown[]) => never>;
const castBulkWrite = require('mongoose/lib/helpers/model/castBulkWrite.js') as (
  model: unknown,
  op: unknown,
  options: object,
) => (callback: (error: unknown) => void) => void;

interface BulkResult {
  ok: number;
  writeErrors: unknown[];
  writeConcernErrors: unknown[];
  insertedIds: { index: number; _id: unknown }[];
  nInserted: number;
  nUpserted: number;
  nMatched: number;
  nModified: number;
  nRemoved: number;
  upserted: { index: number; _id: unknown }[];
}

function castAll(collection: PgCollection, ops: AnyBulkWriteOperation[], options: object): Promise<void> {
  // Every op's thunk is made up front, as Model.bulkWrite does (`ops.map(castBulkWrite)`): each
  // takes its timestamp (`now`) then, so all ops of one batch carry the same updatedAt/createdAt.
  const thunks = ops.map((op) => castBulkWrite(collection.model, op, options));
  return thunks.reduce<Promise<void>>(
    (previous, thunk) =>
      previous.then(
        () => new Promise((resolve, reject) => thunk((error) => (error ? reject(error) : resolve()))),
      ),
    Promise.resolve(),
  );
}

async function runOp(collection: PgCollection, op: Doc, index: number, result: BulkResult): Promise<void> {
  const [kind, spec] = Object.entries(op)[0] as [string, Doc];
  switch (kind) {
    case 'insertOne': {
      const doc = spec.document as { _id: unknown };
      await collection.insertShaped(doc);
      result.nInserted++;
      result.insertedIds.push({ index, _id: doc._id });
      return;
    }
    case 'updateOne':
    case 'updateMany': {
      const options = { upsert: spec.upsert === true, timestamps: false };
      const filter = spec.filter as Doc;
      const update = spec.update as Doc;
      const r =
        kind === 'updateOne'
          ? await collection.updateOne(filter, update, options)
          : await collection.updateMany(filter, update, options);
      result.nMatched += r.matchedCount;
      result.nModified += r.modifiedCount;
      if (r.upsertedCount) {
        result.nUpserted += r.upsertedCount;
        result.upserted.push({ index, _id: r.upsertedId });
      }
      return;
    }
    case 'deleteOne':
    case 'deleteMany': {
      const filter = spec.filter as Doc;
      const r =
        kind === 'deleteOne' ? await collection.deleteOne(filter) : await collection.deleteMany(filter);
      result.nRemoved += r.deletedCount;
      return;
    }
    default:
      throw new UnsupportedFilterError(`bulkWrite ${kind}`);
  }
}

export async function pgBulkWrite(
  collection: PgCollection,
  ops: AnyBulkWriteOperation[],
  options: { ordered?: boolean; timestamps?: boolean } = {},
): Promise<MongoDriver.BulkWriteResult> {
  const ordered = options.ordered ?? true;
  const result: BulkResult = {
    ok: 1,
    writeErrors: [],
    writeConcernErrors: [],
    insertedIds: [],
    nInserted: 0,
    nUpserted: 0,
    nMatched: 0,
    nModified: 0,
    nRemoved: 0,
    upserted: [],
  };
  if (ops.length === 0) return new mongo.BulkWriteResult(result, false) as MongoDriver.BulkWriteResult;
  for (const op of ops) if ('replaceOne' in op) throw new UnsupportedFilterError('bulkWrite replaceOne');
  await castAll(collection, ops, { ...options, ordered });
  for (const [index, op] of ops.entries()) {
    try {
      await runOp(collection, op as Doc, index, result);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      result.writeErrors.push(new mongo.WriteError({ index, code: error.code, errmsg: error.message, op }));
      if (ordered) break;
    }
  }
  const bulk = new mongo.BulkWriteResult(result, ordered) as MongoDriver.BulkWriteResult;
  if (result.writeErrors.length) {
    const [first] = result.writeErrors as { errmsg?: string; code?: number }[];
    throw new mongo.MongoBulkWriteError(
      { message: first?.errmsg ?? 'write error', code: first?.code, writeErrors: result.writeErrors },
      bulk,
    );
  }
  return bulk;
}
