/**
 * Per-link file snapshots (upstream methods/share.ts, not exported): built from the shared
 * messages' files, attachments and steer parts, limited to the sharing user's own files with a
 * streamable source; lazily back-filled on legacy links (compare-and-set, timestamps untouched)
 * and enriched with the delivery marker where the live file still matches.
 */
import type { IMessage, SharedFileSnapshot } from '@librechat/data-schemas';
import { FileSources } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { live } from '../files/liveness.js';
import type { Filter } from '../store/collection.js';
import { isSteerPartWithFiles } from './anonymize.js';

type Doc = Record<string, unknown>;

const SNAPSHOT_STREAMABLE_SOURCES = new Set<string>([
  FileSources.local,
  FileSources.s3,
  FileSources.cloudfront,
  FileSources.azure_blob,
  FileSources.firebase,
  FileSources.text,
]);

function isLlmDeliveryPath(value: unknown): value is NonNullable<SharedFileSnapshot['llmDeliveryPath']> {
  return value === 'provider' || value === 'text' || value === 'none';
}

function collectFileIds(items: unknown, target: Set<string>): void {
  if (!Array.isArray(items)) return;
  for (const item of items) {
    if (item && typeof item === 'object') {
      const fileId = (item as { file_id?: unknown }).file_id;
      if (typeof fileId === 'string' && fileId) target.add(fileId);
    }
  }
}

function collectSteerFileIds(content: unknown, target: Set<string>): void {
  if (!Array.isArray(content)) return;
  for (const part of content) {
    if (isSteerPartWithFiles(part)) collectFileIds(part.files, target);
  }
}

export async function readFileSnapshots(
  ctx: PgContext,
  fileIds: Set<string>,
  ownerId: string,
): Promise<SharedFileSnapshot[]> {
  if (fileIds.size === 0) return [];
  const files = await ctx.collections.files.find(
    live({ file_id: { $in: Array.from(fileIds) }, user: ownerId }),
    {
      select:
        'file_id source storageKey filepath type filename bytes width height model llmDeliveryPath previewRevision metadata.sourceDispatchedAt tenantId',
    },
  );
  const snapshots: SharedFileSnapshot[] = [];
  for (const file of files as Doc[]) {
    const source = (file.source as string | undefined) ?? FileSources.local;
    if (!SNAPSHOT_STREAMABLE_SOURCES.has(source)) continue;
    snapshots.push({
      file_id: file.file_id as string,
      source,
      storageKey: file.storageKey as string | undefined,
      filepath: file.filepath as string | undefined,
      type: file.type as string | undefined,
      filename: file.filename as string | undefined,
      bytes: file.bytes as number | undefined,
      width: file.width as number | undefined,
      height: file.height as number | undefined,
      model: file.model as string | undefined,
      llmDeliveryPath: isLlmDeliveryPath(file.llmDeliveryPath) ? file.llmDeliveryPath : 'provider',
      previewRevision: file.previewRevision as string | undefined,
      sourceDispatchedAt: (file.metadata as { sourceDispatchedAt?: number } | undefined)?.sourceDispatchedAt,
      tenantId: file.tenantId as string | undefined,
    } as SharedFileSnapshot);
  }
  return snapshots;
}

/** The sharing user's own streamable files referenced by the shared messages. */
export async function buildFileSnapshots(
  ctx: PgContext,
  messages: IMessage[],
  ownerId?: string,
): Promise<SharedFileSnapshot[]> {
  if (!ownerId) return [];
  const fileIds = new Set<string>();
  for (const message of messages) {
    collectFileIds(message.files, fileIds);
    collectFileIds(message.attachments, fileIds);
    collectSteerFileIds(message.content, fileIds);
  }
  return readFileSnapshots(ctx, fileIds, ownerId);
}

/** Commits a lazy backfill only while the link still has none: the stored snapshot wins a race. */
export async function persistBackfilledSnapshots(
  ctx: PgContext,
  filter: Filter,
  fileSnapshots: SharedFileSnapshot[],
): Promise<SharedFileSnapshot[]> {
  const links = ctx.collections.sharedlinks;
  const result = await links.updateOne(
    { ...filter, fileSnapshots: { $exists: false }, snapshotFiles: { $ne: false } },
    { $set: { fileSnapshots } },
    { timestamps: false },
  );
  if (result.modifiedCount > 0) return fileSnapshots;
  const current = await links.findOne(filter, { select: 'fileSnapshots snapshotFiles' });
  if (!current || current.snapshotFiles === false) return [];
  return (current.fileSnapshots as SharedFileSnapshot[] | undefined) ?? [];
}

function snapshotMatchesCurrentVersion(snapshot: SharedFileSnapshot, current: SharedFileSnapshot): boolean {
  const revisionChanged = (snapshot.previewRevision ?? null) !== (current.previewRevision ?? null);
  const sourceGenerationChanged =
    snapshot.sourceDispatchedAt != null &&
    snapshot.sourceDispatchedAt !== (current.sourceDispatchedAt ?? null);
  const bytesChanged = snapshot.bytes != null && current.bytes != null && snapshot.bytes !== current.bytes;
  return !revisionChanged && !sourceGenerationChanged && !bytesChanged;
}

/** Adds the delivery marker to snapshots that predate it, where the live file still matches. */
export async function enrichSnapshotDeliveryPaths(
  ctx: PgContext,
  share: Doc,
): Promise<{ snapshots: SharedFileSnapshot[]; changed: boolean }> {
  const existing = (share.fileSnapshots as SharedFileSnapshot[] | undefined) ?? [];
  const missingIds = new Set(
    existing.filter((snapshot) => snapshot.llmDeliveryPath === undefined).map((snapshot) => snapshot.file_id),
  );
  if (missingIds.size === 0 || share._id == null || !share.user)
    return { snapshots: existing, changed: false };
  const currentById = new Map(
    (await readFileSnapshots(ctx, missingIds, share.user as string)).map((snapshot) => [
      snapshot.file_id,
      snapshot,
    ]),
  );
  let changed = false;
  const enriched = existing.map((snapshot) => {
    if (snapshot.llmDeliveryPath !== undefined) return snapshot;
    const current = currentById.get(snapshot.file_id);
    changed = true;
    if (current == null || !snapshotMatchesCurrentVersion(snapshot, current)) {
      return { ...snapshot, llmDeliveryPath: null };
    }
    return { ...snapshot, llmDeliveryPath: current.llmDeliveryPath ?? ('provider' as const) };
  });
  if (!changed) return { snapshots: existing, changed: false };
  return { snapshots: enriched as SharedFileSnapshot[], changed: true };
}
