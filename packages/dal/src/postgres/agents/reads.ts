/**
 * Reads (upstream methods/agent.ts): getAgent, getAgentVersions, getAgentWithVersionCount,
 * getAgents, resolveAgentGraphAccess, getAgentGraphNodes, getAgentIdsByMCPServerName,
 * getAgentsWithMCPServerNames, countPromotedAgents, getSharedResourceFileIds.
 */
import type { AgentMethods, IAgent } from '@librechat/data-schemas';
import { PermissionBits, ResourceType } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';
import type { AgentAclDeps } from './deps.js';

/** Mirrors TOOL_RESOURCE_KEYS: the EToolResources that carry `file_ids` on an agent. */
export const TOOL_RESOURCE_KEYS = ['execute_code', 'file_search', 'image_edit', 'context', 'ocr'] as const;

type ReadMethods = Pick<
  AgentMethods,
  | 'getAgent'
  | 'getAgentVersions'
  | 'getAgentWithVersionCount'
  | 'getAgents'
  | 'resolveAgentGraphAccess'
  | 'getAgentGraphNodes'
  | 'getAgentIdsByMCPServerName'
  | 'getAgentsWithMCPServerNames'
  | 'countPromotedAgents'
  | 'getSharedResourceFileIds'
>;

export function createAgentReads(ctx: PgContext, acl: AgentAclDeps): ReadMethods {
  const agents = ctx.collections.agents;
  const resolve = (name: string) => Object.values(ctx.collections).find((c) => c.spec.collection === name);

  const getAgent = (async (searchParameter: Record<string, unknown>, projection: unknown = { versions: 0 }) =>
    await agents.findOne(searchParameter, { select: projection as never })) as ReadMethods['getAgent'];

  const getAgentVersions: ReadMethods['getAgentVersions'] = async (searchParameter) => {
    const result = await agents.findOne(searchParameter, { select: { versions: 1, _id: 0 } });
    if (!result) return null;
    return (result.versions as IAgent['versions']) ?? [];
  };

  /** Upstream's aggregate: `$match` (uncast), `version` = size of `versions`, `versions` dropped. */
  const withVersionCount = (match: Record<string, unknown>, extra: Record<string, unknown>[] = []) =>
    aggregate(
      agents,
      [
        { $match: match },
        ...extra,
        { $addFields: { version: { $size: { $ifNull: ['$versions', []] } } } },
        { $project: { versions: 0 } },
      ],
      resolve,
    );

  const getAgentWithVersionCount: ReadMethods['getAgentWithVersionCount'] = async (searchParameter) => {
    const [agent] = await withVersionCount(searchParameter);
    return (agent ?? null) as never;
  };

  const getAgents: ReadMethods['getAgents'] = async (searchParameter, select) =>
    (await agents.find(searchParameter, { select: select as never })) as unknown as IAgent[];

  const resolveAgentGraphAccess: ReadMethods['resolveAgentGraphAccess'] = async (access) =>
    (await acl.getUserPrincipals(access)) as never;

  const getAgentGraphNodes: ReadMethods['getAgentGraphNodes'] = async (ids, access) => {
    if (ids.length === 0) return [];
    const found = (await agents.find(
      { id: { $in: ids } },
      {
        select: {
          _id: 1,
          id: 1,
          provider: 1,
          model: 1,
          tools: 1,
          mcpServerNames: 1,
          agent_ids: 1,
          edges: 1,
          subagents: 1,
        },
      },
    )) as unknown as IAgent[];
    let visible = found;
    if (access != null) {
      const resourceIds = await acl.findAccessibleResources(
        access as never,
        ResourceType.AGENT,
        PermissionBits.VIEW,
        found.map((agent) => agent._id as Types.ObjectId),
      );
      const allowed = new Set(resourceIds.map(String));
      visible = found.filter((agent) => allowed.has(String(agent._id)));
    }
    return visible.map(({ id, provider, model, tools, mcpServerNames, agent_ids, edges, subagents }) => ({
      id,
      provider,
      model,
      tools,
      mcpServerNames,
      agent_ids,
      edges,
      subagents,
    }));
  };

  const getAgentIdsByMCPServerName: ReadMethods['getAgentIdsByMCPServerName'] = async (serverName) => {
    const found = await agents.find({ mcpServerNames: serverName }, { select: { _id: 1 } });
    return found.map((agent) => agent._id as Types.ObjectId);
  };

  /** `{ mcpServerNames: { $type: 'string' } }`: some element of the array is a string. */
  const getAgentsWithMCPServerNames: ReadMethods['getAgentsWithMCPServerNames'] = async () => {
    const found = await agents.find(
      { mcpServerNames: { $exists: true, $not: { $size: 0 } } },
      { select: { mcpServerNames: 1 } },
    );
    return found.filter(
      (agent) =>
        Array.isArray(agent.mcpServerNames) &&
        (agent.mcpServerNames as unknown[]).some((name) => typeof name === 'string'),
    ) as never;
  };

  const countPromotedAgents: ReadMethods['countPromotedAgents'] = async () =>
    await agents.count({ is_promoted: true });

  const getSharedResourceFileIds: ReadMethods['getSharedResourceFileIds'] = async ({
    file_ids,
    excludeAgentObjectId,
    excludeToolResource,
  }) => {
    if (!file_ids || file_ids.length === 0) return [];
    const requested = new Set(file_ids);
    const found = (await agents.find(
      { $or: TOOL_RESOURCE_KEYS.map((key) => ({ [`tool_resources.${key}.file_ids`]: { $in: file_ids } })) },
      { select: { _id: 1, tool_resources: 1 } },
    )) as unknown as IAgent[];
    const shared = new Set<string>();
    for (const agent of found) {
      const isExcludedAgent = excludeAgentObjectId != null && String(agent._id) === excludeAgentObjectId;
      for (const key of TOOL_RESOURCE_KEYS) {
        if (isExcludedAgent && (excludeToolResource == null || key === excludeToolResource)) continue;
        const fileIds = (agent.tool_resources as Record<string, { file_ids?: string[] }> | undefined)?.[key]
          ?.file_ids;
        if (fileIds == null) continue;
        for (const fileId of fileIds) if (requested.has(fileId)) shared.add(fileId);
      }
    }
    return [...shared];
  };

  return {
    getAgent,
    getAgentVersions,
    getAgentWithVersionCount,
    getAgents,
    resolveAgentGraphAccess,
    getAgentGraphNodes,
    getAgentIdsByMCPServerName,
    getAgentsWithMCPServerNames,
    countPromotedAgents,
    getSharedResourceFileIds,
  };
}

export type { ReadMethods as AgentReadMethods };
