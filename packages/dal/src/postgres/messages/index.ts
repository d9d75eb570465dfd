/**
 * MessageMethods on PostgreSQL (upstream methods/message.ts): the message tree of every
 * conversation. saveMessage/recordMessage are single-statement upserts on the
 * (messageId, user, tenantId) unique index, bulkSaveMessages a constant number of statements per
 * batch, and the conversation fetch an index scan of (conversationId, user, createdAt, _id).
 */
import type { MessageMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createBackgroundToolMethods } from './backgroundTools.js';
import { createMessageReads } from './reads.js';
import { createMessageUpserts } from './saveMessage.js';
import { createSubagentTaskMethods } from './subagentTasks.js';
import { createThreadViewMethods } from './threadView.js';
import { createMessageWrites } from './writes.js';

export function createMessageMethods(ctx: PgContext): MessageMethods {
  const upserts = createMessageUpserts(ctx);
  return {
    saveMessage: upserts.saveMessage,
    ...createMessageWrites(ctx, upserts),
    ...createMessageReads(ctx),
    ...createBackgroundToolMethods(ctx),
    ...createSubagentTaskMethods(ctx),
    ...createThreadViewMethods(ctx),
  };
}
