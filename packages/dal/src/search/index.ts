/** Search (MeiliSearch sync, reindex, status) on either engine: see docs/search.md. */
export type { DalSearch } from './api.js';
export { resolveSearchConfig, SEARCH_DEFAULTS, type SearchConfig, searchConfigFromEnv } from './config.js';
export {
  SEARCH_INDEX_UIDS,
  type SearchIndexDefinition,
  type SearchIndexUid,
  searchIndexDefinitions,
} from './definitions.js';
export { indexableFilter, isIndexable, meiliId, toMeiliDocument } from './documents.js';
export { MeiliTaskFailedError } from './meili.js';
export { MongoReindexBusyError, REINDEX_COLLECTION } from './mongo/source.js';
export type { ParkedDocument } from './postgres/outbox.js';
export { ReindexBusyError } from './postgres/reindexSource.js';
export type { WorkerStats } from './postgres/worker.js';
export { OutboxWorker } from './postgres/worker.js';
export type {
  ReindexCheckpoint,
  ReindexOptions,
  ReindexPhase,
  ReindexProgress,
  ReindexResult,
} from './reindex.js';
export type { SearchIndexStatus } from './status.js';
