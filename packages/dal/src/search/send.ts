/**
 * Sending documents to Meili and knowing what happened to each: a batch is acknowledged only
 * once Meili reports its task `succeeded`. When Meili rejects a batch because of its documents
 * (an `invalid_request` task error, which fails the whole payload) the batch is split in halves
 * until the offending documents are isolated; Meili's own failures (unreachable, timeout,
 * internal) stop the send and are reported as transient.
 */
import { type MeiliSearch, MeiliSearchApiError } from 'meilisearch';
import type { Doc } from './documents.js';
import {
  describeMeiliError,
  isIndexNotFound,
  isTransientMeiliError,
  MeiliTaskFailedError,
  waitForSuccess,
} from './meili.js';

export interface Outgoing {
  /** The outbox / database key (primary-key value as stored). */
  key: string;
  /** The document to upsert, or null to delete `id`. */
  doc: Doc | null;
  /** Meili document id. */
  id: string;
}

export interface Rejection {
  key: string;
  error: { code?: string; type?: string; message: string };
}

export interface SendResult {
  /** Keys Meili confirmed (upserted or deleted). */
  ok: string[];
  rejected: Rejection[];
  /** Set when Meili itself failed; the keys neither ok nor rejected were not confirmed. */
  transient?: unknown;
}

export interface SendOptions {
  primaryKey: string;
  timeOutMs: number;
}

async function sendPart(
  client: MeiliSearch,
  uid: string,
  items: Outgoing[],
  options: SendOptions,
  result: SendResult,
): Promise<void> {
  if (items.length === 0 || result.transient) return;
  const upsert = items[0]?.doc !== null;
  try {
    const enqueued = upsert
      ? await client.index(uid).addDocuments(
          items.map((i) => i.doc as Doc),
          { primaryKey: options.primaryKey },
        )
      : await client.index(uid).deleteDocuments(items.map((i) => i.id));
    await waitForSuccess(client, enqueued, options.timeOutMs);
    result.ok.push(...items.map((i) => i.key));
  } catch (error) {
    // Deleting from an index that does not exist leaves nothing to delete: done.
    if (!upsert && isIndexNotFound(error)) {
      result.ok.push(...items.map((i) => i.key));
      return;
    }
    if (isTransientMeiliError(error)) {
      result.transient = error;
      return;
    }
    // Anything but Meili refusing the payload (a bug, a database error) is not the documents' fault.
    if (!(error instanceof MeiliTaskFailedError) && !(error instanceof MeiliSearchApiError)) throw error;
    if (items.length === 1) {
      result.rejected.push({ key: (items[0] as Outgoing).key, error: describeMeiliError(error) });
      return;
    }
    const half = Math.ceil(items.length / 2);
    await sendPart(client, uid, items.slice(0, half), options, result);
    await sendPart(client, uid, items.slice(half), options, result);
  }
}

/** Upserts then deletions, each as one task when Meili accepts it. */
export async function sendToMeili(
  client: MeiliSearch,
  uid: string,
  items: Outgoing[],
  options: SendOptions,
): Promise<SendResult> {
  const result: SendResult = { ok: [], rejected: [] };
  await sendPart(
    client,
    uid,
    items.filter((i) => i.doc !== null),
    options,
    result,
  );
  await sendPart(
    client,
    uid,
    items.filter((i) => i.doc === null),
    options,
    result,
  );
  return result;
}
