/**
 * Creates and updates (upstream methods/agent.ts): createAgent, updateAgent, revertAgentVersion,
 * addAgentResourceFile, removeAgentResourceFiles, removeAgentResourceFilesFromAllAgents.
 */
import type { AgentMethods, IAgent } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { actionDelimiter } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { AgentAclDeps } from './deps.js';
import type { AgentExternals } from './externals.js';
import type { AgentReadMethods } from './reads.js';
import { TOOL_RESOURCE_KEYS } from './reads.js';
import {
  deleteDocumentPath,
  extractMCPServerNames,
  hasOperatorKeys,
  isDuplicateVersion,
  operatorsMutateDocument,
  rebuildMCPServerNames,
  requiresSkillsDisable,
} from './versioning.js';

type WriteMethods = Pick<
  AgentMethods,
  | 'createAgent'
  | 'updateAgent'
  | 'revertAgentVersion'
  | 'addAgentResourceFile'
  | 'removeAgentResourceFiles'
  | 'removeAgentResourceFilesFromAllAgents'
>;

type Doc = Record<string, unknown>;

export function createAgentWrites(
  ctx: PgContext,
  acl: AgentAclDeps,
  externals: AgentExternals,
  reads: AgentReadMethods,
  generateActionMetadataHash: AgentMethods['generateActionMetadataHash'],
): WriteMethods {
  const agents = ctx.collections.agents;
  const { ObjectId } = ctx.shaper.mongoose.Types;
  /** `Agent.findOne(filter)` as a mongoose document (schema defaults applied on init). */
  const findDocument = async (filter: Doc) => {
    const lean = await agents.findOne(filter);
    return lean ? agents.model.hydrate(lean) : null;
  };

  /**
   * Upstream's restoreAgentAfterReferenceLoss: the write lost its environment reference, so the
   * document goes back to what it was (`replaceOne`, no timestamps) if nobody wrote since, else the
   * lost reference is removed.
   */
  async function restoreAgentAfterReferenceLoss(
    agentAfterWrite: Doc | null,
    originalAgent: Doc,
    lostEnvironmentId: string,
  ): Promise<void> {
    if (agentAfterWrite == null) return;
    const { _id, ...original } = originalAgent;
    const removed = Object.fromEntries(
      Object.keys(agentAfterWrite)
        .filter((key) => key !== '_id' && !(key in original))
        .map((key) => [key, 1]),
    );
    const restored = await agents.updateOne(
      {
        _id: agentAfterWrite._id,
        code_environment_id: lostEnvironmentId,
        updatedAt: agentAfterWrite.updatedAt,
      },
      Object.keys(removed).length > 0 ? { $set: original, $unset: removed } : { $set: original },
      { timestamps: false },
    );
    if (restored.matchedCount === 0) {
      await agents.updateOne(
        { _id: agentAfterWrite._id, code_environment_id: lostEnvironmentId },
        { $unset: { code_environment_id: 1 } },
      );
    }
  }

  const createAgent: WriteMethods['createAgent'] = async (agentData) => {
    if (Array.isArray(agentData.skills) && agentData.skills.length > 0) {
      const prunedSkills = await externals.filterExistingSkillIds(agentData.skills as string[]);
      agentData.skills = prunedSkills;
      if (prunedSkills.length === 0 && requiresSkillsDisable(agentData.skills_scope)) {
        agentData.skills_enabled = false;
      }
    }
    const { author: _author, ...versionData } = agentData;
    const timestamp = new Date();
    const initialAgentData = {
      ...agentData,
      versions: [{ ...versionData, createdAt: timestamp, updatedAt: timestamp }],
      category: (agentData.category as string) || 'general',
      mcpServerNames:
        (agentData.mcpServerNames as string[] | undefined) ??
        extractMCPServerNames(agentData.tools as string[] | undefined),
    };
    return await externals.withCodeEnvironmentReference(
      typeof agentData.code_environment_id === 'string' ? agentData.code_environment_id : undefined,
      async () => (await agents.create(initialAgentData)).toObject() as IAgent,
      async (createdAgent) => {
        await agents.deleteOne({ _id: createdAgent._id });
      },
    );
  };

  const updateAgent: WriteMethods['updateAgent'] = async (searchParameter, updateData, options = {}) => {
    const { updatingUserId = null, forceVersion = false, skipVersioning = false } = options;
    let suppressedVersionEntry = false;

    const currentAgent = await findDocument(searchParameter);
    const currentRevision = (currentAgent as unknown as { updatedAt?: Date } | null)?.updatedAt;
    if (currentAgent) {
      const currentObject = currentAgent.toObject() as unknown as Doc;
      const { __v, _id, id: __id, versions, author: _author, ...versionData } = currentObject;
      const { $push, $pull, $addToSet, $unset, ...directUpdates } = updateData;

      if (Array.isArray(directUpdates.skills) && directUpdates.skills.length > 0) {
        const prunedSkills = await externals.filterExistingSkillIds(directUpdates.skills as string[]);
        directUpdates.skills = prunedSkills;
        updateData.skills = prunedSkills;
        const effectiveScope = directUpdates.skills_scope ?? currentObject.skills_scope;
        if (prunedSkills.length === 0 && requiresSkillsDisable(effectiveScope)) {
          directUpdates.skills_enabled = false;
          updateData.skills_enabled = false;
        }
      }

      if (directUpdates.tools !== undefined) {
        const supplied = directUpdates.mcpServerNames as string[] | undefined;
        const mcpServerNames =
          supplied ??
          rebuildMCPServerNames(
            directUpdates.tools as string[],
            (currentAgent.mcpServerNames as string[] | undefined) ?? [],
          );
        directUpdates.mcpServerNames = mcpServerNames;
        updateData.mcpServerNames = mcpServerNames;
      }

      let actionsHash: string | null = null;
      if (currentAgent.actions && currentAgent.actions.length > 0) {
        const actionIds = currentAgent.actions
          .map((action: string) => action.split(actionDelimiter)[1])
          .filter(Boolean) as string[];
        if (actionIds.length > 0) {
          try {
            const actions = await acl.getActions({ actionId: actionIds } as never, true);
            actionsHash = await generateActionMetadataHash(currentAgent.actions, actions as never);
          } catch (error) {
            logger.error('Error fetching actions for hash generation:', error);
          }
        }
      }

      const shouldCreateVersion =
        !skipVersioning &&
        (forceVersion || Object.keys(directUpdates).length > 0 || $push || $pull || $addToSet || $unset);

      if (shouldCreateVersion) {
        const duplicateVersion = isDuplicateVersion(updateData, versionData, versions as Doc[], actionsHash);
        const mutatesOutsideSnapshot = operatorsMutateDocument(
          currentObject,
          $push,
          $pull,
          $addToSet,
          $unset,
        );
        if (duplicateVersion && !forceVersion && !mutatesOutsideSnapshot) {
          suppressedVersionEntry = true;
          delete updateData.$addToSet;
          delete updateData.$push;
          delete updateData.$pull;
          delete updateData.$unset;
        }
      }

      const versionEntry: Doc = { ...versionData, ...directUpdates, updatedAt: new Date() };
      if (hasOperatorKeys($unset)) {
        for (const path of Object.keys($unset as Doc)) deleteDocumentPath(versionEntry, path);
      }
      if (actionsHash) versionEntry.actionsHash = actionsHash;
      if (updatingUserId) versionEntry.updatedBy = new ObjectId(updatingUserId);
      if (shouldCreateVersion && !suppressedVersionEntry) {
        updateData.$push = { ...(($push as Doc) || {}), versions: versionEntry };
      }
    }

    const directEnvironmentId = updateData.code_environment_id;
    const setEnvironmentId =
      typeof updateData.$set === 'object' && updateData.$set != null
        ? (updateData.$set as { code_environment_id?: unknown }).code_environment_id
        : undefined;
    let nextEnvironmentId: string | undefined;
    if (typeof directEnvironmentId === 'string') nextEnvironmentId = directEnvironmentId;
    else if (typeof setEnvironmentId === 'string') nextEnvironmentId = setEnvironmentId;
    const updatedAgent = await externals.withCodeEnvironmentReference(
      nextEnvironmentId,
      async () =>
        (await agents.findOneAndUpdateLean(
          currentAgent == null || nextEnvironmentId == null
            ? searchParameter
            : { ...searchParameter, _id: currentAgent._id, updatedAt: currentRevision },
          updateData,
          { new: true },
        )) as IAgent | null,
      async (agentAfterUpdate) => {
        if (agentAfterUpdate == null || nextEnvironmentId == null || currentAgent == null) return;
        await restoreAgentAfterReferenceLoss(
          agentAfterUpdate as unknown as Doc,
          currentAgent.toObject() as unknown as Doc,
          nextEnvironmentId,
        );
      },
    );

    if (updatedAgent && suppressedVersionEntry) {
      (updatedAgent as IAgent & { version?: number }).version = updatedAgent.versions?.length ?? 0;
    }
    return updatedAgent;
  };

  const addAgentResourceFile: WriteMethods['addAgentResourceFile'] = async ({
    agent_id,
    tool_resource,
    file_id,
    updatingUserId,
  }) => {
    const searchParameter = { id: agent_id };
    const agent = await reads.getAgent(searchParameter);
    if (!agent) throw new Error('Agent not found for adding resource file');
    const fileIdsPath = `tool_resources.${tool_resource}.file_ids`;
    await agents.updateOne(
      { id: agent_id, [fileIdsPath]: { $exists: false } },
      { $set: { [fileIdsPath]: [] } },
    );
    const updatedAgent = await updateAgent(
      searchParameter,
      { $addToSet: { tools: tool_resource, [fileIdsPath]: file_id } },
      { updatingUserId },
    );
    if (updatedAgent) return updatedAgent;
    throw new Error('Agent not found for adding resource file');
  };

  const removeAgentResourceFiles: WriteMethods['removeAgentResourceFiles'] = async ({ agent_id, files }) => {
    const searchParameter = { id: agent_id };
    const filesByResource = files.reduce((acc: Record<string, string[]>, { tool_resource, file_id }) => {
      if (!acc[tool_resource]) acc[tool_resource] = [];
      acc[tool_resource].push(file_id);
      return acc;
    }, {});
    const pullAllOps: Record<string, string[]> = {};
    for (const [resource, fileIds] of Object.entries(filesByResource)) {
      pullAllOps[`tool_resources.${resource}.file_ids`] = fileIds;
    }
    const agentAfterPull = (await agents.findOneAndUpdateLean(
      searchParameter,
      { $pullAll: pullAllOps },
      { new: true },
    )) as IAgent | null;
    if (!agentAfterPull) {
      const agentExists = await reads.getAgent(searchParameter);
      if (!agentExists) throw new Error('Agent not found for removing resource files');
      throw new Error('Failed to update agent during file removal (pull step)');
    }
    return agentAfterPull;
  };

  const removeAgentResourceFilesFromAllAgents: WriteMethods['removeAgentResourceFilesFromAllAgents'] =
    async ({ file_ids }) => {
      if (!file_ids || file_ids.length === 0) return { matchedCount: 0, modifiedCount: 0 };
      const orQuery = TOOL_RESOURCE_KEYS.map((key) => ({
        [`tool_resources.${key}.file_ids`]: { $in: file_ids },
      }));
      const pullAllOps = Object.fromEntries(
        TOOL_RESOURCE_KEYS.map((key) => [`tool_resources.${key}.file_ids`, file_ids]),
      );
      const result = await agents.updateMany({ $or: orQuery }, { $pullAll: pullAllOps });
      return { matchedCount: result.matchedCount ?? 0, modifiedCount: result.modifiedCount ?? 0 };
    };

  const revertAgentVersion: WriteMethods['revertAgentVersion'] = async (searchParameter, versionIndex) => {
    const agent = await findDocument(searchParameter);
    if (!agent) throw new Error('Agent not found');
    if (!agent.versions || !agent.versions[versionIndex])
      throw new Error(`Version ${versionIndex} not found`);

    const revertToVersion = { ...(agent.versions[versionIndex] as Doc) };
    const originalRevision = (agent as unknown as { updatedAt: Date }).updatedAt;
    delete revertToVersion._id;
    delete revertToVersion.id;
    delete revertToVersion.versions;
    delete revertToVersion.author;
    delete revertToVersion.updatedBy;

    if (Array.isArray(revertToVersion.skills) && revertToVersion.skills.length > 0) {
      const prunedSkills = await externals.filterExistingSkillIds(revertToVersion.skills as string[]);
      revertToVersion.skills = prunedSkills;
      if (prunedSkills.length === 0 && requiresSkillsDisable(revertToVersion.skills_scope)) {
        revertToVersion.skills_enabled = false;
      }
    }

    const unsetOnRestore: Record<string, 1> = {};
    for (const field of [
      'code_environment_id',
      'code_workspace_id',
      'repositoryInstructions',
      'git_identity',
      'skills_scope',
      'skill_authoring_enabled',
    ]) {
      if (!Object.hasOwn(revertToVersion, field)) unsetOnRestore[field] = 1;
    }
    const revertUpdate =
      Object.keys(unsetOnRestore).length > 0
        ? { $set: revertToVersion, $unset: unsetOnRestore }
        : { $set: revertToVersion };
    const revertedAgent = await externals.withCodeEnvironmentReference(
      typeof revertToVersion.code_environment_id === 'string'
        ? revertToVersion.code_environment_id
        : undefined,
      async () =>
        await agents.findOneAndUpdateLean(
          { ...searchParameter, _id: agent._id, updatedAt: originalRevision },
          revertUpdate,
          { new: true },
        ),
      async (agentAfterRevert) => {
        if (agentAfterRevert == null || typeof revertToVersion.code_environment_id !== 'string') return;
        await restoreAgentAfterReferenceLoss(
          agentAfterRevert,
          agent.toObject() as unknown as Doc,
          revertToVersion.code_environment_id,
        );
      },
    );
    if (!revertedAgent) throw new Error('Agent not found');
    return revertedAgent as unknown as IAgent;
  };

  return {
    createAgent,
    updateAgent,
    revertAgentVersion,
    addAgentResourceFile,
    removeAgentResourceFiles,
    removeAgentResourceFilesFromAllAgents,
  };
}
