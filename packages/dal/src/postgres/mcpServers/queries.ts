/**
 * MCP server reads and writes (upstream methods/mcpServer.ts): by name, id and author; the
 * paginated list of the servers a user may access (newest update first, `_id` ascending on ties,
 * a base64 JSON cursor `{ updatedAt, _id }`; an unreadable cursor is ignored with a warning).
 */
import type { MCPServerMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';

const NORMALIZED_LIMIT_DEFAULT = 20;

type Queries = Omit<MCPServerMethods, 'createMCPServer'>;

export function createMCPServerQueries({ collections, shaper }: PgContext): Queries {
  const mcpServers = collections.mcpservers;
  const ObjectId = shaper.mongoose.Types.ObjectId as unknown as typeof Types.ObjectId;
  const sort = { updatedAt: -1, _id: 1 } as const;

  const findMCPServerByServerName: Queries['findMCPServerByServerName'] = async (serverName) =>
    (await mcpServers.findOne({ serverName })) as never;

  /** `findById(_id).lean()`: mongoose turns an undefined id into a filter matching nothing. */
  const findMCPServerByObjectId: Queries['findMCPServerByObjectId'] = async (_id) =>
    (await mcpServers.findOne({ _id })) as never;

  const findMCPServersByAuthor: Queries['findMCPServersByAuthor'] = async (authorId) =>
    (await mcpServers.find({ author: authorId }, { sort: { updatedAt: -1 } })) as never;

  const getListMCPServersByIds: Queries['getListMCPServersByIds'] = async ({
    ids = [],
    otherParams = {},
    limit = null,
    after = null,
  }) => {
    const isPaginated = limit !== null && limit !== undefined;
    const normalizedLimit = isPaginated
      ? // biome-ignore lint/correctness/useParseIntRadix: upstream's parse, without a radix ('0x10' is 16)
        Math.min(Math.max(1, Number.parseInt(String(limit)) || NORMALIZED_LIMIT_DEFAULT), 100)
      : null;

    const baseQuery: Filter = { ...(otherParams as Filter), _id: { $in: ids } };
    if (after) {
      try {
        const cursor = JSON.parse(Buffer.from(after, 'base64').toString('utf8'));
        const { updatedAt, _id } = cursor;
        const cursorCondition = {
          $or: [
            { updatedAt: { $lt: new Date(updatedAt) } },
            { updatedAt: new Date(updatedAt), _id: { $gt: new ObjectId(_id) } },
          ],
        };
        if (Object.keys(baseQuery).length > 0) {
          baseQuery.$and = [{ ...baseQuery }, cursorCondition];
          for (const key of Object.keys(baseQuery)) {
            if (key !== '$and') delete baseQuery[key];
          }
        }
      } catch (error) {
        logger.warn('[getListMCPServersByIds] Invalid cursor provided', error);
      }
    }

    if (normalizedLimit === null) {
      const servers = await mcpServers.find(baseQuery, { sort });
      return { data: servers as never, has_more: false, after: null };
    }

    const servers = await mcpServers.find(baseQuery, { sort, limit: normalizedLimit + 1 });
    const hasMore = servers.length > normalizedLimit;
    const data = hasMore ? servers.slice(0, normalizedLimit) : servers;
    let nextCursor: string | null = null;
    if (hasMore && data.length > 0) {
      const lastItem = data[data.length - 1] as { updatedAt: unknown; _id: unknown };
      nextCursor = Buffer.from(JSON.stringify({ updatedAt: lastItem.updatedAt, _id: lastItem._id })).toString(
        'base64',
      );
    }
    return { data: data as never, has_more: hasMore, after: nextCursor };
  };

  const getListMCPServersByNames: Queries['getListMCPServersByNames'] = async ({ names = [] }) => {
    if (names.length === 0) return { data: [] };
    return { data: (await mcpServers.find({ serverName: { $in: names } })) as never };
  };

  /** `findOneAndUpdate({ serverName }, { $set: updateData }, { new, runValidators }).lean()`. */
  const updateMCPServer: Queries['updateMCPServer'] = async (serverName, updateData) =>
    (await mcpServers.findOneAndUpdateLean(
      { serverName },
      { $set: updateData },
      { new: true, runValidators: true },
    )) as never;

  const deleteMCPServer: Queries['deleteMCPServer'] = async (serverName) =>
    (await mcpServers.findOneAndDelete({ serverName })) as never;

  return {
    findMCPServerByServerName,
    findMCPServerByObjectId,
    findMCPServersByAuthor,
    getListMCPServersByIds,
    getListMCPServersByNames,
    updateMCPServer,
    deleteMCPServer,
  };
}
