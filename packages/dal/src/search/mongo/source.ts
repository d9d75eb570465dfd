/**
 * A reindex on MongoDB. The live index keeps being written by upstream's plugin hooks (into the
 * old index until the swap), so after the swap the reindex sends again every document changed
 * since it started (`updatedAt`) or not confirmed by the plugin (`_meiliIndex` not true), and
 * deletes Meili documents that no longer have an indexable document (a deletion during the copy).
 * A write whose `updatedAt` is preserved (`timestamps: false`) during the copy is caught only if
 * the plugin left its `_meiliIndex` unset; the next startup sync catches the rest, as upstream.
 *
 * The checkpoint and a lease (one reindex per index at a time, renewed while it runs) are
 * documents of the `librechat_search_reindex` collection. All reads and flag writes use the
 * driver's collection (no mongoose hooks, no `updatedAt` change), as the plugin does.
 */
import { randomUUID } from 'node:crypto';

import type { MeiliSearch } from 'meilisearch';
import { type Mongoose, type mongo, Types } from 'mongoose';
import type { SearchIndexDefinition } from '../definitions.js';
import { type Doc, indexableFilter, isIndexable, meiliId, toMeiliDocument } from '../documents.js';
import type { PageItem, ReindexCheckpoint, ReindexSource } from '../reindex.js';
import type { Outgoing } from '../send.js';

type MongoDocument = mongo.Document;

export const REINDEX_COLLECTION = 'librechat_search_reindex';

export class MongoReindexBusyError extends Error {
  override readonly name = 'ReindexBusyError';
  constructor(readonly index: string) {
    super(`A reindex of the ${index} index is already running`);
  }
}

function projection(def: SearchIndexDefinition): Record<string, 1> {
  const fields = [
    ...def.attributes,
    'isTemporary',
    'expiredAt',
    'unfinished',
    def.excludeFromIndexPath,
    '_meiliIndexVersion',
  ];
  return Object.fromEntries(fields.map((f) => [f, 1]));
}

export function mongoCollection(
  mongoose: Mongoose,
  def: SearchIndexDefinition,
): mongo.Collection<MongoDocument> {
  const model = mongoose.models[def.model];
  if (!model) throw new Error(`Model ${def.model} is not registered on this mongoose instance`);
  return model.collection as unknown as mongo.Collection<MongoDocument>;
}

interface MeiliPageItem extends PageItem {
  version: unknown;
}

/** Current Meili state of keys: newest indexable document per key, else deletion. */
async function resolveKeys(
  coll: mongo.Collection<MongoDocument>,
  def: SearchIndexDefinition,
  keys: string[],
): Promise<Outgoing[]> {
  const docs = await coll
    .find({ [def.primaryKey]: { $in: keys } }, { projection: projection(def) })
    .sort({ _id: 1 })
    .toArray();
  const latest = new Map<string, Doc>();
  const now = Date.now();
  for (const doc of docs) {
    if (isIndexable(def, doc as Doc, now)) latest.set(doc[def.primaryKey] as string, doc as Doc);
  }
  return keys.map((key) => {
    const doc = latest.get(key);
    return { key, id: meiliId(key), doc: doc ? toMeiliDocument(def, doc) : null };
  });
}

export function mongoReindexSource(
  mongoose: Mongoose,
  def: SearchIndexDefinition,
  client: MeiliSearch,
  /** How long a crashed reindex keeps the lease (renewed every third of it while running). */
  leaseMs = 60_000,
): ReindexSource {
  const coll = mongoCollection(mongoose, def);
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB connection is not open');
  const state = db.collection<MongoDocument>(REINDEX_COLLECTION);
  const checkpointId = `checkpoint:${def.uid}`;
  const leaseId = `lease:${def.uid}`;

  return {
    def,
    countIndexable: () => coll.countDocuments(indexableFilter(def)),

    async readPage(after, limit) {
      const filter = after
        ? { $and: [indexableFilter(def), { _id: { $gt: new Types.ObjectId(after) } }] }
        : indexableFilter(def);
      const docs = await coll
        .find(filter, { projection: projection(def) })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      const items: MeiliPageItem[] = docs.map((doc) => ({
        rowId: (doc._id as Types.ObjectId).toHexString(),
        key: doc[def.primaryKey] as string,
        doc: toMeiliDocument(def, doc as Doc),
        version: doc._meiliIndexVersion ?? null,
      }));
      return { items, last: items.length ? (items[items.length - 1] as PageItem).rowId : null };
    },

    async markIndexed(items) {
      if (items.length === 0) return;
      // Only the state that was read: a document the plugin re-versioned meanwhile keeps its own
      // flags. Unversioned documents (the bulk of them) in one statement, the others one by one.
      const set = { $set: { _meiliIndex: true, _meiliCleanupVersion: 1, _meiliIndexSchemaVersion: 1 } };
      const unversioned = (items as MeiliPageItem[]).filter((i) => i.version === null);
      const versioned = (items as MeiliPageItem[]).filter((i) => i.version !== null);
      if (unversioned.length) {
        await coll.updateMany(
          { _id: { $in: unversioned.map((i) => new Types.ObjectId(i.rowId)) }, _meiliIndexVersion: null },
          set,
        );
      }
      if (versioned.length) {
        await coll.bulkWrite(
          versioned.map((item) => ({
            updateOne: {
              filter: { _id: new Types.ObjectId(item.rowId), _meiliIndexVersion: item.version as never },
              update: set,
            },
          })),
          { ordered: false },
        );
      }
    },

    async loadCheckpoint() {
      const doc = await state.findOne({ _id: checkpointId as never });
      if (!doc) return null;
      return {
        index: def.uid,
        tempUid: doc.tempUid,
        phase: doc.phase,
        cursor: doc.cursor ?? null,
        done: doc.done,
        total: doc.total,
        swapTaskUid: doc.swapTaskUid ?? null,
        startedAt: doc.startedAt,
      } as ReindexCheckpoint;
    },
    async saveCheckpoint(cp) {
      const { index: _index, ...rest } = cp;
      await state.replaceOne(
        { _id: checkpointId as never },
        { ...rest, updatedAt: new Date() },
        { upsert: true },
      );
    },
    async clearCheckpoint() {
      await state.deleteOne({ _id: checkpointId as never });
    },

    async acquire() {
      const owner = randomUUID();
      // A lease whose holder died expires within leaseMs: wait that long before calling it busy.
      const giveUpAt = Date.now() + leaseMs + 1_000;
      for (;;) {
        const now = new Date();
        try {
          await state.insertOne({
            _id: leaseId as never,
            owner,
            expiresAt: new Date(now.getTime() + leaseMs),
          });
          break;
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
          const taken = await state.updateOne(
            { _id: leaseId as never, expiresAt: { $lt: now } },
            { $set: { owner, expiresAt: new Date(now.getTime() + leaseMs) } },
          );
          if (taken.modifiedCount === 1) break;
          if (Date.now() > giveUpAt) throw new MongoReindexBusyError(def.uid);
          await new Promise((r) => setTimeout(r, Math.min(500, leaseMs / 4)));
        }
      }
      const timer = setInterval(() => {
        void state
          .updateOne(
            { _id: leaseId as never, owner },
            { $set: { expiresAt: new Date(Date.now() + leaseMs) } },
          )
          .catch(() => {});
      }, leaseMs / 3);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await state.deleteOne({ _id: leaseId as never, owner });
      };
    },

    async afterSwap(cp, send) {
      // 1. Documents changed since the copy started, or never confirmed by the plugin.
      const since = new Date(cp.startedAt.getTime() - 5_000);
      let after: Types.ObjectId | null = null;
      for (;;) {
        const clauses: MongoDocument[] = [
          { $or: [{ updatedAt: { $gte: since } }, { _meiliIndex: { $ne: true } }] },
        ];
        if (after) clauses.push({ _id: { $gt: after } });
        const docs = await coll
          .find({ $and: clauses }, { projection: { [def.primaryKey]: 1 } })
          .sort({ _id: 1 })
          .limit(1000)
          .toArray();
        if (docs.length === 0) break;
        after = docs[docs.length - 1]?._id as Types.ObjectId;
        const keys = [
          ...new Set(docs.map((d) => d[def.primaryKey]).filter((k): k is string => typeof k === 'string')),
        ];
        if (keys.length) await send(await resolveKeys(coll, def, keys));
      }
      // 2. Meili documents without an indexable document (deleted during the copy).
      let offset = 0;
      const limit = 1000;
      for (;;) {
        const page = await client.index(def.uid).getDocuments({ limit, offset, fields: [def.primaryKey] });
        if (page.results.length === 0) break;
        const ids = page.results.map((d) => String(d[def.primaryKey]));
        const candidates = [...new Set(ids.flatMap((id) => [id, id.replace(/--/g, '|')]))];
        const present = await coll
          .find(
            { $and: [indexableFilter(def), { [def.primaryKey]: { $in: candidates } }] },
            { projection: { [def.primaryKey]: 1 } },
          )
          .toArray();
        const live = new Set(present.map((d) => meiliId(String(d[def.primaryKey]))));
        const orphans = ids.filter((id) => !live.has(id));
        if (orphans.length) await send(orphans.map((id) => ({ key: id, id, doc: null })));
        if (page.results.length < limit) break;
        offset += limit - orphans.length;
      }
    },
  };
}

/** upstream's getSyncProgress numbers, with this module's indexability rule. */
export async function mongoCounts(mongoose: Mongoose, def: SearchIndexDefinition) {
  const coll = mongoCollection(mongoose, def);
  const indexable = indexableFilter(def);
  const [shouldBeIndexed, flaggedIndexed, backlog] = await Promise.all([
    coll.countDocuments(indexable),
    coll.countDocuments({ $and: [indexable, { _meiliIndex: true, _meiliIndexSchemaVersion: 1 }] }),
    coll.countDocuments({
      $and: [
        indexable,
        {
          $or: [
            { _meiliIndex: { $ne: true }, _meiliIndexAttempted: true },
            { _meiliIndex: true, _meiliIndexSchemaVersion: { $ne: 1 } },
          ],
        },
      ],
    }),
  ]);
  return { shouldBeIndexed, flaggedIndexed, backlog };
}
