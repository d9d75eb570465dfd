/**
 * Upstream's `tenantSafeBulkWrite(model, ops, options)` (tenantId stripped from updates, injected
 * into filters and inserts under a tenant) with PostgreSQL doing the writes: the decision is
 * upstream's own code, the bulk write is pgBulkWrite on the table.
 */
import { tenantSafeBulkWrite } from '@librechat/data-schemas';
import type { AnyBulkWriteOperation, Model, mongo } from 'mongoose';
import { pgBulkWrite } from './bulkWrite.js';
import type { PgCollection } from './collection.js';

export function tenantBulkWrite(
  collection: PgCollection,
  ops: object[],
  options: object = {},
): Promise<mongo.BulkWriteResult> {
  const model = {
    modelName: collection.model.modelName,
    bulkWrite: (prepared: AnyBulkWriteOperation[], opts: object) => pgBulkWrite(collection, prepared, opts),
  } as unknown as Model<unknown>;
  return tenantSafeBulkWrite(
    model,
    ops as AnyBulkWriteOperation[],
    options,
  ) as unknown as Promise<mongo.BulkWriteResult>;
}
