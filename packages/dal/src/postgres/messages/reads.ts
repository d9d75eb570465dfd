/**
 * getMessages, getMessage, getMessagesByCursor, getConversationTraceRefs, hasSampledTraceMessage
 * and searchMessages (upstream methods/message.ts). Raw MongoDB filters go through the shared
 * filter translator. A message past its `expiredAt` is what MongoDB's TTL index would have
 * deleted, so readers skip it (the maintenance sweeper deletes it).
 */
import type { IMessage, MessageMethods, SampledTraceMessage } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { ObjectId } from 'bson';
import type { PgContext } from '../context.js';
import type { Sort } from '../store/collection.js';
import { unexpired } from '../store/expiry.js';
import type { Doc } from '../store/rows.js';
import { findVisible } from './documents.js';

type Reads = Pick<
  MessageMethods,
  | 'getMessages'
  | 'getMessage'
  | 'getMessagesByCursor'
  | 'getConversationTraceRefs'
  | 'hasSampledTraceMessage'
  | 'searchMessages'
>;

function traceOrderKey(createdAt: Date, id: ObjectId): string {
  return `${createdAt.getTime().toString(36)}.${id.toString()}`;
}

function parseTraceOrderKey(key: string): { createdAt: Date; id: string } | undefined {
  const [time, hex] = key.split('.');
  const createdAt = new Date(Number.parseInt(time ?? '', 36));
  if (Number.isNaN(createdAt.getTime()) || hex == null || !/^[0-9a-f]{24}$/.test(hex)) return undefined;
  return { createdAt, id: hex };
}

const traceTenantScope = (tenantId?: string) =>
  tenantId == null ? { tenantId: { $exists: false } } : { tenantId };

const SERVER_AUTHORED_SAMPLED_RESPONSE = {
  langfuseSampled: true,
  isCreatedByUser: false,
  isUserSubmitted: { $ne: true },
} as const;

export function createMessageReads(ctx: PgContext): Reads {
  const messages = ctx.collections.messages;

  const getMessages: MessageMethods['getMessages'] = async (filter, select, options = {}) => {
    try {
      const sort: Sort | undefined = options.sort === false ? undefined : (options.sort ?? { createdAt: 1 });
      const limit = options.limit != null && options.limit > 0 ? options.limit : undefined;
      const live = unexpired(filter as Doc);
      const found = select
        ? await messages.find(live, { select, sort, limit })
        : await findVisible(messages, live, { sort, limit });
      return found as unknown as IMessage[];
    } catch (err) {
      logger.error('Error getting messages:', err);
      throw err;
    }
  };

  const getMessage: MessageMethods['getMessage'] = async ({ user, messageId }) => {
    try {
      return (await messages.findOne(unexpired({ user, messageId }))) as IMessage | null;
    } catch (err) {
      logger.error('Error getting message:', err);
      throw err;
    }
  };

  /** Sorted by the one field (no `_id` tie-break), `limit + 1` to know whether a page follows. */
  const getMessagesByCursor: MessageMethods['getMessagesByCursor'] = async (filter, options = {}) => {
    const {
      sortField = 'createdAt',
      sortOrder = -1,
      limit = 25,
      cursor,
      select,
    } = options as typeof options & { select?: string };
    const queryFilter: Doc = { ...(filter as Doc) };
    if (cursor) queryFilter[sortField] = sortOrder === 1 ? { $gt: cursor } : { $lt: cursor };
    const found = (await messages.find(unexpired(queryFilter), {
      select,
      // Upstream sorts by the one field; ties then come in index order, which for createdAt is the
      // (conversationId, user, createdAt, _id) index: an _id tie-break in the same direction.
      sort: sortField === 'createdAt' ? { createdAt: sortOrder, _id: sortOrder } : { [sortField]: sortOrder },
      limit: limit + 1,
    })) as unknown as IMessage[];
    let nextCursor: string | null = null;
    if (found.length > limit) {
      found.pop();
      const last = found[found.length - 1] as IMessage;
      const cursorValue = sortField === 'createdAt' ? last.createdAt : last[sortField as keyof IMessage];
      nextCursor = String(cursorValue ?? '');
    }
    return { messages: found, nextCursor };
  };

  const getConversationTraceRefs: MessageMethods['getConversationTraceRefs'] = async ({
    user,
    conversationId,
    tenantId,
    messageId,
    through,
    limit,
  }) => {
    try {
      const scope = { user, conversationId, ...traceTenantScope(tenantId) };
      const anchor = through != null ? parseTraceOrderKey(through.orderKey) : undefined;
      const range =
        anchor != null
          ? {
              $or: [
                { createdAt: { $lt: anchor.createdAt } },
                { createdAt: anchor.createdAt, _id: { $lte: new ObjectId(anchor.id) } },
              ],
            }
          : {};
      const bounded = limit != null;
      const filter = unexpired({
        ...scope,
        ...SERVER_AUTHORED_SAMPLED_RESPONSE,
        ...(messageId != null ? { messageId } : {}),
        ...range,
      });
      const select = '_id messageId createdAt langfuseDestinationIds langfuseRunId';
      const [first, rows] = await Promise.all([
        messages.findOne(unexpired(scope), { select: 'createdAt -_id', sort: { createdAt: 1 } }),
        through != null && anchor == null
          ? []
          : messages.find(
              filter,
              bounded
                ? { select, sort: { createdAt: -1, _id: -1 }, limit }
                : { select, sort: { createdAt: 1, _id: 1 } },
            ),
      ]);
      const sampled = (bounded ? rows.reverse() : rows) as Array<
        Pick<IMessage, 'messageId' | 'createdAt' | 'langfuseDestinationIds' | 'langfuseRunId'> & {
          _id: ObjectId;
        }
      >;
      const firstMessageAt = first?.createdAt as Date | undefined;
      if (through != null && sampled[sampled.length - 1]?.messageId !== through.messageId) {
        return { firstMessageAt, sampledMessages: [] };
      }
      return {
        firstMessageAt,
        sampledMessages: sampled
          .filter((message) => typeof message.messageId === 'string')
          .map(
            ({
              _id,
              messageId: id,
              createdAt,
              langfuseDestinationIds,
              langfuseRunId,
            }): SampledTraceMessage => ({
              messageId: id,
              ...(createdAt != null ? { createdAt, orderKey: traceOrderKey(createdAt, _id) } : {}),
              ...(Array.isArray(langfuseDestinationIds) ? { langfuseDestinationIds } : {}),
              ...(typeof langfuseRunId === 'string' && langfuseRunId.length > 0 ? { langfuseRunId } : {}),
            }),
          ),
      };
    } catch (err) {
      logger.error('Error getting conversation trace references:', err);
      throw err;
    }
  };

  const hasSampledTraceMessage: MessageMethods['hasSampledTraceMessage'] = async ({
    user,
    conversationId,
    tenantId,
    destinationIds,
  }) => {
    try {
      const match = await messages.findOne(
        unexpired({
          user,
          conversationId,
          ...traceTenantScope(tenantId),
          ...SERVER_AUTHORED_SAMPLED_RESPONSE,
          $and: [
            { $or: [{ langfuseDestinationIds: null }, { langfuseDestinationIds: { $in: destinationIds } }] },
          ],
        }),
        { select: '_id' },
      );
      return match != null;
    } catch (err) {
      logger.error('Error checking for a sampled trace message:', err);
      throw err;
    }
  };

  /** Meili (search/postgres/queries.ts) or, with search off, the database fallback search. */
  const searchMessages: MessageMethods['searchMessages'] =
    ctx.search?.searchMessages ??
    (async () => {
      throw new Error('MeiliSearch plugin not registered on Message model');
    });

  return {
    getMessages,
    getMessage,
    getMessagesByCursor,
    getConversationTraceRefs,
    hasSampledTraceMessage,
    searchMessages,
  };
}
