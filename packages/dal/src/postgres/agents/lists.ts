/**
 * Keyset-paginated lists (upstream methods/agent.ts): getListAgentsByAccess (the browser list,
 * a projection) and getAgentManagementListByAccess (full configurations with a version count).
 * Both order by updatedAt desc, _id asc, served by the updatedAt_-1__id_1 indexes.
 */
import { Buffer } from 'node:buffer';
import type { AgentMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { EToolResources } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';

type ListMethods = Pick<AgentMethods, 'getListAgentsByAccess' | 'getAgentManagementListByAccess'>;
type Doc = Record<string, unknown>;

const encodeCursor = (agent: Doc) =>
  Buffer.from(
    JSON.stringify({ updatedAt: (agent.updatedAt as Date).toISOString(), _id: String(agent._id) }),
  ).toString('base64');

export function createAgentLists(ctx: PgContext): ListMethods {
  const agents = ctx.collections.agents;
  const { ObjectId } = ctx.shaper.mongoose.Types;
  const resolve = (name: string) => Object.values(ctx.collections).find((c) => c.spec.collection === name);

  const getListAgentsByAccess: ListMethods['getListAgentsByAccess'] = async ({
    accessibleIds = [],
    otherParams = {},
    limit = 100,
    after = null,
    includeSkillConfig = false,
    includeExecutionConfig = false,
  }) => {
    const isPaginated = limit !== null && limit !== undefined;
    const normalizedLimit = isPaginated ? Math.min(Math.max(1, parseInt(String(limit)) || 20), 1000) : null;
    const baseQuery: Doc = { ...otherParams, _id: { $in: accessibleIds } };

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
          for (const key of Object.keys(baseQuery)) if (key !== '$and') delete baseQuery[key];
        } else {
          Object.assign(baseQuery, cursorCondition);
        }
      } catch (error) {
        logger.warn('Invalid cursor:', (error as Error).message);
      }
    }

    const projection: Record<string, 1> = {
      id: 1,
      _id: 1,
      name: 1,
      avatar: 1,
      author: 1,
      description: 1,
      conversation_starters: 1,
      updatedAt: 1,
      category: 1,
      support_contact: 1,
      is_promoted: 1,
    };
    if (includeSkillConfig) {
      projection.skills = 1;
      projection.skills_enabled = 1;
      projection.skill_authoring_enabled = 1;
      projection.skills_scope = 1;
    }
    if (includeExecutionConfig) {
      projection.tools = 1;
      projection.stateful_code_sessions = 1;
      projection.code_environment_id = 1;
      projection.code_workspace_id = 1;
      projection.repositoryInstructions = 1;
      projection.agent_ids = 1;
      projection['edges.from'] = 1;
      projection['edges.to'] = 1;
      projection['subagents.enabled'] = 1;
      projection['subagents.agent_ids'] = 1;
      projection['subagents.graphs.agent_ids'] = 1;
    }

    const found = await agents.find(baseQuery, {
      select: projection,
      sort: { updatedAt: -1, _id: 1 },
      ...(isPaginated && normalizedLimit ? { limit: normalizedLimit + 1 } : {}),
    });
    const hasMore = isPaginated && normalizedLimit ? found.length > normalizedLimit : false;
    const data = (isPaginated && normalizedLimit ? found.slice(0, normalizedLimit) : found).map((agent) => {
      if (includeExecutionConfig) {
        agent.tools =
          Array.isArray(agent.tools) && agent.tools.includes(EToolResources.execute_code)
            ? [EToolResources.execute_code]
            : [];
      }
      if (agent.author) agent.author = String(agent.author);
      return agent;
    });

    let nextCursor: string | null = null;
    if (isPaginated && hasMore && data.length > 0 && normalizedLimit) {
      nextCursor = encodeCursor(found[normalizedLimit - 1] as Doc);
    }
    return {
      object: 'list',
      data,
      first_id: data.length > 0 ? (data[0]?.id as string) : null,
      last_id: data.length > 0 ? (data[data.length - 1]?.id as string) : null,
      has_more: hasMore,
      after: nextCursor,
    };
  };

  const getAgentManagementListByAccess: ListMethods['getAgentManagementListByAccess'] = async ({
    accessibleIds,
    tenantId,
    limit,
    after = null,
  }) => {
    const match: Doc = { tenantId, ...(accessibleIds != null ? { _id: { $in: accessibleIds } } : {}) };
    if (after) {
      const cursor = JSON.parse(Buffer.from(after, 'base64').toString('utf8')) as {
        updatedAt: string;
        _id: string;
      };
      match.$or = [
        { updatedAt: { $lt: new Date(cursor.updatedAt) } },
        { updatedAt: new Date(cursor.updatedAt), _id: { $gt: new ObjectId(cursor._id) } },
      ];
    }
    const found = await aggregate(
      agents,
      [
        { $match: match },
        { $sort: { updatedAt: -1, _id: 1 } },
        { $limit: limit + 1 },
        { $addFields: { version: { $size: { $ifNull: ['$versions', []] } } } },
        { $project: { versions: 0 } },
      ],
      resolve,
    );
    const hasMore = found.length > limit;
    const data = hasMore ? found.slice(0, limit) : found;
    const lastAgent = data[data.length - 1];
    return {
      data: data as never,
      has_more: hasMore,
      after: hasMore && lastAgent ? encodeCursor(lastAgent) : null,
    };
  };

  return { getListAgentsByAccess, getAgentManagementListByAccess };
}
