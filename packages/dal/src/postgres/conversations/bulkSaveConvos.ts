/**
 * bulkSaveConvos: one upsert per conversation keyed by (conversationId, user) with
 * `timestamps: false` (imports and forks keep their timestamps), project ownership checked as
 * saveConvo does, stats of every project joined or left refreshed. Through upstream's
 * tenantSafeBulkWrite over the PostgreSQL bulk writer.
 */
import { type ConversationMethods, isValidObjectIdString, logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';
import { refreshChatProjectStatsForUser } from './projectStats.js';
import { relatedCollection } from './related.js';
import { type Doc, stripActorCheckpointFields } from './shared.js';

export function createBulkSaveConvos(ctx: PgContext): ConversationMethods['bulkSaveConvos'] {
  const { conversations } = ctx.collections;
  const chatprojects = relatedCollection(ctx, 'chatprojects');
  return async (list) => {
    try {
      const candidatePairs = new Map<string, { user: string; projectId: string }>();
      for (const convo of list) {
        if (
          typeof convo.user === 'string' &&
          typeof convo.chatProjectId === 'string' &&
          isValidObjectIdString(convo.chatProjectId)
        ) {
          candidatePairs.set(`${convo.user}:${convo.chatProjectId}`, {
            user: convo.user,
            projectId: convo.chatProjectId,
          });
        }
      }
      const ownedProjects = new Set<string>();
      if (chatprojects && candidatePairs.size > 0) {
        const owned = await chatprojects.find(
          {
            $or: [...candidatePairs.values()].map(({ user, projectId }) => ({
              _id: new Types.ObjectId(projectId),
              user,
            })),
          },
          { select: '_id user' },
        );
        for (const project of owned) ownedProjects.add(`${project.user}:${String(project._id)}`);
      }

      const previousProjectByConversation = new Map<string, string>();
      const conversationPairs = list
        .filter((c) => typeof c.user === 'string' && typeof c.conversationId === 'string')
        .map((c) => ({ user: c.user as string, conversationId: c.conversationId as string }));
      if (conversationPairs.length > 0) {
        const existing = await conversations.find(
          { $or: conversationPairs },
          { select: 'user conversationId chatProjectId' },
        );
        for (const doc of existing) {
          if (doc.chatProjectId) {
            previousProjectByConversation.set(
              `${doc.user}:${doc.conversationId}`,
              doc.chatProjectId as string,
            );
          }
        }
      }

      const affectedProjectStats = new Map<string, { user: string; projectId: string }>();
      const bulkOps = list.map((convo) => {
        const { codeEnvironmentMode, codeWorkspaces, ...sanitized } = convo as Doc;
        delete sanitized.initial_agent_id;
        stripActorCheckpointFields(sanitized);
        if (typeof sanitized.user === 'string' && typeof sanitized.chatProjectId === 'string') {
          if (ownedProjects.has(`${sanitized.user}:${sanitized.chatProjectId}`)) {
            affectedProjectStats.set(`${sanitized.user}:${sanitized.chatProjectId}`, {
              user: sanitized.user,
              projectId: sanitized.chatProjectId,
            });
          } else {
            sanitized.chatProjectId = null;
          }
        }
        if (typeof sanitized.user === 'string' && typeof sanitized.conversationId === 'string') {
          const previousProjectId = previousProjectByConversation.get(
            `${sanitized.user}:${sanitized.conversationId}`,
          );
          const newProjectId = typeof sanitized.chatProjectId === 'string' ? sanitized.chatProjectId : null;
          if (previousProjectId && previousProjectId !== newProjectId) {
            affectedProjectStats.set(`${sanitized.user}:${previousProjectId}`, {
              user: sanitized.user,
              projectId: previousProjectId,
            });
          }
        }
        return {
          updateOne: {
            filter: { conversationId: sanitized.conversationId, user: sanitized.user },
            update: {
              $set: sanitized,
              $setOnInsert: {
                initial_agent_id: null,
                ...(codeEnvironmentMode != null && { codeEnvironmentMode }),
                ...(codeWorkspaces != null && { codeWorkspaces }),
              },
            },
            upsert: true,
            timestamps: false,
          },
        };
      });

      const result = await tenantBulkWrite(conversations, bulkOps);
      await Promise.all(
        [...affectedProjectStats.values()].map(({ user, projectId }) =>
          refreshChatProjectStatsForUser(ctx, user, projectId),
        ),
      );
      return result;
    } catch (error) {
      logger.error('[bulkSaveConvos] Error saving conversations in bulk', error);
      throw new Error('Failed to save conversations in bulk.');
    }
  };
}
