/**
 * Meilisearch as LibreChat uses it (indexes `messages` and `convos`), over plain HTTP:
 * `GET /health` (no key needed) and `GET /indexes/<uid>/stats` with the master key.
 */

/** The index uids LibreChat's search plugin writes to, and the collections they mirror. */
export const LIBRECHAT_INDEXES = [
  { uid: 'messages', collection: 'messages' },
  { uid: 'convos', collection: 'conversations' },
] as const;

export type MeiliIndexUid = (typeof LIBRECHAT_INDEXES)[number]['uid'];

export interface MeiliIndexStatus {
  uid: MeiliIndexUid;
  /** False until LibreChat (or a reindex) creates it. */
  exists: boolean;
  documents?: number;
  isIndexing?: boolean;
  /** Searchable documents in the database (not expired), when counted. */
  dbDocuments?: number;
  /** dbDocuments − documents, when both are known. */
  drift?: number;
}

export interface MeiliReport {
  host: string;
  healthy: boolean;
  /** Set when the server answered 401/403 to the key. */
  authFailed?: boolean;
  error?: string;
  indexes: MeiliIndexStatus[];
}

async function get(url: string, key: string | undefined, timeoutMs: number): Promise<Response> {
  return fetch(url, {
    headers: key ? { Authorization: `Bearer ${key}` } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
}

function join(host: string, pathname: string): string {
  return `${host.replace(/\/+$/, '')}${pathname}`;
}

/** Health and per-index stats; `counts` gives the database's document count per index. */
export async function meiliStatus(
  host: string,
  key: string | undefined,
  options: { timeoutMs?: number; counts?: Partial<Record<MeiliIndexUid, number>> } = {},
): Promise<MeiliReport> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const report: MeiliReport = { host, healthy: false, indexes: [] };
  try {
    const health = await get(join(host, '/health'), undefined, timeoutMs);
    const body = (await health.json().catch(() => ({}))) as { status?: string };
    if (!health.ok || body.status !== 'available') {
      report.error = `GET /health answered ${health.status}${body.status ? ` (${body.status})` : ''}`;
      return report;
    }
    report.healthy = true;
  } catch (error) {
    report.error = describeFetchError(error);
    return report;
  }
  for (const { uid } of LIBRECHAT_INDEXES) {
    const status: MeiliIndexStatus = { uid, exists: false };
    const res = await get(join(host, `/indexes/${uid}/stats`), key, timeoutMs);
    if (res.status === 401 || res.status === 403) {
      report.authFailed = true;
      report.error = `GET /indexes/${uid}/stats answered ${res.status}: MEILI_MASTER_KEY is missing or wrong`;
      return report;
    }
    if (res.ok) {
      const stats = (await res.json()) as { numberOfDocuments?: number; isIndexing?: boolean };
      status.exists = true;
      status.documents = stats.numberOfDocuments ?? 0;
      status.isIndexing = stats.isIndexing ?? false;
    } else if (res.status !== 404) {
      report.error = `GET /indexes/${uid}/stats answered ${res.status}`;
    }
    const db = options.counts?.[uid];
    if (db !== undefined) {
      status.dbDocuments = db;
      status.drift = db - (status.documents ?? 0);
    }
    report.indexes.push(status);
  }
  return report;
}

function describeFetchError(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'no answer (timed out)';
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
