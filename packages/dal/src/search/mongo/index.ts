/**
 * `dal.search` on the MongoDB backend. Live sync and queries stay upstream's mongoMeili plugin
 * (attached by createModels when MEILI_HOST and MEILI_MASTER_KEY are set); this adds the status
 * report, the swap reindex, and `sync` = the plugin's own `syncWithMeili`.
 */
import type { Mongoose } from 'mongoose';
import type { DalSearch } from '../api.js';
import type { SearchConfig } from '../config.js';
import { SEARCH_INDEX_UIDS, searchIndexDefinitions } from '../definitions.js';
import { createMeiliClient, type MeiliSearch } from '../meili.js';
import { reindexIndex } from '../reindex.js';
import { checkpointSummary, meiliDocumentCount, type SearchIndexStatus } from '../status.js';
import { mongoCounts, mongoReindexSource } from './source.js';

export function createMongoSearch(mongoose: Mongoose, config: SearchConfig): DalSearch {
  const defs = searchIndexDefinitions({ model: (name) => mongoose.models[name] as never });
  const admin: MeiliSearch | null = config.host && config.apiKey ? createMeiliClient(config) : null;
  const requireAdmin = (): MeiliSearch => {
    if (!admin) throw new Error('MeiliSearch is not configured (MEILI_HOST, MEILI_MASTER_KEY)');
    return admin;
  };
  return {
    engine: 'mongodb',
    enabled: config.enabled,
    config,
    worker: null,

    async status() {
      const out: SearchIndexStatus[] = [];
      for (const uid of SEARCH_INDEX_UIDS) {
        const def = defs[uid];
        const [counts, meili, cp] = await Promise.all([
          mongoCounts(mongoose, def),
          meiliDocumentCount(admin, uid),
          admin
            ? mongoReindexSource(mongoose, def, admin, config.reindexLeaseMs).loadCheckpoint()
            : Promise.resolve(null),
        ]);
        out.push({
          index: uid,
          engine: 'mongodb',
          ...counts,
          ...meili,
          parked: 0,
          reindex: checkpointSummary(cp),
        });
      }
      return out;
    },

    async reindex(options = {}) {
      const client = requireAdmin();
      const results = [];
      for (const uid of options.indexes ?? SEARCH_INDEX_UIDS) {
        const source = mongoReindexSource(mongoose, defs[uid], client, config.reindexLeaseMs);
        results.push(await reindexIndex({ client, taskTimeoutMs: config.taskTimeoutMs }, source, options));
      }
      return results;
    },

    async abortReindex(uid) {
      const client = requireAdmin();
      const source = mongoReindexSource(mongoose, defs[uid], client, config.reindexLeaseMs);
      const release = await source.acquire();
      try {
        const cp = await source.loadCheckpoint();
        if (cp) await client.deleteIndex(cp.tempUid).catch(() => {});
        await source.clearCheckpoint();
      } finally {
        await release();
      }
    },

    async sync() {
      for (const name of ['Message', 'Conversation']) {
        const model = mongoose.models[name] as unknown as { syncWithMeili?: () => Promise<void> } | undefined;
        if (typeof model?.syncWithMeili !== 'function') {
          throw new Error(
            `MeiliSearch plugin not registered on ${name} model (MEILI_HOST and MEILI_MASTER_KEY unset when the models were created)`,
          );
        }
        await model.syncWithMeili();
      }
    },

    parked: async () => [],
    retryParked: async () => 0,
  };
}
