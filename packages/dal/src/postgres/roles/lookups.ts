/** listRoles, countRoles, getRoleByName (cached; creates missing system roles), findRolesByNames. */
import type { IRole, RoleMethods } from '@librechat/data-schemas';
import { escapeRegExp, getTenantId, runAsSystem, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import { roleDefaults, SystemRoles } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { roleCacheKey, rolesCache } from './cache.js';

export type RoleLookups = Pick<
  RoleMethods,
  'listRoles' | 'countRoles' | 'getRoleByName' | 'findRolesByNames'
>;

const systemRoleValues = new Set<string>(Object.values(SystemRoles));

export function createRoleLookups(ctx: PgContext): RoleLookups {
  const { roles } = ctx.collections;

  const listRoles: RoleMethods['listRoles'] = async (options) =>
    (await roles.find(
      {},
      {
        select: 'name description',
        sort: { name: 1 },
        skip: options?.offset ?? 0,
        limit: options?.limit ?? 50,
      },
    )) as never;

  const countRoles: RoleMethods['countRoles'] = async () => roles.count({});

  const getRoleByName: RoleMethods['getRoleByName'] = async (roleName, fieldsToSelect = null) => {
    const cache = rolesCache(ctx.deps);
    try {
      if (cache) {
        const cachedRole = await cache.get(roleCacheKey(roleName));
        if (cachedRole) return cachedRole as IRole;
      }
      const role = await roles.findOne({ name: roleName }, { select: fieldsToSelect || undefined });
      if (!role && systemRoleValues.has(roleName)) {
        // `new Role(roleDefaults[name]).save()`: the cache holds the document itself, as upstream's does.
        const newRole = await roles.create(roleDefaults[roleName as keyof typeof roleDefaults]);
        if (cache) await cache.set(roleCacheKey(roleName), newRole);
        return newRole.toObject() as IRole;
      }
      if (cache) await cache.set(roleCacheKey(roleName), role);
      return role as unknown as IRole;
    } catch (error) {
      throw new Error(`Failed to retrieve or create role: ${(error as Error).message}`);
    }
  };

  const findRolesByNames: RoleMethods['findRolesByNames'] = async (roleNames, fieldsToSelect = null) => {
    try {
      const uniqueRoleNames = [...new Set(roleNames.map((roleName) => roleName.trim()).filter(Boolean))];
      if (uniqueRoleNames.length === 0) return [];
      const nameFilter = {
        $or: uniqueRoleNames.map((roleName) => ({ name: new RegExp(`^${escapeRegExp(roleName)}$`, 'i') })),
      };
      const runQuery = async (filter: Record<string, unknown>) =>
        (await roles.find(filter, { select: fieldsToSelect || undefined })) as unknown as IRole[];
      const tenantId = getTenantId();
      if (tenantId && tenantId !== SYSTEM_TENANT_ID) return await runQuery(nameFilter);
      // Base users match base roles only (tenantId unset), looked up outside any tenant scope.
      return await runAsSystem(() => runQuery({ ...nameFilter, tenantId: { $in: [null, undefined] } }));
    } catch (error) {
      throw new Error(`Failed to retrieve roles: ${(error as Error).message}`);
    }
  };

  return { listRoles, countRoles, getRoleByName, findRolesByNames };
}
