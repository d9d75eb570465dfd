/** The access roles LibreChat seeds at startup (upstream methods/accessRole.ts, seedDefaultRoles). */
import { RoleBits } from '@librechat/data-schemas';
import { AccessRoleIds, ResourceType } from 'librechat-data-provider';

export interface DefaultAccessRole {
  accessRoleId: string;
  name: string;
  description: string;
  resourceType: string;
  permBits: number;
}

const generic = (
  accessRoleId: string,
  resourceType: string,
  level: 'viewer' | 'editor' | 'owner',
  prefix = 'com_ui_role',
): DefaultAccessRole => ({
  accessRoleId,
  name: `${prefix}_${level}`,
  description: `${prefix}_${level}_desc`,
  resourceType,
  permBits: level === 'viewer' ? RoleBits.VIEWER : level === 'editor' ? RoleBits.EDITOR : RoleBits.OWNER,
});

/** In upstream's order (the seed upserts them one after another). */
export const DEFAULT_ACCESS_ROLES: readonly DefaultAccessRole[] = [
  generic(AccessRoleIds.AGENT_VIEWER, ResourceType.AGENT, 'viewer'),
  generic(AccessRoleIds.AGENT_EDITOR, ResourceType.AGENT, 'editor'),
  generic(AccessRoleIds.AGENT_OWNER, ResourceType.AGENT, 'owner'),
  generic(AccessRoleIds.CODE_ENVIRONMENT_VIEWER, ResourceType.CODE_ENVIRONMENT, 'viewer'),
  generic(AccessRoleIds.CODE_ENVIRONMENT_EDITOR, ResourceType.CODE_ENVIRONMENT, 'editor'),
  generic(AccessRoleIds.CODE_ENVIRONMENT_OWNER, ResourceType.CODE_ENVIRONMENT, 'owner'),
  generic(AccessRoleIds.PROMPTGROUP_VIEWER, ResourceType.PROMPTGROUP, 'viewer'),
  generic(AccessRoleIds.PROMPTGROUP_EDITOR, ResourceType.PROMPTGROUP, 'editor'),
  generic(AccessRoleIds.PROMPTGROUP_OWNER, ResourceType.PROMPTGROUP, 'owner'),
  generic(AccessRoleIds.MCPSERVER_VIEWER, ResourceType.MCPSERVER, 'viewer', 'com_ui_mcp_server_role'),
  generic(AccessRoleIds.MCPSERVER_EDITOR, ResourceType.MCPSERVER, 'editor', 'com_ui_mcp_server_role'),
  generic(AccessRoleIds.MCPSERVER_OWNER, ResourceType.MCPSERVER, 'owner', 'com_ui_mcp_server_role'),
  generic(AccessRoleIds.REMOTE_AGENT_VIEWER, ResourceType.REMOTE_AGENT, 'viewer', 'com_ui_remote_agent_role'),
  generic(AccessRoleIds.REMOTE_AGENT_EDITOR, ResourceType.REMOTE_AGENT, 'editor', 'com_ui_remote_agent_role'),
  generic(AccessRoleIds.REMOTE_AGENT_OWNER, ResourceType.REMOTE_AGENT, 'owner', 'com_ui_remote_agent_role'),
  generic(AccessRoleIds.SKILL_VIEWER, ResourceType.SKILL, 'viewer'),
  generic(AccessRoleIds.SKILL_EDITOR, ResourceType.SKILL, 'editor'),
  generic(AccessRoleIds.SKILL_OWNER, ResourceType.SKILL, 'owner'),
  generic(AccessRoleIds.SHARED_LINK_VIEWER, ResourceType.SHARED_LINK, 'viewer'),
  generic(AccessRoleIds.SHARED_LINK_OWNER, ResourceType.SHARED_LINK, 'owner'),
];
