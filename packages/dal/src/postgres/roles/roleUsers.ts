/**
 * The users side of roles (upstream methods/role.ts): who holds a role, and moving users between
 * roles, with the auth-user-doc cache invalidated for every moved user.
 */
import type { RoleMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { authUserCacheInvalidator } from '../users/authUserCache.js';

export type RoleUserMethods = Pick<
  RoleMethods,
  'updateUsersByRole' | 'findUserIdsByRole' | 'updateUsersRoleByIds' | 'listUsersByRole' | 'countUsersByRole'
>;

export function createRoleUserMethods(ctx: PgContext): RoleUserMethods & {
  invalidateAuthUserDocCache(userIds: string[]): Promise<void>;
} {
  const { users } = ctx.collections;
  const invalidateOne = authUserCacheInvalidator(ctx.deps);

  async function invalidateAuthUserDocCache(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const unique = [...new Set(userIds.map((id) => id.toString()))];
    await Promise.all(unique.map((id) => invalidateOne(id)));
  }

  const findUserIdsByRole: RoleMethods['findUserIdsByRole'] = async (roleName) => {
    const found = await users.find({ role: roleName }, { select: '_id' });
    return found.map((u) => String(u._id));
  };

  const updateUsersByRole: RoleMethods['updateUsersByRole'] = async (oldRole, newRole) => {
    const affected = await findUserIdsByRole(oldRole);
    await users.updateMany({ role: oldRole }, { $set: { role: newRole } });
    await invalidateAuthUserDocCache(affected);
  };

  const updateUsersRoleByIds: RoleMethods['updateUsersRoleByIds'] = async (userIds, newRole) => {
    if (userIds.length === 0) return;
    await users.updateMany({ _id: { $in: userIds } }, { $set: { role: newRole } });
    await invalidateAuthUserDocCache(userIds);
  };

  const listUsersByRole: RoleMethods['listUsersByRole'] = async (roleName, options) =>
    (await users.find(
      { role: roleName },
      {
        select: '_id name email avatar',
        sort: { _id: 1 },
        skip: options?.offset ?? 0,
        limit: options?.limit ?? 50,
      },
    )) as never;

  const countUsersByRole: RoleMethods['countUsersByRole'] = async (roleName) =>
    users.count({ role: roleName });

  return {
    updateUsersByRole,
    findUserIdsByRole,
    updateUsersRoleByIds,
    listUsersByRole,
    countUsersByRole,
    invalidateAuthUserDocCache,
  };
}
