/**
 * What AgentMethods take from other groups (upstream's AgentDeps, wired by createMethods): ACL
 * removal and reads from AclEntryMethods, principals from UserGroupMethods, actions from
 * ActionMethods.
 */
import type { AclEntryMethods, ActionMethods, UserGroupMethods } from '@librechat/data-schemas';

export interface AgentAclDeps {
  removeAllPermissions: (params: { resourceType: string; resourceId: unknown }) => Promise<void>;
  getActions: ActionMethods['getActions'];
  getSoleOwnedResourceIds: AclEntryMethods['getSoleOwnedResourceIds'];
  getUserPrincipals: UserGroupMethods['getUserPrincipals'];
  findAccessibleResources: AclEntryMethods['findAccessibleResources'];
}
