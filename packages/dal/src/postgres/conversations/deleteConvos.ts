/**
 * deleteConvos (raw filter, scoped to the user) and archiveAllConvos, as upstream: deletion in
 * waves down the child-thread lineage with tag counts and project stats reconciled per wave, then
 * the messages; archive-all in `_id` batches under a snapshot boundary with one `archivedAt` stamp.
 *
 * Upstream's optional cascade hooks into agent queued turns and trigger deliveries
 * (deleteAgentQueuedTurns, prepare/eraseAgentTriggerDelivery…) run only where those tables exist;
 * neither group is on PostgreSQL yet, so there is nothing of theirs to clean up.
 */
import type { ConversationMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { decrementTagCounts } from '../conversationTags/decrementTagCounts.js';
import { refreshChatProjectStatsForUser } from './projectStats.js';
import { type Doc, humanConversationFilter, visibleRetentionFilter } from './shared.js';

const ARCHIVE_CONVERSATION_BATCH_SIZE = 500;
const PROJECT_STATS_REFRESH_CONCURRENCY = 10;
const PROJECT_STATS_REFRESH_MAX_PASSES = 2;
const PROJECT_DISCOVERY_MAX_ATTEMPTS = 3;
const DELETION_SELECT = 'conversationId tenantId chatProjectId tags';

type Deletes = Pick<ConversationMethods, 'deleteConvos' | 'archiveAllConvos'>;

/** Failed refreshes are replayed once the rest of the run has stopped competing with them. */
async function refreshChatProjectStatsInBatches(ctx: PgContext, user: string, projectIds: Iterable<string>) {
  let pending = [...projectIds];
  for (let pass = 0; pass < PROJECT_STATS_REFRESH_MAX_PASSES && pending.length > 0; pass++) {
    const failed: string[] = [];
    for (let index = 0; index < pending.length; index += PROJECT_STATS_REFRESH_CONCURRENCY) {
      const batch = pending.slice(index, index + PROJECT_STATS_REFRESH_CONCURRENCY);
      const results = await Promise.allSettled(
        batch.map((projectId) => refreshChatProjectStatsForUser(ctx, user, projectId)),
      );
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          failed.push(batch[i] as string);
          logger.error(
            `[refreshChatProjectStatsInBatches] Failed to refresh project ${batch[i]}`,
            result.reason,
          );
        }
      });
    }
    pending = failed;
  }
  if (pending.length > 0) {
    logger.error(
      `[refreshChatProjectStatsInBatches] Left ${pending.length} project(s) unreconciled: ${pending.join(', ')}`,
    );
  }
}

export function createConversationDeletes(ctx: PgContext): Deletes {
  const { conversations, messages } = ctx.collections;

  async function discoverProjectIds(filter: Doc): Promise<string[]> {
    let lastError: unknown;
    for (let attempt = 0; attempt < PROJECT_DISCOVERY_MAX_ATTEMPTS; attempt++) {
      try {
        const ids = await conversations.distinct('chatProjectId', filter);
        return ids.filter((id): id is string => Boolean(id));
      } catch (error) {
        lastError = error;
        logger.error('[archiveAllConvos] Conversations archived but project discovery failed', error);
      }
    }
    throw lastError;
  }

  const deleteConvos: Deletes['deleteConvos'] = async (user, filter, options) => {
    try {
      const userFilter = { ...filter, user };
      const retryCascadeOperation = async <T>(operation: () => Promise<T>): Promise<T> => {
        let lastError: unknown;
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          try {
            return await operation();
          } catch (error) {
            lastError = error;
            if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
          }
        }
        throw lastError;
      };
      let found = await conversations.find(userFilter as Doc, { select: DELETION_SELECT });
      const recoveryConversationIds: string[] = [];
      if (!found.length && typeof filter.conversationId === 'string') {
        /** A prior attempt may have deleted the root before a descendant read failed. */
        const [descendants, rootMessages] = await Promise.all([
          retryCascadeOperation(() =>
            conversations.find(
              { user, 'subagentThread.rootConversationId': filter.conversationId },
              { select: DELETION_SELECT },
            ),
          ),
          messages.find(
            { user, conversationId: filter.conversationId },
            { select: '_id', sort: { createdAt: 1 }, limit: 1 },
          ),
        ]);
        if (descendants.length === 0 && rootMessages.length === 0 && options?.allowEmpty !== true) {
          throw new Error('Conversation not found or already deleted.');
        }
        found = descendants;
        recoveryConversationIds.push(filter.conversationId);
      } else if (!found.length) {
        if (options?.allowEmpty === true) {
          return {
            acknowledged: true,
            deletedCount: 0,
            messages: { acknowledged: true, deletedCount: 0 },
            conversationIds: [],
          };
        }
        throw new Error('Conversation not found or already deleted.');
      }

      const deleted: Doc[] = [];
      const seen = new Set<string>();
      let pending = found;
      let acknowledged = true;
      let deletedCount = 0;
      const reconcileDeletedWave = async (wave: Doc[], waveDeletedCount: number) => {
        if (waveDeletedCount === 0) return;
        const tagDecrements: string[] = [];
        for (const conversation of wave) {
          for (const tag of new Set((conversation.tags as string[] | undefined) ?? []))
            tagDecrements.push(tag);
        }
        await decrementTagCounts(ctx, user, tagDecrements);
        const waveProjectIds = new Set(
          wave.map((c) => c.chatProjectId).filter((id): id is string => Boolean(id)),
        );
        if (waveProjectIds.size > 0) {
          try {
            await refreshChatProjectStatsInBatches(ctx, user, waveProjectIds);
          } catch (error) {
            logger.error('[deleteConvos] Conversations deleted but stats refresh failed', error);
          }
        }
      };
      while (pending.length > 0) {
        const wave = pending.filter((c) => !seen.has(c.conversationId as string));
        if (wave.length === 0) break;
        const waveIds = wave.map((c) => c.conversationId as string);
        await options?.beforeDelete?.(waveIds);
        const result = await conversations.deleteMany({ user, conversationId: { $in: waveIds } });
        acknowledged &&= result.acknowledged;
        deletedCount += result.deletedCount;
        await reconcileDeletedWave(wave, result.deletedCount);
        for (const conversation of wave) {
          seen.add(conversation.conversationId as string);
          deleted.push(conversation);
        }
        pending = await retryCascadeOperation(() =>
          conversations.find(
            { user, 'subagentThread.parentConversationId': { $in: waveIds } },
            { select: DELETION_SELECT },
          ),
        );
      }

      const conversationIds = [...recoveryConversationIds, ...deleted.map((c) => c.conversationId as string)];
      let deleteMessagesResult: { acknowledged: boolean; deletedCount: number } = {
        acknowledged: false,
        deletedCount: 0,
      };
      try {
        deleteMessagesResult = await messages.deleteMany({ conversationId: { $in: conversationIds }, user });
      } catch (error) {
        logger.error('[deleteConvos] Conversations deleted but message cleanup failed', error);
      }
      return { acknowledged, deletedCount, messages: deleteMessagesResult, conversationIds };
    } catch (error) {
      logger.error('[deleteConvos] Error deleting conversations and messages', error);
      throw error;
    }
  };

  /** Archives every visible, unarchived human conversation; child threads and hidden chats stay. */
  const archiveAllConvos: Deletes['archiveAllConvos'] = async (user) => {
    const projectIds = new Set<string>();
    const archivedAt = new Date();
    let archivedCount = 0;
    let attemptedArchiveWrite = false;
    try {
      const filter = {
        user,
        $and: [
          { $or: [{ isArchived: false }, { isArchived: { $exists: false } }] },
          visibleRetentionFilter(),
          humanConversationFilter(),
        ],
      };
      const snapshotBoundary = await conversations.findOne(filter, { select: '_id', sort: { _id: -1 } });
      if (!snapshotBoundary) return { archivedCount: 0 };
      let lastConversationId: unknown = null;
      while (true) {
        const idRange = lastConversationId
          ? { $gt: lastConversationId, $lte: snapshotBoundary._id }
          : { $lte: snapshotBoundary._id };
        const batch = await conversations.find(
          { ...filter, _id: idRange },
          { select: '_id chatProjectId', sort: { _id: 1 }, limit: ARCHIVE_CONVERSATION_BATCH_SIZE },
        );
        if (batch.length === 0) break;
        const ids: unknown[] = [];
        for (const conversation of batch) {
          ids.push(conversation._id);
          if (conversation.chatProjectId) projectIds.add(conversation.chatProjectId as string);
        }
        lastConversationId = ids[ids.length - 1];
        attemptedArchiveWrite = true;
        const result = await conversations.updateMany(
          { ...filter, _id: { $in: ids } },
          { $set: { isArchived: true, archivedAt } },
          { timestamps: false },
        );
        const batchArchivedCount = result.modifiedCount ?? 0;
        archivedCount += batchArchivedCount;
        if (batchArchivedCount > 0) {
          for (const projectId of await discoverProjectIds({ _id: { $in: ids }, user }))
            projectIds.add(projectId);
        }
      }
      return { archivedCount };
    } catch (error) {
      logger.error('[archiveAllConvos] Error archiving conversations', error);
      throw error;
    } finally {
      if (attemptedArchiveWrite) {
        try {
          for (const projectId of await discoverProjectIds({ user, isArchived: true, archivedAt })) {
            projectIds.add(projectId);
          }
        } catch (error) {
          logger.error('[archiveAllConvos] Conversations archived but project recovery failed', error);
        }
      }
      if (attemptedArchiveWrite && projectIds.size > 0) {
        try {
          await refreshChatProjectStatsInBatches(ctx, user, projectIds);
        } catch (error) {
          logger.error('[archiveAllConvos] Conversations archived but stats refresh failed', error);
        }
      }
    }
  };

  return { deleteConvos, archiveAllConvos };
}
