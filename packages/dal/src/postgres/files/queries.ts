/**
 * File reads (upstream methods/file.ts): findFileById, getFiles (raw MongoDB filters through the
 * shared translator; newest update first, `text` left out unless selected), getExpiredFiles, and
 * the tool-resource hydration queries built on getFiles.
 */
import type { FileMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { EToolResources, FileContext } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { Filter, Sort } from '../store/collection.js';
import { live } from './liveness.js';
import { assertValidCodeEnvironmentRouteKey, withOwnerScope } from './scope.js';

type Queries = Pick<
  FileMethods,
  | 'findFileById'
  | 'getFiles'
  | 'getExpiredFiles'
  | 'getToolFilesByIds'
  | 'getCodeGeneratedFiles'
  | 'getUserCodeFiles'
  | 'getDeferredProvisionFiles'
>;

export function createFileQueries({ collections }: PgContext): Queries {
  const files = collections.files;

  const findFileById: FileMethods['findFileById'] = async (file_id, options = {}) =>
    (await files.findOne(live({ file_id, ...options }))) as never;

  const getFiles: FileMethods['getFiles'] = async (filter, _sortOptions, selectFields) => {
    const sort = { updatedAt: -1, ..._sortOptions } as Sort;
    return (await files.find(live(filter as Filter), {
      select: selectFields != null ? (selectFields as never) : { text: 0 },
      sort,
    })) as never;
  };

  /** Past their retention deadline and not held back by a deletion retry, oldest deadline first. */
  const getExpiredFiles: FileMethods['getExpiredFiles'] = async (limit = 100, { now = new Date() } = {}) =>
    (await files.find(
      live({
        expiredAt: { $ne: null, $lte: now },
        $or: [{ deletionRetryAt: null }, { deletionRetryAt: { $lte: now } }],
      }),
      { sort: { expiredAt: 1 }, limit },
    )) as never;

  const getToolFilesByIds: FileMethods['getToolFilesByIds'] = async (
    fileIds,
    toolResourceSet,
    ownerScope,
  ) => {
    if (!fileIds?.length || !toolResourceSet?.size) return [];
    try {
      const orConditions: Filter[] = [];
      if (toolResourceSet.has(EToolResources.context)) {
        orConditions.push({ text: { $exists: true, $ne: null }, context: FileContext.agents });
      }
      if (toolResourceSet.has(EToolResources.file_search)) orConditions.push({ embedded: true });
      if (orConditions.length === 0) return [];
      const filter = withOwnerScope(
        { file_id: { $in: fileIds }, context: { $ne: FileContext.execute_code }, $or: orConditions },
        ownerScope,
      );
      return (await getFiles(filter as never, { updatedAt: -1 }, { text: 0 })) ?? [];
    } catch (error) {
      logger.error('[getToolFilesByIds] Error retrieving tool files:', error);
      throw new Error('Error retrieving tool files');
    }
  };

  /** Code-execution outputs referenced by the current thread (by file_id, not creator message). */
  const getCodeGeneratedFiles: FileMethods['getCodeGeneratedFiles'] = async (
    conversationId,
    threadFileIds,
    ownerScope,
  ) => {
    if (!conversationId) return [];
    if (!threadFileIds || threadFileIds.length === 0) return [];
    try {
      const filter = withOwnerScope(
        {
          conversationId,
          context: FileContext.execute_code,
          file_id: { $in: threadFileIds },
          $or: [{ 'metadata.codeEnvRef': { $exists: true } }, { 'metadata.codeEnvRefs': { $exists: true } }],
        },
        ownerScope,
      );
      return (await getFiles(filter as never, { createdAt: 1 }, { text: 0 })) ?? [];
    } catch (error) {
      logger.error('[getCodeGeneratedFiles] Error retrieving code generated files:', error);
      return [];
    }
  };

  /** Accepted attachments still missing a provisioning result the current agent needs. */
  const getDeferredProvisionFiles: FileMethods['getDeferredProvisionFiles'] = async (
    fileIds,
    ownerScope,
    resources = { code: true, search: true },
  ) => {
    if (!fileIds || fileIds.length === 0) return [];
    const missingConditions: Filter[] = [];
    const hydrateEverything =
      resources.hydrateProvisioned === true && (resources.code === true || resources.search === true);
    if (resources.code && !hydrateEverything) {
      const routeKey = resources.codeRouteKey ?? 'default';
      assertValidCodeEnvironmentRouteKey(routeKey);
      const usableForRoute: Filter[] = [
        { [`metadata.codeEnvRefs.${routeKey}`]: { $exists: true } },
        { 'metadata.codeEnvRef.executionRouteKey': routeKey },
        {
          'metadata.codeEnvRef': { $exists: true },
          'metadata.codeEnvRef.executionRouteKey': { $exists: false },
          'metadata.codeEnvRef.executionProfile': routeKey,
        },
      ];
      if (routeKey === 'default') {
        usableForRoute.push({
          'metadata.codeEnvRef': { $exists: true },
          'metadata.codeEnvRef.executionRouteKey': { $exists: false },
          'metadata.codeEnvRef.executionProfile': { $in: [null, 'default'] },
        });
      }
      missingConditions.push({ $nor: usableForRoute });
    }
    if (resources.search && !hydrateEverything) {
      const namespaces = resources.searchNamespaces ?? [];
      if (namespaces.length === 0) {
        missingConditions.push({ embedded: { $ne: true } });
      } else {
        missingConditions.push({
          $or: [
            { context: { $ne: FileContext.agents }, embedded: { $ne: true } },
            ...namespaces.map((namespace) => ({
              context: FileContext.agents,
              'metadata.embeddedEntities': { $ne: namespace },
            })),
          ],
        });
      }
    }
    if (!hydrateEverything && missingConditions.length === 0) return [];
    try {
      const filter = withOwnerScope(
        {
          file_id: { $in: fileIds },
          context: { $ne: FileContext.execute_code },
          ...(hydrateEverything ? {} : { $or: missingConditions }),
        },
        ownerScope,
      );
      return (await getFiles(filter as never, { createdAt: 1 }, { text: 0 })) ?? [];
    } catch (error) {
      logger.error('[getDeferredProvisionFiles] Error retrieving deferred files:', error);
      throw error;
    }
  };

  /** User-uploaded files with a code-environment reference (not code outputs). */
  const getUserCodeFiles: FileMethods['getUserCodeFiles'] = async (fileIds, ownerScope) => {
    if (!fileIds || fileIds.length === 0) return [];
    try {
      const filter = withOwnerScope(
        {
          file_id: { $in: fileIds },
          context: { $ne: FileContext.execute_code },
          $or: [{ 'metadata.codeEnvRef': { $exists: true } }, { 'metadata.codeEnvRefs': { $exists: true } }],
        },
        ownerScope,
      );
      return (await getFiles(filter as never, { createdAt: 1 }, { text: 0 })) ?? [];
    } catch (error) {
      logger.error('[getUserCodeFiles] Error retrieving user code files:', error);
      return [];
    }
  };

  return {
    findFileById,
    getFiles,
    getExpiredFiles,
    getToolFilesByIds,
    getCodeGeneratedFiles,
    getUserCodeFiles,
    getDeferredProvisionFiles,
  };
}
