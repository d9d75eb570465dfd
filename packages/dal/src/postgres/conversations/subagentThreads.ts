/**
 * Child-thread lineage and the cross-replica lease: getSubagentThreadForParent,
 * listSubagentThreadsForParent, reserveSubagentThread, acquire/renew/releaseSubagentThreadLease,
 * countActiveSubagentThreadLeases, listActiveSubagentThreadLeases.
 */
import { activeExpirationFilter, type ConversationMethods, logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { DuplicateKeyError } from '../store/duplicateKey.js';
import { hydrate } from './hydrate.js';
import { type Doc, subagentLeaseTenantFilter } from './shared.js';

type Threads = Pick<
  ConversationMethods,
  | 'getSubagentThreadForParent'
  | 'listSubagentThreadsForParent'
  | 'reserveSubagentThread'
  | 'acquireSubagentThreadLease'
  | 'renewSubagentThreadLease'
  | 'releaseSubagentThreadLease'
  | 'countActiveSubagentThreadLeases'
  | 'listActiveSubagentThreadLeases'
>;

const THREAD_SELECT =
  'conversationId tenantId title agent_id updatedAt subagentThread +subagentThreadLease +agentEventBinding';

/** Upstream's subagentThreadReadRecord: the private binding collapsed to its actor id. */
export function subagentThreadReadRecord(conversation: Doc): Doc {
  const binding = conversation.agentEventBinding as { actorId?: string } | undefined;
  return {
    conversationId: conversation.conversationId,
    ...(conversation.tenantId == null ? {} : { tenantId: conversation.tenantId }),
    ...(conversation.title == null ? {} : { title: conversation.title }),
    ...(conversation.agent_id == null ? {} : { agent_id: conversation.agent_id }),
    ...(conversation.updatedAt == null ? {} : { updatedAt: conversation.updatedAt }),
    ...(conversation.subagentThread == null ? {} : { subagentThread: conversation.subagentThread }),
    ...(conversation.subagentThreadLease == null
      ? {}
      : { subagentThreadLease: conversation.subagentThreadLease }),
    ...(binding?.actorId == null ? {} : { actorId: binding.actorId }),
  };
}

export function createSubagentThreads(ctx: PgContext): Threads {
  const { conversations } = ctx.collections;

  const getSubagentThreadForParent: Threads['getSubagentThreadForParent'] = async (input) => {
    try {
      const conversation = await conversations.findOne(
        {
          user: input.user,
          conversationId: input.conversationId,
          'subagentThread.parentConversationId': input.parentConversationId,
          ...subagentLeaseTenantFilter(input.tenantId),
          ...activeExpirationFilter(),
        },
        { select: THREAD_SELECT },
      );
      return conversation == null ? null : (subagentThreadReadRecord(conversation) as never);
    } catch (error) {
      logger.error('[getSubagentThreadForParent] Error getting child conversation', error);
      throw new Error('Error getting child conversation');
    }
  };

  const listSubagentThreadsForParent: Threads['listSubagentThreadsForParent'] = async (input) => {
    try {
      const list = await conversations.find(
        {
          user: input.user,
          'subagentThread.parentConversationId': input.parentConversationId,
          ...subagentLeaseTenantFilter(input.tenantId),
          ...activeExpirationFilter(),
        },
        { select: THREAD_SELECT, sort: { updatedAt: -1, conversationId: 1, _id: 1 }, limit: input.limit },
      );
      return list.map(subagentThreadReadRecord) as never;
    } catch (error) {
      logger.error('[listSubagentThreadsForParent] Error listing child conversations', error);
      throw new Error('Error listing child conversations');
    }
  };

  /** Creates immutable child lineage exactly once; a concurrent winner is the reservation. */
  const reserveSubagentThread: Threads['reserveSubagentThread'] = async (input) => {
    const filter = {
      user: input.user,
      conversationId: input.conversationId,
      ...subagentLeaseTenantFilter(input.tenantId),
    };
    try {
      const r = await conversations.findOneAndUpdate(
        filter,
        {
          $setOnInsert: {
            ...input.conversation,
            user: input.user,
            conversationId: input.conversationId,
            messages: [],
          },
        },
        { new: true, upsert: true },
      );
      if (r.after == null) throw new Error('Unable to reserve the subagent thread.');
      return {
        conversation: hydrate(conversations, r.after, ['agentEventBinding']).toObject(),
        created: r.upserted,
      } as never;
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        const existing = await conversations.findOne(filter, { select: '+agentEventBinding' });
        if (existing != null) return { conversation: existing, created: false } as never;
      }
      throw error;
    }
  };

  /** Atomically claims one durable child thread across all API replicas. */
  const acquireSubagentThreadLease: Threads['acquireSubagentThreadLease'] = async (input) => {
    const result = await conversations.updateOne(
      {
        user: input.user,
        conversationId: input.conversationId,
        subagentThread: { $exists: true },
        ...subagentLeaseTenantFilter(input.tenantId),
        $or: [
          { subagentThreadLease: { $exists: false } },
          { 'subagentThreadLease.expiresAt': { $lte: input.now } },
          { 'subagentThreadLease.token': input.token },
        ],
      },
      {
        $set: {
          subagentThreadLease: { token: input.token, taskId: input.taskId, expiresAt: input.expiresAt },
          updatedAt: input.now,
        },
      },
      { timestamps: false },
    );
    return result.matchedCount === 1;
  };

  const renewSubagentThreadLease: Threads['renewSubagentThreadLease'] = async (input) => {
    const result = await conversations.updateOne(
      {
        user: input.user,
        conversationId: input.conversationId,
        ...subagentLeaseTenantFilter(input.tenantId),
        'subagentThreadLease.token': input.token,
        'subagentThreadLease.expiresAt': { $gt: input.now },
      },
      { $set: { 'subagentThreadLease.expiresAt': input.expiresAt } },
      { timestamps: false },
    );
    return result.matchedCount === 1;
  };

  const releaseSubagentThreadLease: Threads['releaseSubagentThreadLease'] = async (input) => {
    const result = await conversations.updateOne(
      {
        user: input.user,
        conversationId: input.conversationId,
        ...subagentLeaseTenantFilter(input.tenantId),
        'subagentThreadLease.token': input.token,
      },
      { $unset: { subagentThreadLease: 1 } },
      { timestamps: false },
    );
    return result.modifiedCount === 1;
  };

  const countActiveSubagentThreadLeases: Threads['countActiveSubagentThreadLeases'] = async (input) =>
    conversations.count({
      user: input.user,
      ...subagentLeaseTenantFilter(input.tenantId),
      'subagentThreadLease.expiresAt': { $gt: input.now },
    });

  const listActiveSubagentThreadLeases: Threads['listActiveSubagentThreadLeases'] = async (input) => {
    const list = await conversations.find(
      {
        user: input.user,
        ...subagentLeaseTenantFilter(input.tenantId),
        'subagentThreadLease.expiresAt': { $gt: input.now },
      },
      { select: 'conversationId subagentThread.parentConversationId +subagentThreadLease' },
    );
    return list.flatMap((conversation) => {
      const conversationId = conversation.conversationId;
      const parentConversationId = (conversation.subagentThread as Doc | undefined)?.parentConversationId;
      const taskId = (conversation.subagentThreadLease as Doc | undefined)?.taskId;
      return typeof conversationId === 'string' &&
        conversationId !== '' &&
        typeof parentConversationId === 'string' &&
        parentConversationId !== '' &&
        typeof taskId === 'string' &&
        taskId !== ''
        ? [{ conversationId, parentConversationId, taskId }]
        : [];
    });
  };

  return {
    getSubagentThreadForParent,
    listSubagentThreadsForParent,
    reserveSubagentThread,
    acquireSubagentThreadLease,
    renewSubagentThreadLease,
    releaseSubagentThreadLease,
    countActiveSubagentThreadLeases,
    listActiveSubagentThreadLeases,
  };
}
