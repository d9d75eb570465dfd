/**
 * ConversationImportMethods on PostgreSQL (upstream methods/import.ts): cleanup of a failed
 * import, scoped to the user and exactly the import's tenant (none = rows without tenantId), in
 * chunks of 10,000 ids, run as system (no ambient tenant scope), then project stats refreshed
 * under the import's tenant.
 */
import { type ConversationImportMethods, runAsSystem, tenantStorage } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { refreshChatProjectStatsForUser } from '../conversations/projectStats.js';

type Scope = Parameters<ConversationImportMethods['deleteImportedMessages']>[0];

const CONVERSATION_IMPORT_CLEANUP_CHUNK_SIZE = 10_000;

function cleanupFilter(scope: Scope, conversationIds: readonly string[]): Record<string, unknown> {
  return {
    user: scope.user,
    conversationId: { $in: conversationIds },
    ...(scope.tenantId == null ? { tenantId: { $exists: false } } : { tenantId: scope.tenantId }),
  };
}

function chunks(conversationIds: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < conversationIds.length; i += CONVERSATION_IMPORT_CLEANUP_CHUNK_SIZE) {
    out.push(conversationIds.slice(i, i + CONVERSATION_IMPORT_CLEANUP_CHUNK_SIZE));
  }
  return out;
}

export function createConversationImportMethods(ctx: PgContext): ConversationImportMethods {
  const { conversations, messages } = ctx.collections;

  const deleteImportedMessages: ConversationImportMethods['deleteImportedMessages'] = async (scope) => {
    if (scope.conversationIds.length === 0) return;
    await runAsSystem(async () => {
      for (const ids of chunks(scope.conversationIds)) await messages.deleteMany(cleanupFilter(scope, ids));
    });
  };

  const deleteImportedConversations: ConversationImportMethods['deleteImportedConversations'] = async (
    scope,
  ) => {
    if (scope.conversationIds.length === 0) return;
    const projectIds = await runAsSystem(async () => {
      const affected = new Set<string>();
      for (const ids of chunks(scope.conversationIds)) {
        const filter = cleanupFilter(scope, ids);
        for (const projectId of await conversations.distinct('chatProjectId', filter)) {
          if (projectId) affected.add(String(projectId));
        }
        await conversations.deleteMany(filter);
      }
      return [...affected];
    });
    const context = tenantStorage.getStore();
    await tenantStorage.run({ ...context, tenantId: scope.tenantId, userId: scope.user }, async () => {
      await Promise.all(
        projectIds.map((projectId) => refreshChatProjectStatsForUser(ctx, scope.user, projectId)),
      );
    });
  };

  return { deleteImportedMessages, deleteImportedConversations };
}
