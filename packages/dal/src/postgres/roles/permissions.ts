/**
 * updateAccessPermissions and migrateRoleSchema (upstream methods/role.ts): permission writes that
 * replace the whole `permissions` object, migrating legacy top-level blocks and SHARED_GLOBAL.
 */
import type { IRole, RoleMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { permissionsSchema, removeNullishValues } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { roleCacheKey, rolesCache } from './cache.js';

export type RolePermissionMethods = Pick<RoleMethods, 'updateAccessPermissions' | 'migrateRoleSchema'>;

type Perms = Record<string, Record<string, boolean>>;
type AnyRecord = Record<string, unknown>;

const LEGACY_SHARED_GLOBAL_TYPES = ['PROMPTS', 'AGENTS'];

export function createRolePermissionMethods(
  ctx: PgContext,
  deps: Pick<RoleMethods, 'getRoleByName' | 'updateRoleByName'>,
): RolePermissionMethods {
  const { roles } = ctx.collections;
  const shape = (permissionsSchema.shape ?? {}) as AnyRecord;

  const updateAccessPermissions: RoleMethods['updateAccessPermissions'] = async (
    roleName,
    permissionsUpdate,
    roleData,
  ) => {
    const updates: Perms = {};
    for (const [permissionType, permissions] of Object.entries(permissionsUpdate)) {
      if (shape[permissionType]) {
        updates[permissionType] = removeNullishValues(permissions) as Record<string, boolean>;
      }
    }
    if (!Object.keys(updates).length) return;

    try {
      const role = (roleData ?? (await deps.getRoleByName(roleName))) as unknown as AnyRecord | null;
      if (!role) return;

      const currentPermissions = (role.permissions as Perms) || {};
      const updatedPermissions: Perms = { ...currentPermissions };
      let hasChanges = false;

      const unsetFields: Record<string, number> = {};
      for (const permType of Object.keys(shape)) {
        if (role[permType] && typeof role[permType] === 'object') {
          logger.info(`Migrating '${roleName}' role from old schema: found '${permType}' at top level`);
          updatedPermissions[permType] = {
            ...updatedPermissions[permType],
            ...(role[permType] as Record<string, boolean>),
          };
          unsetFields[permType] = 1;
          hasChanges = true;
        }
      }

      // Legacy SHARED_GLOBAL → SHARE (PR #11283), unless the caller gives SHARE explicitly.
      for (const legacyPermType of LEGACY_SHARED_GLOBAL_TYPES) {
        const existingTypePerms = currentPermissions[legacyPermType];
        const typeUpdates = updates[legacyPermType];
        if (
          existingTypePerms &&
          'SHARED_GLOBAL' in existingTypePerms &&
          !('SHARE' in existingTypePerms) &&
          typeUpdates &&
          !('SHARE' in typeUpdates)
        ) {
          const inheritedValue = existingTypePerms.SHARED_GLOBAL as boolean;
          typeUpdates.SHARE = inheritedValue;
          logger.info(
            `Migrating '${roleName}' role ${legacyPermType}.SHARED_GLOBAL=${inheritedValue} → SHARE`,
          );
        }
      }

      for (const [permissionType, permissions] of Object.entries(updates)) {
        const currentTypePermissions = currentPermissions[permissionType] || {};
        const next: Record<string, boolean> = { ...currentTypePermissions };
        updatedPermissions[permissionType] = next;
        for (const [permission, value] of Object.entries(permissions)) {
          if (currentTypePermissions[permission] !== value) {
            next[permission] = value;
            hasChanges = true;
            logger.info(
              `Updating '${roleName}' role permission '${permissionType}' '${permission}' from ${currentTypePermissions[permission]} to: ${value}`,
            );
          }
        }
      }

      // Orphaned SHARED_GLOBAL: the whole permissions object is $set, so dropping it here removes it.
      for (const legacyPermType of LEGACY_SHARED_GLOBAL_TYPES) {
        const existingTypePerms = currentPermissions[legacyPermType];
        if (existingTypePerms && 'SHARED_GLOBAL' in existingTypePerms) {
          if (!updates[legacyPermType]) {
            const copy: Record<string, boolean> = { ...existingTypePerms };
            updatedPermissions[legacyPermType] = copy;
            if (!('SHARE' in existingTypePerms)) {
              copy.SHARE = existingTypePerms.SHARED_GLOBAL as boolean;
              logger.info(
                `Migrating '${roleName}' role ${legacyPermType}.SHARED_GLOBAL=${existingTypePerms.SHARED_GLOBAL} → SHARE`,
              );
            }
          }
          delete (updatedPermissions[legacyPermType] as AnyRecord).SHARED_GLOBAL;
          hasChanges = true;
          logger.info(
            `Removed legacy SHARED_GLOBAL field from '${roleName}' role ${legacyPermType} permissions`,
          );
        }
      }

      if (!hasChanges) {
        logger.info(`No changes needed for '${roleName}' role permissions`);
        return;
      }
      const updateObj = { permissions: updatedPermissions };
      if (Object.keys(unsetFields).length > 0) {
        logger.info(
          `Unsetting old schema fields for '${roleName}' role: ${Object.keys(unsetFields).join(', ')}`,
        );
        try {
          await roles.updateOne({ name: roleName }, { $set: updateObj, $unset: unsetFields });
          const cache = rolesCache(ctx.deps);
          const updatedRole = await roles.findOne({ name: roleName }, { select: '-__v' });
          if (cache) await cache.set(roleCacheKey(roleName), updatedRole);
          logger.info(`Updated role '${roleName}' and removed old schema fields`);
        } catch (updateError) {
          logger.error(`Error during role migration update: ${(updateError as Error).message}`);
          throw updateError;
        }
      } else {
        await deps.updateRoleByName(roleName, updateObj as unknown as Partial<IRole>);
      }
      logger.info(`Updated '${roleName}' role permissions`);
    } catch (error) {
      logger.error(`Failed to update ${roleName} role permissions:`, error);
    }
  };

  /**
   * Moves top-level permission blocks into `permissions`. Upstream reads hydrated documents, on
   * which off-schema top-level fields are not properties, so the same is done here.
   */
  const migrateRoleSchema: RoleMethods['migrateRoleSchema'] = async (roleName) => {
    try {
      const Role = roles.model;
      let found: AnyRecord[];
      if (roleName) {
        const raw = await roles.findRaw({ name: roleName }, { limit: 1 });
        found = raw.map((r) => Role.hydrate(r) as unknown as AnyRecord);
      } else {
        found = (await roles.findRaw({})).map((r) => Role.hydrate(r) as unknown as AnyRecord);
      }
      logger.info(`Migrating ${found.length} roles to new schema structure`);
      let migratedCount = 0;
      for (const role of found) {
        const unsetFields: Record<string, number> = {};
        let hasOldSchema = false;
        for (const permType of Object.keys(shape)) {
          if (role[permType] && typeof role[permType] === 'object') {
            hasOldSchema = true;
            role.permissions = (role.permissions as AnyRecord) || {};
            (role.permissions as AnyRecord)[permType] = {
              ...((role.permissions as AnyRecord)[permType] as AnyRecord),
              ...(role[permType] as AnyRecord),
            };
            unsetFields[permType] = 1;
          }
        }
        if (!hasOldSchema) continue;
        try {
          logger.info(`Migrating role '${role.name}' from old schema structure`);
          await roles.updateOne(
            { _id: role._id },
            { $set: { permissions: role.permissions }, $unset: unsetFields },
          );
          const cache = rolesCache(ctx.deps);
          if (cache) {
            const updatedRole = await roles.findOne({ _id: role._id });
            await cache.set(roleCacheKey(role.name as string), updatedRole);
          }
          migratedCount++;
          logger.info(`Migrated role '${role.name}'`);
        } catch (error) {
          logger.error(`Failed to migrate role '${role.name}': ${(error as Error).message}`);
        }
      }
      logger.info(`Migration complete: ${migratedCount} roles migrated`);
      return migratedCount;
    } catch (error) {
      logger.error(`Role schema migration failed: ${(error as Error).message}`);
      throw error;
    }
  };

  return { updateAccessPermissions, migrateRoleSchema };
}
