/**
 * Deletes (upstream methods/agent.ts): deleteAgent, deleteUserAgents, removeAgentFromUserFavorites,
 * and removeAgentIdsFromEdges (the handoff-edge cleanup behind a compare-and-set per graph).
 */
import type { AgentMethods, IAgent } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { ResourceType } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';
import type { AgentAclDeps } from './deps.js';

type DeleteMethods = Pick<AgentMethods, 'deleteAgent' | 'deleteUserAgents' | 'removeAgentFromUserFavorites'>;

/** Graphs read per cleanup pass, passes without progress and sweeps before giving up (upstream). */
const EDGE_CLEANUP_BATCH = 200;
const EDGE_CLEANUP_STALLED_PASSES = 5;
const EDGE_CLEANUP_MAX_SWEEPS = 5;

type AgentEdge = NonNullable<IAgent['edges']>[number];
type EdgeEndpoint = AgentEdge['from'];

function pruneEndpoint(endpoint: EdgeEndpoint | null | undefined, removed: Set<string>): EdgeEndpoint | null {
  if (Array.isArray(endpoint)) return endpoint.filter((id) => !removed.has(id));
  return typeof endpoint === 'string' && removed.has(endpoint) ? null : (endpoint ?? null);
}

function hasEndpoint(endpoint: EdgeEndpoint | null): endpoint is EdgeEndpoint {
  return Array.isArray(endpoint) ? endpoint.length > 0 : endpoint != null;
}

function pruneEdges(edges: IAgent['edges'], removed: Set<string>): AgentEdge[] {
  return (edges ?? []).flatMap((edge) => {
    const from = pruneEndpoint(edge.from, removed);
    const to = pruneEndpoint(edge.to, removed);
    return hasEndpoint(from) && hasEndpoint(to) ? [{ ...edge, from, to }] : [];
  });
}

export function createAgentDeletes(ctx: PgContext, acl: AgentAclDeps): DeleteMethods {
  const { agents, users, aclentries } = ctx.collections;
  const { ObjectId } = ctx.shaper.mongoose.Types;

  async function removeAgentIdsFromEdges(agentIds: string[], tenantId?: string): Promise<void> {
    if (agentIds.length === 0) return;
    const filter: Record<string, unknown> = {
      ...(tenantId !== undefined ? { tenantId } : {}),
      $or: [{ 'edges.from': { $in: agentIds } }, { 'edges.to': { $in: agentIds } }],
    };
    const removed = new Set(agentIds);
    let stalledPasses = 0;
    let sweeps = 0;
    let after: unknown;
    for (;;) {
      const graphs = (await agents.find(after == null ? filter : { ...filter, _id: { $gt: after } }, {
        sort: { _id: 1 },
        limit: EDGE_CLEANUP_BATCH,
        select: '_id edges',
      })) as Array<{ _id: unknown; edges?: IAgent['edges'] }>;
      if (graphs.length === 0) {
        if (after == null) return;
        sweeps += 1;
        if (sweeps >= EDGE_CLEANUP_MAX_SWEEPS) {
          throw new Error(
            `[removeAgentIdsFromEdges] references kept being added during cleanup (${EDGE_CLEANUP_MAX_SWEEPS} sweeps)`,
          );
        }
        after = undefined;
        continue;
      }
      const result = await tenantBulkWrite(
        agents,
        graphs.map((graph) => ({
          updateOne: {
            filter: { _id: graph._id, edges: graph.edges },
            update: { $set: { edges: pruneEdges(graph.edges, removed) } },
          },
        })),
        { ordered: false },
      );
      stalledPasses = result.matchedCount === 0 ? stalledPasses + 1 : 0;
      if (stalledPasses >= EDGE_CLEANUP_STALLED_PASSES) {
        throw new Error(
          `[removeAgentIdsFromEdges] graph edges kept changing during cleanup (${EDGE_CLEANUP_STALLED_PASSES} passes without progress)`,
        );
      }
      after = graphs[graphs.length - 1]?._id;
    }
  }

  const deleteAgent: DeleteMethods['deleteAgent'] = async (searchParameter) => {
    const lean = await agents.findOneAndDelete(searchParameter);
    const agent = lean ? agents.model.hydrate(lean) : null;
    if (agent) {
      const deletedAgent = agent as unknown as { id: string; tenantId?: string };
      await Promise.all([
        acl.removeAllPermissions({ resourceType: ResourceType.AGENT, resourceId: agent._id }),
        acl.removeAllPermissions({ resourceType: ResourceType.REMOTE_AGENT, resourceId: agent._id }),
      ]);
      try {
        await removeAgentIdsFromEdges([deletedAgent.id], deletedAgent.tenantId);
      } catch (error) {
        logger.error('[deleteAgent] Error removing agent from handoff edges', error);
      }
      try {
        await users.updateMany(
          {
            ...(deletedAgent.tenantId !== undefined ? { tenantId: deletedAgent.tenantId } : {}),
            'favorites.agentId': deletedAgent.id,
          },
          { $pull: { favorites: { agentId: deletedAgent.id } } },
        );
      } catch (error) {
        logger.error('[deleteAgent] Error removing agent from user favorites', error);
      }
    }
    return agent ? (agent.toObject() as IAgent) : null;
  };

  const deleteUserAgents: DeleteMethods['deleteUserAgents'] = async (userId) => {
    try {
      const userObjectId = new ObjectId(userId);
      const soleOwnedObjectIds = await acl.getSoleOwnedResourceIds(userObjectId as never, [
        ResourceType.AGENT,
        ResourceType.REMOTE_AGENT,
      ]);
      const authoredAgents = await agents.find({ author: userObjectId }, { select: 'id _id' });
      const migratedEntries =
        authoredAgents.length > 0
          ? await aclentries.find(
              {
                resourceType: { $in: [ResourceType.AGENT, ResourceType.REMOTE_AGENT] },
                resourceId: { $in: authoredAgents.map((a) => a._id) },
              },
              { select: 'resourceId' },
            )
          : [];
      const migratedIds = new Set(migratedEntries.map((e) => String(e.resourceId)));
      const legacyAgents = authoredAgents.filter((a) => !migratedIds.has(String(a._id)));
      const soleOwnedAgents =
        soleOwnedObjectIds.length > 0
          ? await agents.find({ _id: { $in: soleOwnedObjectIds } }, { select: 'id _id' })
          : [];
      const allAgents = [...soleOwnedAgents, ...legacyAgents];
      if (allAgents.length === 0) return;

      const agentIds = allAgents.map((agent) => agent.id as string);
      const agentObjectIds = allAgents.map((agent) => agent._id);
      await aclentries.deleteMany({
        resourceType: { $in: [ResourceType.AGENT, ResourceType.REMOTE_AGENT] },
        resourceId: { $in: agentObjectIds },
      });
      try {
        await removeAgentIdsFromEdges(agentIds);
      } catch (error) {
        logger.error('[deleteUserAgents] Error removing agents from handoff edges', error);
      }
      try {
        await users.updateMany(
          { 'favorites.agentId': { $in: agentIds } },
          { $pull: { favorites: { agentId: { $in: agentIds } } } },
        );
      } catch (error) {
        logger.error('[deleteUserAgents] Error removing agents from user favorites', error);
      }
      await agents.deleteMany({ _id: { $in: agentObjectIds } });
    } catch (error) {
      logger.error('[deleteUserAgents] General error:', error);
    }
  };

  const removeAgentFromUserFavorites: DeleteMethods['removeAgentFromUserFavorites'] = async (
    resourceId,
    userIds,
  ) => {
    const agent = await agents.findOne({ _id: resourceId }, { select: { id: 1, tenantId: 1 } });
    if (!agent) return;
    await users.updateMany(
      {
        _id: { $in: userIds },
        ...(agent.tenantId !== undefined ? { tenantId: agent.tenantId } : {}),
        'favorites.agentId': agent.id,
      },
      { $pull: { favorites: { agentId: agent.id } } },
    );
  };

  return { deleteAgent, deleteUserAgents, removeAgentFromUserFavorites };
}
