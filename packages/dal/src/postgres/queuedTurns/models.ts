/**
 * Upstream's queued-turn methods run on PostgreSQL over these two mongoose-shaped models: each
 * call upstream makes on `AgentQueuedTurn` / `AgentQueuedTurnSequence` (find/findOne with sort,
 * select and limit; findOneAndUpdate with `new`/`upsert`; updateOne/updateMany with the driver's
 * counts; exists; distinct; create; deleteMany) is the same PgCollection operation, so filters
 * and updates are cast as mongoose casts them and compare-and-set updates lock their row.
 * Duplicate keys surface as E11000 errors (`code: 11000`) as upstream expects.
 */
import type { PgCollection } from '../store/collection.js';
import { PgQuery, type QueryShape } from './query.js';

type Doc = Record<string, unknown>;

export interface QueuedTurnModelOptions {
  /** Runs before every operation (the sequences' TTL emulation). */
  before?: () => Promise<void>;
}

export function queuedTurnModel(collection: PgCollection, options: QueuedTurnModelOptions = {}) {
  const before = options.before ?? (async () => undefined);
  const query = <T>(run: (shape: QueryShape) => Promise<T>) =>
    new PgQuery<T>(async (shape) => {
      await before();
      return run(shape);
    });
  return {
    modelName: collection.model.modelName,
    find: (filter: Doc = {}) =>
      query((shape) =>
        collection.find(filter, { sort: shape.sort, select: shape.select, limit: shape.limit }),
      ),
    findOne: (filter: Doc = {}) =>
      query((shape) => collection.findOne(filter, { sort: shape.sort, select: shape.select })),
    findOneAndUpdate: (filter: Doc, update: Doc, opts: { new?: boolean; upsert?: boolean } = {}) =>
      query((shape) => collection.findOneAndUpdateLean(filter, update, { ...opts, select: shape.select })),
    updateOne: async (filter: Doc, update: Doc, opts: { upsert?: boolean } = {}) => {
      await before();
      return collection.updateOne(filter, update, opts);
    },
    updateMany: async (filter: Doc, update: Doc, opts: { upsert?: boolean } = {}) => {
      await before();
      return collection.updateMany(filter, update, opts);
    },
    exists: async (filter: Doc) => {
      await before();
      return collection.exists(filter);
    },
    distinct: async (field: string, filter: Doc = {}) => {
      await before();
      return collection.distinct(field, filter);
    },
    create: async (data: Doc) => {
      await before();
      return collection.create(data);
    },
    deleteMany: async (filter: Doc = {}) => {
      await before();
      return collection.deleteMany(filter);
    },
  };
}
