/**
 * File writes (upstream methods/file.ts): claimCodeFile, createFile (upsert by file_id with the
 * one-hour upload TTL), updateFile / updateFileUsage / updateFileCodeEnvRef / addFileEmbeddedEntity
 * (each clears the TTL: the file is in use), commitCodeFile, deletes and batch updates.
 */
import type { FileMethods } from '@librechat/data-schemas';
import { logger, tenantSafeBulkWrite } from '@librechat/data-schemas';
import { FileContext } from 'librechat-data-provider';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { PgContext } from '../context.js';
import { pgBulkWrite } from '../store/bulkWrite.js';
import type { Filter, PgCollection } from '../store/collection.js';
import { live, reapGone } from './liveness.js';
import { assertValidCodeEnvironmentRouteKey, withOwnerScope } from './scope.js';

type Writes = Pick<
  FileMethods,
  | 'claimCodeFile'
  | 'commitCodeFile'
  | 'createFile'
  | 'updateFile'
  | 'updateFileCodeEnvRef'
  | 'addFileEmbeddedEntity'
  | 'updateFileUsage'
  | 'deleteFile'
  | 'deleteFiles'
  | 'deleteFileByFilter'
  | 'batchUpdateFiles'
  | 'updateFilesUsage'
>;

/** Upstream's tenantSafeBulkWrite (tenantId stripped from updates, injected into filters) over PostgreSQL. */
export function fileBulkWrite(
  files: PgCollection,
  ops: AnyBulkWriteOperation[],
  options: { timestamps?: boolean } = {},
): Promise<{ modifiedCount: number }> {
  const model = {
    modelName: files.model.modelName,
    bulkWrite: (prepared: AnyBulkWriteOperation[], opts: object) => pgBulkWrite(files, prepared, opts),
  } as unknown as Model<unknown>;
  return tenantSafeBulkWrite(model, ops, options);
}

export function createFileWrites({ collections }: PgContext): Writes {
  const files = collections.files;

  /** Atomic id reservation for a code output by (filename, conversationId, context, tenantId). */
  const claimCodeFile: FileMethods['claimCodeFile'] = async (data) => {
    const tenantFilter = data.tenantId ? { tenantId: data.tenantId } : { tenantId: null };
    const insertData = {
      file_id: data.file_id,
      user: data.user,
      ...(data.tenantId ? { tenantId: data.tenantId } : {}),
      ...(data.sourceDispatchedAt != null
        ? { metadata: { sourceDispatchedAt: data.sourceDispatchedAt } }
        : {}),
    };
    const key = {
      filename: data.filename,
      conversationId: data.conversationId,
      context: FileContext.execute_code,
      ...tenantFilter,
    };
    await reapGone(files, key);
    const result = await files.findOneAndUpdateLean(
      live(key),
      { $setOnInsert: insertData },
      { upsert: true, new: true, timestamps: false },
    );
    if (!result) {
      throw new Error(
        `[claimCodeFile] Failed to claim file "${data.filename}" for conversation ${data.conversationId}`,
      );
    }
    return result as never;
  };

  /** Upsert by file_id; the upload expires in an hour unless `disableTTL`. */
  const createFile: FileMethods['createFile'] = async (data, disableTTL) => {
    const fileData: Record<string, unknown> = { ...data, expiresAt: new Date(Date.now() + 3600 * 1000) };
    if (disableTTL) delete fileData.expiresAt;
    await reapGone(files, { file_id: data.file_id });
    return (await files.findOneAndUpdateLean(live({ file_id: data.file_id }), fileData, {
      new: true,
      upsert: true,
    })) as never;
  };

  /** `$set` + clears the upload TTL; with `extraFilter` only while the file still matches it. */
  const updateFile: FileMethods['updateFile'] = async (data, extraFilter) => {
    const { file_id, ...update } = data as { file_id: string } & Record<string, unknown>;
    const query: Filter = extraFilter ? { file_id, ...extraFilter } : { file_id };
    return (await files.findOneAndUpdateLean(
      live(query),
      { $set: update, $unset: { expiresAt: '' } },
      { new: true },
    )) as never;
  };

  /** Background outputs commit only while their dispatch still owns the claimed filename. */
  const commitCodeFile: FileMethods['commitCodeFile'] = async (data, sourceDispatchedAt) => {
    if (sourceDispatchedAt == null) {
      await createFile(data as never, true);
      return true;
    }
    const committed = await updateFile(data as never, {
      $or: [
        { 'metadata.sourceDispatchedAt': { $exists: false } },
        { 'metadata.sourceDispatchedAt': { $lte: sourceDispatchedAt } },
      ],
    });
    return committed != null;
  };

  /** One route pointer written by its dotted path, leaving sibling routes alone. */
  const updateFileCodeEnvRef: FileMethods['updateFileCodeEnvRef'] = async ({
    file_id,
    routeKey,
    ref,
    legacyRef,
  }) => {
    assertValidCodeEnvironmentRouteKey(routeKey);
    const update: Record<string, unknown> = { [`metadata.codeEnvRefs.${routeKey}`]: ref };
    if (legacyRef) update['metadata.codeEnvRef'] = legacyRef;
    return (await files.findOneAndUpdateLean(
      live({ file_id }),
      { $set: update, $unset: { expiresAt: '' } },
      { new: true },
    )) as never;
  };

  const addFileEmbeddedEntity: FileMethods['addFileEmbeddedEntity'] = async (data) =>
    (await files.findOneAndUpdateLean(
      live({ file_id: data.file_id }),
      {
        $set: { embedded: true },
        $addToSet: { 'metadata.embeddedEntities': data.entityId },
        $unset: { expiresAt: '' },
      },
      { new: true },
    )) as never;

  /** `$inc usage`, clears the TTL and temp id; owner-scoped (fail-closed) when `user` is given. */
  const updateFileUsage: FileMethods['updateFileUsage'] = async ({ file_id, inc = 1, user, tenantId }) => {
    const query = user ? withOwnerScope({ file_id }, { userId: user, tenantId }) : { file_id };
    return (await files.findOneAndUpdateLean(
      live(query),
      { $inc: { usage: inc }, $unset: { expiresAt: '', temp_file_id: '' } },
      { new: true },
    )) as never;
  };

  const deleteFile: FileMethods['deleteFile'] = async (file_id) =>
    (await files.findOneAndDelete(live({ file_id }))) as never;

  const deleteFileByFilter: FileMethods['deleteFileByFilter'] = async (filter) =>
    (await files.findOneAndDelete(live(filter as Filter))) as never;

  /** With `user`, every file of that user is deleted and `file_ids` is ignored (as upstream). */
  const deleteFiles: FileMethods['deleteFiles'] = async (file_ids, user) => {
    let deleteQuery: Filter = { file_id: { $in: file_ids } };
    if (user) deleteQuery = { user };
    return files.deleteMany(live(deleteQuery));
  };

  /** New signed URLs (and storage key/region when given) per file_id, as one bulk write. */
  const batchUpdateFiles: FileMethods['batchUpdateFiles'] = async (updates) => {
    if (!updates || updates.length === 0) return;
    const ops = updates.map((update) => ({
      updateOne: {
        filter: live({ file_id: update.file_id }),
        update: {
          $set: {
            filepath: update.filepath,
            ...(update.storageKey ? { storageKey: update.storageKey } : {}),
            ...(update.storageRegion ? { storageRegion: update.storageRegion } : {}),
          },
        },
      },
    }));
    const result = await fileBulkWrite(files, ops as AnyBulkWriteOperation[]);
    logger.info(`Updated ${result.modifiedCount} files with new S3 URLs`);
  };

  /** updateFileUsage once per distinct file_id of `files` then `fileIds`, same owner scope. */
  const updateFilesUsage: FileMethods['updateFilesUsage'] = async (list, fileIds, options) => {
    const promises: Promise<unknown>[] = [];
    const seen = new Set<string>();
    const user = options?.user;
    const tenantId = options?.tenantId;
    for (const { file_id } of list) {
      if (seen.has(file_id)) continue;
      seen.add(file_id);
      promises.push(updateFileUsage({ file_id, user, tenantId }));
    }
    for (const file_id of fileIds ?? []) {
      if (seen.has(file_id)) continue;
      seen.add(file_id);
      promises.push(updateFileUsage({ file_id, user, tenantId }));
    }
    const results = await Promise.all(promises);
    return results.filter((result) => result != null) as never;
  };

  return {
    claimCodeFile,
    commitCodeFile,
    createFile,
    updateFile,
    updateFileCodeEnvRef,
    addFileEmbeddedEntity,
    updateFileUsage,
    deleteFile,
    deleteFiles,
    deleteFileByFilter,
    batchUpdateFiles,
    updateFilesUsage,
  };
}
