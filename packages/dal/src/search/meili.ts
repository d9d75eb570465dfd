/** The Meili client the DAL uses (`meilisearch` 0.38, as upstream) and task helpers. */
import {
  type EnqueuedTask,
  MeiliSearch,
  MeiliSearchApiError,
  MeiliSearchCommunicationError,
  MeiliSearchTimeOutError,
  type Task,
} from 'meilisearch';
import type { SearchConfig } from './config.js';
import type { SearchIndexDefinition } from './definitions.js';

export { MeiliSearch };

export function createMeiliClient(
  config: Pick<SearchConfig, 'host' | 'apiKey' | 'requestTimeoutMs'>,
): MeiliSearch {
  if (!config.host || !config.apiKey)
    throw new Error('MeiliSearch is not configured (MEILI_HOST, MEILI_MASTER_KEY)');
  return new MeiliSearch({ host: config.host, apiKey: config.apiKey, timeout: config.requestTimeoutMs });
}

/** A Meili task that ended `failed` or `canceled`; `error` is Meili's error object. */
export class MeiliTaskFailedError extends Error {
  override readonly name = 'MeiliTaskFailedError';
  constructor(readonly task: Task) {
    super(
      `Meili task ${task.uid} (${task.type}) ended ${task.status}${task.error ? `: ${task.error.code}: ${task.error.message}` : ''}`,
    );
  }
  get code(): string | undefined {
    return this.task.error?.code;
  }
  get type(): string | undefined {
    return this.task.error?.type;
  }
}

export async function waitForSuccess(
  client: MeiliSearch,
  enqueued: EnqueuedTask | number,
  timeOutMs: number,
  intervalMs = 20,
): Promise<Task> {
  const uid = typeof enqueued === 'number' ? enqueued : enqueued.taskUid;
  const task = await client.waitForTask(uid, { timeOutMs, intervalMs });
  if (task.status !== 'succeeded') throw new MeiliTaskFailedError(task);
  return task;
}

/**
 * Whether a failure is Meili's (unreachable, slow, internal) rather than the documents': such a
 * batch is retried as a whole later; a document rejected by Meili (`invalid_request`) is isolated
 * and eventually parked.
 */
export function isTransientMeiliError(error: unknown): boolean {
  if (error instanceof MeiliSearchCommunicationError || error instanceof MeiliSearchTimeOutError) return true;
  if (error instanceof MeiliTaskFailedError)
    return error.type !== 'invalid_request' || error.task.status === 'canceled';
  if (error instanceof MeiliSearchApiError) return (error.httpStatus ?? 500) >= 500 || error.type === 'auth';
  // Not Meili's (a database error, a bug): never retried as if Meili were down.
  return false;
}

export function describeMeiliError(error: unknown): { code?: string; type?: string; message: string } {
  if (error instanceof MeiliTaskFailedError) {
    return { code: error.code, type: error.type, message: error.task.error?.message ?? error.message };
  }
  if (error instanceof MeiliSearchApiError)
    return { code: error.code, type: error.type, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function isIndexNotFound(error: unknown): boolean {
  if (error instanceof MeiliTaskFailedError) return error.code === 'index_not_found';
  return (error as { code?: string } | null)?.code === 'index_not_found';
}

/**
 * upstream's plugin initialisation: create the index with its primary key when it is missing
 * (another process creating it first is fine), then make `user` filterable.
 */
export async function ensureSearchIndex(
  client: MeiliSearch,
  def: SearchIndexDefinition,
  timeOutMs: number,
  uid: string = def.uid,
): Promise<void> {
  try {
    await client.index(uid).getRawInfo();
  } catch (error) {
    if (!isIndexNotFound(error)) throw error;
    const task = await client.waitForTask(
      (await client.createIndex(uid, { primaryKey: def.primaryKey })).taskUid,
      {
        timeOutMs,
        intervalMs: 20,
      },
    );
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists')
      throw new MeiliTaskFailedError(task);
  }
  const filterable = await client.index(uid).getFilterableAttributes();
  if (!filterable.includes('user')) {
    await waitForSuccess(
      client,
      await client.index(uid).updateSettings({ filterableAttributes: ['user'] }),
      timeOutMs,
    );
  }
}
