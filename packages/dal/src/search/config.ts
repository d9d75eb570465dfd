/**
 * Search configuration, read from the same variables as LibreChat (`.env.example`): SEARCH,
 * MEILI_HOST, MEILI_MASTER_KEY, MEILI_SYNC_BATCH_SIZE. Search is enabled when SEARCH is `true`
 * (case-insensitive) and both Meili variables are set, as upstream's `meiliEnabled`.
 */
import { DalConfigError } from '../errors.js';

export interface SearchConfig {
  /** SEARCH=true and MEILI_HOST and MEILI_MASTER_KEY set. */
  enabled: boolean;
  host?: string;
  apiKey?: string;
  /** Documents per outbox batch (MEILI_SYNC_BATCH_SIZE, default 500). */
  batchSize: number;
  /** PostgreSQL: run the outbox worker in this process (default true when enabled). */
  worker: boolean;
  /** A document Meili rejects this many times in a row is parked (default 3). */
  maxAttempts: number;
  /** Meili request timeout and task wait timeout, ms (default 10 s / 30 s). */
  requestTimeoutMs: number;
  taskTimeoutMs: number;
  /** Worker poll interval when idle (a NOTIFY wakes it sooner), ms (default 1000). */
  pollIntervalMs: number;
  /** Upper bound of the worker's retry backoff, ms (default 30 s). */
  maxBackoffMs: number;
  /** MongoDB: how long a crashed reindex keeps its lease before another may resume (default 60 s). */
  reindexLeaseMs: number;
  /** Keep every batch's outbox row ids in `worker.stats.batches` (tests; default false). */
  recordBatches: boolean;
}

export const SEARCH_DEFAULTS: Omit<SearchConfig, 'enabled' | 'host' | 'apiKey'> = {
  batchSize: 500,
  worker: true,
  maxAttempts: 3,
  requestTimeoutMs: 10_000,
  taskTimeoutMs: 30_000,
  pollIntervalMs: 1_000,
  maxBackoffMs: 30_000,
  reindexLeaseMs: 60_000,
  recordBatches: false,
};

type Env = Record<string, string | undefined>;

export function searchConfigFromEnv(env: Env): SearchConfig {
  const search = (env.SEARCH ?? '').trim().toLowerCase() === 'true';
  const host = env.MEILI_HOST?.trim() || undefined;
  const apiKey = env.MEILI_MASTER_KEY?.trim() || undefined;
  let batchSize = SEARCH_DEFAULTS.batchSize;
  if (env.MEILI_SYNC_BATCH_SIZE?.trim()) {
    const n = Number(env.MEILI_SYNC_BATCH_SIZE);
    if (!Number.isInteger(n) || n < 1) {
      throw new DalConfigError(
        'Invalid search configuration: MEILI_SYNC_BATCH_SIZE must be a positive whole number',
        ['MEILI_SYNC_BATCH_SIZE'],
      );
    }
    batchSize = n;
  }
  return { ...SEARCH_DEFAULTS, enabled: search && !!host && !!apiKey, host, apiKey, batchSize };
}

/** A complete config from a partial one (explicit options win over the defaults). */
export function resolveSearchConfig(
  partial: Partial<SearchConfig> & { host?: string; apiKey?: string },
): SearchConfig {
  const enabled = partial.enabled ?? (!!partial.host && !!partial.apiKey);
  return { ...SEARCH_DEFAULTS, ...partial, enabled: enabled && !!partial.host && !!partial.apiKey };
}
