/**
 * Upstream's chat-project stat helpers (methods/chatProject.ts: refreshChatProjectStatsForUser,
 * updateChatProjectLastConversationForUser), which conversation writes call. Not exported by
 * @librechat/data-schemas, hence reproduced on the PostgreSQL collections, call for call.
 */
import { buildRetentionVisibilityFilter, isValidObjectIdString, logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { relatedCollection } from './related.js';

const PROJECT_STATS_REFRESH_MAX_ATTEMPTS = 8;

type Doc = Record<string, unknown>;

function visibleProjectConversationFilter(user: string, projectId: string): Doc {
  return {
    $and: [
      { user, chatProjectId: projectId },
      { $or: [{ isArchived: false }, { isArchived: { $exists: false } }] },
      buildRetentionVisibilityFilter(),
    ],
  };
}

function projectStatsSnapshotFilter(snapshot: Doc): Doc {
  return {
    conversationCount:
      snapshot.conversationCount === undefined ? { $exists: false } : snapshot.conversationCount,
    lastConversationAt:
      snapshot.lastConversationAt === undefined ? { $exists: false } : snapshot.lastConversationAt,
    lastConversationId:
      snapshot.lastConversationId === undefined ? { $exists: false } : snapshot.lastConversationId,
  };
}

export async function refreshChatProjectStatsForUser(
  ctx: PgContext,
  user: string,
  projectId: string,
): Promise<Doc | null> {
  const chatprojects = relatedCollection(ctx, 'chatprojects');
  if (!chatprojects || !isValidObjectIdString(projectId)) return null;
  const { conversations } = ctx.collections;
  const projectFilter = { _id: new Types.ObjectId(projectId), user };
  const conversationFilter = visibleProjectConversationFilter(user, projectId);
  for (let attempt = 0; attempt < PROJECT_STATS_REFRESH_MAX_ATTEMPTS; attempt++) {
    const snapshot = await chatprojects.findOne(projectFilter, {
      select: 'conversationCount lastConversationAt lastConversationId',
    });
    if (!snapshot) return null;
    const [conversationCount, latest] = await Promise.all([
      conversations.count(conversationFilter),
      conversations.findOne(conversationFilter, {
        select: 'conversationId updatedAt createdAt',
        sort: { updatedAt: -1, _id: -1 },
      }),
    ]);
    const updated = await chatprojects.findOneAndUpdateLean(
      { ...projectFilter, ...projectStatsSnapshotFilter(snapshot) },
      {
        $set: {
          conversationCount,
          lastConversationAt: latest?.updatedAt ?? latest?.createdAt ?? null,
          lastConversationId: latest?.conversationId ?? null,
        },
      },
      { new: true },
    );
    if (updated) return updated;
  }
  logger.warn('[refreshChatProjectStatsForUser] Stats changed during every refresh attempt', {
    user,
    projectId,
  });
  throw new Error('Failed to refresh chat project stats after concurrent updates');
}

export async function updateChatProjectLastConversationForUser(
  ctx: PgContext,
  user: string,
  projectId: string,
  conversation: { conversationId?: string; createdAt?: Date; updatedAt?: Date },
  incrementCount = false,
): Promise<void> {
  const chatprojects = relatedCollection(ctx, 'chatprojects');
  if (!chatprojects || !isValidObjectIdString(projectId) || !conversation.conversationId) return;
  const { conversations } = ctx.collections;
  const lastConversationAt = conversation.updatedAt ?? conversation.createdAt ?? new Date();
  const lastConversationFields = { lastConversationAt, lastConversationId: conversation.conversationId };
  const projectFilter = { _id: new Types.ObjectId(projectId), user };
  if (!incrementCount) {
    await chatprojects.updateOne(projectFilter, { $set: lastConversationFields });
  } else {
    const incremented = await chatprojects.updateOne(
      { ...projectFilter, lastConversationId: { $ne: conversation.conversationId } },
      { $set: lastConversationFields, $inc: { conversationCount: 1 } },
    );
    if (incremented.matchedCount === 0) {
      await chatprojects.updateOne(projectFilter, { $set: lastConversationFields });
    }
  }
  const stillVisible = await conversations.exists({
    ...visibleProjectConversationFilter(user, projectId),
    conversationId: conversation.conversationId,
  });
  if (!stillVisible) await refreshChatProjectStatsForUser(ctx, user, projectId);
}
