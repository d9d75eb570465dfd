/**
 * Search on the PostgreSQL backend: the query runtime the methods use (ctx.search), the outbox
 * worker, and `dal.search`.
 */
import type pg from 'pg';
import type { DocumentShaper } from '../../documents/shaper.js';
import type { Collections } from '../../postgres/store/collections.js';
import type { DalSearch } from '../api.js';
import type { SearchConfig } from '../config.js';
import { SEARCH_INDEX_UIDS, type SearchIndexUid, searchIndexDefinitions } from '../definitions.js';
import { createMeiliClient, type MeiliSearch } from '../meili.js';
import { reindexIndex } from '../reindex.js';
import { checkpointSummary, meiliDocumentCount, type SearchIndexStatus } from '../status.js';
import { disableOutbox, enableOutbox, outboxCounts, parkedDocuments, retryParked } from './outbox.js';
import { createPgSearchRuntime, type PgSearchRuntime } from './queries.js';
import { postgresReindexSource } from './reindexSource.js';
import { type IndexTable, indexTable } from './rows.js';
import { countFlagged, countIndexable } from './source.js';
import { OutboxWorker } from './worker.js';

export interface PostgresSearch {
  runtime: PgSearchRuntime;
  search: DalSearch & {
    /** Records changes in the outbox from now on (done by `start` when search is enabled). */
    enableOutbox(): Promise<void>;
    /** Stops recording changes and empties the outbox (search turned off for good). */
    disableOutbox(): Promise<void>;
  };
  /** Enables the outbox and starts the worker, when search is enabled. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createPostgresSearch(options: {
  pool: pg.Pool;
  shaper: DocumentShaper;
  collections: Collections;
  config: SearchConfig;
}): PostgresSearch {
  const { pool, shaper, collections, config } = options;
  const defs = searchIndexDefinitions(shaper);
  const tables: Record<SearchIndexUid, IndexTable> = {
    messages: indexTable(defs.messages, collections.messages),
    convos: indexTable(defs.convos, collections.conversations),
  };
  const connection = (pool as unknown as { options: pg.ClientConfig }).options;
  // Administration (status, reindex) needs only MEILI_HOST/MEILI_MASTER_KEY; live sync and queries need SEARCH too.
  const admin: MeiliSearch | null = config.host && config.apiKey ? createMeiliClient(config) : null;
  const live = config.enabled ? admin : null;
  const runtime = createPgSearchRuntime({ client: live, messages: tables.messages, convos: tables.convos });
  const worker =
    live && config.worker
      ? new OutboxWorker({ pool, connection, client: live, tables: Object.values(tables), config })
      : null;

  const requireAdmin = (): MeiliSearch => {
    if (!admin) throw new Error('MeiliSearch is not configured (MEILI_HOST, MEILI_MASTER_KEY)');
    return admin;
  };

  const search: PostgresSearch['search'] = {
    engine: 'postgresql',
    enabled: config.enabled,
    config,
    worker,
    enableOutbox: () => enableOutbox(pool),
    disableOutbox: () => disableOutbox(pool),

    async status() {
      const out: SearchIndexStatus[] = [];
      for (const uid of SEARCH_INDEX_UIDS) {
        const t = tables[uid];
        const [shouldBeIndexed, flaggedIndexed, counts, meili, cp] = await Promise.all([
          countIndexable(pool, t),
          countFlagged(pool, t),
          outboxCounts(pool, uid),
          meiliDocumentCount(admin, uid),
          postgresReindexSource(pool, connection, t).loadCheckpoint(),
        ]);
        out.push({
          index: uid,
          engine: 'postgresql',
          shouldBeIndexed,
          flaggedIndexed,
          ...meili,
          backlog: counts.backlog,
          parked: counts.parked,
          reindex: checkpointSummary(cp),
        });
      }
      return out;
    },

    async reindex(reindexOptions = {}) {
      const client = requireAdmin();
      const results = [];
      for (const uid of reindexOptions.indexes ?? SEARCH_INDEX_UIDS) {
        const source = postgresReindexSource(pool, connection, tables[uid]);
        results.push(
          await reindexIndex({ client, taskTimeoutMs: config.taskTimeoutMs }, source, reindexOptions),
        );
      }
      return results;
    },

    async abortReindex(uid) {
      const source = postgresReindexSource(pool, connection, tables[uid]);
      const release = await source.acquire();
      try {
        const cp = await source.loadCheckpoint();
        if (cp && admin) await admin.deleteIndex(cp.tempUid).catch(() => {});
        await source.clearCheckpoint();
      } finally {
        await release();
      }
    },

    async sync(syncOptions = {}) {
      const client = requireAdmin();
      if (worker) return worker.drain(syncOptions);
      const once = new OutboxWorker({ pool, connection, client, tables: Object.values(tables), config });
      try {
        await once.drain(syncOptions);
      } finally {
        await once.stop();
      }
    },

    async parked(uid, limit) {
      const uids = uid ? [uid] : [...SEARCH_INDEX_UIDS];
      return (await Promise.all(uids.map((u) => parkedDocuments(pool, u, limit)))).flat();
    },

    retryParked: (uid) => retryParked(pool, uid),
  };

  return {
    runtime,
    search,
    async start() {
      if (!config.enabled) return;
      await enableOutbox(pool);
      worker?.start();
    },
    async close() {
      await worker?.stop();
    },
  };
}
