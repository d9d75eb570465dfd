/** Sync status of one index, the same report on both engines. */
import type { MeiliSearch } from 'meilisearch';
import type { SearchIndexUid } from './definitions.js';
import { isIndexNotFound } from './meili.js';
import type { ReindexCheckpoint } from './reindex.js';

export interface SearchIndexStatus {
  index: SearchIndexUid;
  engine: 'mongodb' | 'postgresql';
  /** Documents the rules say belong in Meili (retention-visible, not excluded, not unfinished). */
  shouldBeIndexed: number;
  /** Of those, documents flagged `_meiliIndex` (confirmed, current schema version). */
  flaggedIndexed: number;
  /** Meili's `numberOfDocuments` (null when Meili is unreachable or not configured). */
  presentInMeili: number | null;
  meiliError?: string;
  /**
   * PostgreSQL: outbox rows waiting to be sent. MongoDB (no outbox): documents whose Meili write
   * was attempted and not confirmed (upstream's `pendingIndexing`).
   */
  backlog: number;
  /** Documents Meili kept rejecting, set aside with their error (PostgreSQL; 0 on MongoDB). */
  parked: number;
  /** An unfinished reindex of this index, if any. */
  reindex: Pick<ReindexCheckpoint, 'phase' | 'done' | 'total' | 'tempUid' | 'startedAt'> | null;
}

export async function meiliDocumentCount(
  client: MeiliSearch | null,
  uid: string,
): Promise<{ presentInMeili: number | null; meiliError?: string }> {
  if (!client)
    return {
      presentInMeili: null,
      meiliError: 'MeiliSearch is not configured (MEILI_HOST, MEILI_MASTER_KEY)',
    };
  try {
    return { presentInMeili: (await client.index(uid).getStats()).numberOfDocuments };
  } catch (error) {
    if (isIndexNotFound(error)) return { presentInMeili: 0 };
    return { presentInMeili: null, meiliError: error instanceof Error ? error.message : String(error) };
  }
}

export function checkpointSummary(cp: ReindexCheckpoint | null): SearchIndexStatus['reindex'] {
  return cp
    ? { phase: cp.phase, done: cp.done, total: cp.total, tempUid: cp.tempUid, startedAt: cp.startedAt }
    : null;
}
