/** Assembles the implemented PostgreSQL method groups. */

import { createAccessRoleMethods } from './accessRoles/index.js';
import { createAclEntryMethods } from './aclEntries/index.js';
import { createActionMethods } from './actions/index.js';
import { createAgentApiKeyMethods } from './agentApiKeys/index.js';
import { createAgentCategoryMethods } from './agentCategories/index.js';
import { createAgentMethods } from './agents/index.js';
import { createAssistantMethods } from './assistants/index.js';
import { createAuditLogMethods } from './auditLog/index.js';
import { createBannerMethods } from './banners/index.js';
import { createCategoriesMethods } from './categories/index.js';
import { createChatProjectMethods } from './chatProjects/index.js';
import { createCodeEnvironmentMethods } from './codeEnvironments/index.js';
import { createConfigMethods } from './config/index.js';
import type { PgContext } from './context.js';
import { createConversationImportMethods } from './conversationImport/index.js';
import { createConversationMethods } from './conversations/index.js';
import { createConversationTagMethods } from './conversationTags/index.js';
import { createFileMethods } from './files/index.js';
import { createInsightsMethods } from './insights/index.js';
import { createKeyMethods } from './keys/index.js';
import { createMCPAuthorityMethods } from './mcpAuthority/index.js';
import { createMCPServerMethods } from './mcpServers/index.js';
import { createMemoryMethods } from './memories/index.js';
import { createMessageMethods } from './messages/index.js';
import { createOpenIDRefreshFlightMethods } from './openidRefreshFlights/index.js';
import { createPluginAuthMethods } from './pluginAuth/index.js';
import { createPresetMethods } from './presets/index.js';
import { createPromptMethods } from './prompts/index.js';
import { createAgentQueuedTurnMethods } from './queuedTurns/index.js';
import { createRefreshTokenBridgeMethods } from './refreshTokenBridges/index.js';
import type { PartialMethods } from './registry.js';
import { createRoleMethods } from './roles/index.js';
import { createScheduleMethods } from './schedules/index.js';
import { createSessionMethods } from './sessions/index.js';
import { createShareMethods } from './shares/index.js';
import { createSkillSyncMethods } from './skillSync/index.js';
import { createSkillMethods } from './skills/index.js';
import { createSystemGrantMethods } from './systemGrants/index.js';
import { createTokenMethods } from './tokens/index.js';
import { createToolCallMethods } from './toolCalls/index.js';
import { createToolFavoriteMethods } from './toolFavorites/index.js';
import { createBillingMethods } from './transactions/billing.js';
import { createAgentTriggerDeliveryMethods } from './triggerDeliveries/index.js';
import { createUserGroupMethods } from './userGroups/index.js';
import { createUserMethods } from './users/index.js';

export function implementedPostgresMethods(ctx: PgContext): PartialMethods {
  // Wired as upstream's createMethods: prompt methods read ACLs and principals, and membership
  // changes invalidate the prompt-group access cache (late-bound: prompts are built after groups).
  const aclEntries = createAclEntryMethods(ctx);
  const promptAccessInvalidator: { current?: () => Promise<void> } = {};
  const userGroups = createUserGroupMethods(ctx, {
    onMemberGroupsInvalidated: () => promptAccessInvalidator.current?.(),
  });
  const prompts = createPromptMethods(ctx, {
    removeAllPermissions:
      ctx.deps.removeAllPermissions ??
      (async ({ resourceType, resourceId }) => {
        await aclEntries.deleteAclEntries({ resourceType, resourceId });
      }),
    getSoleOwnedResourceIds: aclEntries.getSoleOwnedResourceIds,
    getUserPrincipals: userGroups.getUserPrincipals,
    findAccessibleResources: aclEntries.findAccessibleResources,
    findPublicResourceIds: aclEntries.findPublicResourceIds,
  });
  promptAccessInvalidator.current = prompts.invalidatePromptGroupAccessContext;
  const skills = createSkillMethods(ctx, {
    removeAllPermissions:
      ctx.deps.removeAllPermissions ??
      (async ({ resourceType, resourceId }) => {
        await aclEntries.deleteAclEntries({ resourceType, resourceId } as never);
      }),
    getSoleOwnedResourceIds: aclEntries.getSoleOwnedResourceIds as never,
  });
  const actions = createActionMethods(ctx);
  const agents = createAgentMethods(ctx, {
    removeAllPermissions:
      ctx.deps.removeAllPermissions ??
      (async ({ resourceType, resourceId }) => {
        await aclEntries.deleteAclEntries({ resourceType, resourceId });
      }),
    getActions: actions.getActions,
    getSoleOwnedResourceIds: aclEntries.getSoleOwnedResourceIds,
    getUserPrincipals: userGroups.getUserPrincipals,
    findAccessibleResources: aclEntries.findAccessibleResources,
  });
  return {
    ...createUserMethods(ctx),
    ...createRoleMethods(ctx),
    ...createAccessRoleMethods(ctx),
    ...createSystemGrantMethods(ctx),
    ...createSessionMethods(ctx),
    ...createTokenMethods(ctx),
    ...createRefreshTokenBridgeMethods(ctx),
    ...createOpenIDRefreshFlightMethods(ctx),
    ...createKeyMethods(ctx),
    ...createPluginAuthMethods(ctx),
    ...createAgentApiKeyMethods(ctx),
    ...createBillingMethods(ctx),
    ...createAuditLogMethods(ctx),
    ...aclEntries,
    ...userGroups,
    ...createToolFavoriteMethods(ctx),
    ...createBannerMethods(ctx),
    ...createCategoriesMethods(ctx),
    ...createAgentCategoryMethods(ctx),
    ...createMessageMethods(ctx),
    ...createToolCallMethods(ctx),
    ...createMemoryMethods(ctx),
    ...createConversationMethods(ctx),
    ...createConversationTagMethods(ctx),
    ...createConversationImportMethods(ctx),
    ...createFileMethods(ctx),
    ...createPresetMethods(ctx),
    ...createShareMethods(ctx),
    ...createChatProjectMethods(ctx),
    ...prompts,
    ...actions,
    ...agents,
    ...createAssistantMethods(ctx),
    ...createMCPServerMethods(ctx),
    ...createMCPAuthorityMethods(ctx),
    ...createConfigMethods(ctx),
    ...createInsightsMethods(ctx),
    ...createCodeEnvironmentMethods(ctx),
    ...skills,
    ...createSkillSyncMethods(ctx),
    ...createAgentTriggerDeliveryMethods(ctx),
    ...createScheduleMethods(ctx),
    ...createAgentQueuedTurnMethods(ctx),
  };
}
