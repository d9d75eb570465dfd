/** The search API of a Dal (`dal.search`), the same on both engines. */
import type { SearchConfig } from './config.js';
import type { SearchIndexUid } from './definitions.js';
import type { ParkedDocument } from './postgres/outbox.js';
import type { OutboxWorker } from './postgres/worker.js';
import type { ReindexOptions, ReindexResult } from './reindex.js';
import type { SearchIndexStatus } from './status.js';

export interface DalSearch {
  readonly engine: 'mongodb' | 'postgresql';
  /** SEARCH=true with MEILI_HOST and MEILI_MASTER_KEY: live sync and Meili queries. */
  readonly enabled: boolean;
  readonly config: Readonly<SearchConfig>;
  /** Per index: should be indexed, flagged indexed, present in Meili, backlog, parked, reindex. */
  status(): Promise<SearchIndexStatus[]>;
  /** Rebuilds indexes into a temporary index and swaps it in; resumes an interrupted one. */
  reindex(options?: ReindexOptions): Promise<ReindexResult[]>;
  /** Abandons an interrupted reindex: drops its temporary index and checkpoint. */
  abortReindex(index: SearchIndexUid): Promise<void>;
  /**
   * Brings Meili up to date now. PostgreSQL: sends the outbox until it is empty (parked
   * documents excepted). MongoDB: upstream's `syncWithMeili` on both models.
   */
  sync(options?: { timeoutMs?: number }): Promise<void>;
  /** Documents Meili kept rejecting (PostgreSQL; always empty on MongoDB). */
  parked(index?: SearchIndexUid, limit?: number): Promise<ParkedDocument[]>;
  /** Gives parked documents new attempts; returns how many. */
  retryParked(index?: SearchIndexUid): Promise<number>;
  /** PostgreSQL: this process's outbox worker (null on MongoDB, or when search is disabled). */
  readonly worker: OutboxWorker | null;
}
