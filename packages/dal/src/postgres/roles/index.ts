/** RoleMethods on PostgreSQL (upstream methods/role.ts). */
import type { RoleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createInitializeRoles } from './initializeRoles.js';
import { createRoleLookups } from './lookups.js';
import { createRolePermissionMethods } from './permissions.js';
import { createRoleUserMethods } from './roleUsers.js';
import { createRoleWrites } from './writes.js';

export function createRoleMethods(ctx: PgContext): RoleMethods {
  const roleUsers = createRoleUserMethods(ctx);
  const lookups = createRoleLookups(ctx);
  const writes = createRoleWrites(ctx, roleUsers);
  const permissions = createRolePermissionMethods(ctx, {
    getRoleByName: lookups.getRoleByName,
    updateRoleByName: writes.updateRoleByName,
  });
  return {
    ...lookups,
    ...createInitializeRoles(ctx),
    ...writes,
    ...permissions,
    updateUsersByRole: roleUsers.updateUsersByRole,
    findUserIdsByRole: roleUsers.findUserIdsByRole,
    updateUsersRoleByIds: roleUsers.updateUsersRoleByIds,
    listUsersByRole: roleUsers.listUsersByRole,
    countUsersByRole: roleUsers.countUsersByRole,
  };
}
