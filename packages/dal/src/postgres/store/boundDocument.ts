/**
 * Mongoose documents whose `save()` writes to a PostgreSQL table. Some upstream methods hand out
 * hydrated documents (`findSession(…, { lean: false })`, `createSession`, `Token.create`) and
 * callers later change and `.save()` them (`generateRefreshToken`, `updateExpiration`). These
 * documents come from upstream's models on the unconnected Mongoose instance, so defaults,
 * casting, validation and `toObject()` are upstream's; only persistence is rerouted:
 *
 * - a new document is validated, stamped (tenant, timestamps, version key) and inserted;
 * - an existing one writes its modified top-level fields (`$set`/`$unset` by `_id`), and like
 *   mongoose throws `DocumentNotFoundError` when the row is gone.
 */
import { getTenantId, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import mongoose from 'mongoose';
import type { PgCollection } from './collection.js';
import type { Doc } from './rows.js';

type MongooseDocument = any;

/** `new Model(data)` whose `save()` inserts into (then updates) the collection's table. */
export function newBoundDocument(collection: PgCollection, data: Doc): MongooseDocument {
  return bind(collection, new collection.model(data));
}

/** `Model.hydrate(stored)`: a document read from the table, as `Model.findOne().exec()` returns it. */
export function hydrateBound(collection: PgCollection, stored: Doc): MongooseDocument {
  return bind(collection, collection.model.hydrate(stored));
}

/** `Model.create(data)`: the saved document, bound to the table for later saves. */
export async function createBound(collection: PgCollection, data: Doc): Promise<MongooseDocument> {
  const doc = newBoundDocument(collection, data);
  await doc.save();
  return doc;
}

function bind(collection: PgCollection, doc: MongooseDocument): MongooseDocument {
  Object.defineProperty(doc, 'save', {
    value: () => save(collection, doc),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return doc;
}

async function save(collection: PgCollection, doc: MongooseDocument): Promise<MongooseDocument> {
  const { spec } = collection;
  if (doc.isNew) {
    const tenantId = getTenantId();
    if (tenantId && tenantId !== SYSTEM_TENANT_ID && spec.tenantIsolation && doc.get('tenantId') == null) {
      doc.set('tenantId', tenantId);
    }
    await doc.validate();
    if (spec.timestamps) {
      const now = new Date();
      if (doc.get('createdAt') == null) doc.set('createdAt', now);
      doc.set('updatedAt', now);
    }
    if (spec.versionKey && doc.get(spec.versionKey) == null) doc.set(spec.versionKey, 0);
    await collection.insertShaped(doc);
    doc.isNew = false;
    resetModified(doc);
    return doc;
  }

  await doc.validate();
  const fields = [...new Set((doc.modifiedPaths() as string[]).map((p) => p.split('.')[0] as string))].filter(
    (f) => f !== '_id',
  );
  const where = { _id: doc._id };
  if (fields.length === 0) {
    // mongoose checks that the document still exists even when nothing changed.
    if (!(await collection.exists(where))) throw notFound(collection, where);
    return doc;
  }
  const $set: Doc = {};
  const $unset: Doc = {};
  for (const field of fields) {
    const value = doc.get(field);
    if (value === undefined) $unset[field] = '';
    else $set[field] = value;
  }
  if (spec.timestamps) {
    const now = new Date();
    doc.set('updatedAt', now);
    $set.updatedAt = now;
  }
  const update: Doc = {};
  if (Object.keys($set).length) update.$set = $set;
  if (Object.keys($unset).length) update.$unset = $unset;
  const result = await collection.updateOne(where, update, { timestamps: false });
  if (result.matchedCount === 0) throw notFound(collection, where);
  resetModified(doc);
  return doc;
}

function resetModified(doc: MongooseDocument): void {
  if (typeof doc.$__reset === 'function') doc.$__reset();
}

function notFound(collection: PgCollection, where: Doc): Error {
  const DocumentNotFoundError = (
    mongoose.Error as unknown as {
      DocumentNotFoundError: new (filter: Doc, model: string, numAffected: number, result: unknown) => Error;
    }
  ).DocumentNotFoundError;
  return new DocumentNotFoundError(where, collection.model.modelName, 0, {});
}
