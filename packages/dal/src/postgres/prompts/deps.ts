/**
 * What PromptMethods take from other groups (upstream's PromptDeps, wired by createMethods): ACL
 * reads and removal from AclEntryMethods, principals from UserGroupMethods.
 */
import type { AclEntryMethods, UserGroupMethods } from '@librechat/data-schemas';

export interface PromptAclDeps {
  removeAllPermissions: (params: { resourceType: string; resourceId: unknown }) => Promise<void>;
  getSoleOwnedResourceIds: AclEntryMethods['getSoleOwnedResourceIds'];
  getUserPrincipals: UserGroupMethods['getUserPrincipals'];
  findAccessibleResources: AclEntryMethods['findAccessibleResources'];
  findPublicResourceIds: AclEntryMethods['findPublicResourceIds'];
}
