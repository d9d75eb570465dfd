/** updateRoleByName, createRoleByName, deleteRoleByName: role writes with upstream's cache upkeep and errors. */
import type { IRole, RoleMethods } from '@librechat/data-schemas';
import { logger, RoleConflictError } from '@librechat/data-schemas';
import { SystemRoles } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { roleCacheKey, rolesCache } from './cache.js';
import type { RoleUserMethods } from './roleUsers.js';

export type RoleWrites = Pick<RoleMethods, 'updateRoleByName' | 'createRoleByName' | 'deleteRoleByName'>;

const systemRoleValues = new Set<string>(Object.values(SystemRoles));

/** Case-insensitive check — the legacy roles route uppercases params. */
const isSystemRoleName = (name: string): boolean => systemRoleValues.has(name.toUpperCase());

const isDuplicateKey = (error: unknown): boolean =>
  !!error && typeof error === 'object' && 'code' in error && (error as { code: unknown }).code === 11000;

export function createRoleWrites(
  ctx: PgContext,
  roleUsers: RoleUserMethods & { invalidateAuthUserDocCache(userIds: string[]): Promise<void> },
): RoleWrites {
  const { roles, users } = ctx.collections;

  const updateRoleByName: RoleMethods['updateRoleByName'] = async (roleName, updates) => {
    const cache = rolesCache(ctx.deps);
    try {
      const role = await roles.findOneAndUpdateLean(
        { name: roleName },
        { $set: updates },
        { new: true, select: '-__v' },
      );
      if (cache) {
        if (updates.name && updates.name !== roleName) {
          await Promise.all([
            cache.set(roleCacheKey(roleName), null),
            cache.set(roleCacheKey(updates.name), role),
          ]);
        } else {
          await cache.set(roleCacheKey(roleName), role);
        }
      }
      return role as unknown as IRole;
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new RoleConflictError(`Role "${updates.name ?? roleName}" already exists`);
      }
      const updateError = new Error(`Failed to update role: ${(error as Error).message}`) as Error & {
        cause?: unknown;
      };
      updateError.cause = error;
      throw updateError;
    }
  };

  /** Rejects names that match system roles. */
  const createRoleByName: RoleMethods['createRoleByName'] = async (roleData) => {
    const { name } = roleData;
    if (!name || typeof name !== 'string' || !name.trim()) throw new Error('Role name is required');
    const trimmed = name.trim();
    if (isSystemRoleName(trimmed)) {
      throw new RoleConflictError(`Cannot create role with reserved system name: ${name}`);
    }
    const existing = await roles.findOne({ name: trimmed });
    if (existing) throw new RoleConflictError(`Role "${trimmed}" already exists`);
    let role: { name: string; toObject(): unknown };
    try {
      role = await roles.create({ ...roleData, name: trimmed });
    } catch (err) {
      // The unique (name, tenantId) index: a concurrent request raced past the check above.
      if (isDuplicateKey(err)) throw new RoleConflictError(`Role "${trimmed}" already exists`);
      throw err;
    }
    try {
      const cache = rolesCache(ctx.deps);
      if (cache) await cache.set(roleCacheKey(role.name), role.toObject());
    } catch (cacheError) {
      logger.error(`[createRoleByName] cache set failed for "${role.name}":`, cacheError);
    }
    return role.toObject() as IRole;
  };

  /** Reassigns the role's users to USER, then deletes it; idempotent (null when there was none). */
  const deleteRoleByName: RoleMethods['deleteRoleByName'] = async (roleName) => {
    if (isSystemRoleName(roleName)) throw new Error(`Cannot delete system role: ${roleName}`);
    const affectedUserIds = await roleUsers.findUserIdsByRole(roleName);
    await users.updateMany({ role: roleName }, { $set: { role: SystemRoles.USER } });
    await roleUsers.invalidateAuthUserDocCache(affectedUserIds);
    const deleted = await roles.findOneAndDelete({ name: roleName });
    try {
      const cache = rolesCache(ctx.deps);
      // null evicts the stale document; getRoleByName treats a falsy value as a miss.
      if (cache) await cache.set(roleCacheKey(roleName), null);
    } catch (cacheError) {
      logger.error(`[deleteRoleByName] cache invalidation failed for "${roleName}":`, cacheError);
    }
    return deleted as IRole | null;
  };

  return { updateRoleByName, createRoleByName, deleteRoleByName };
}
