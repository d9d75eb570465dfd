/** AccessRoleMethods on PostgreSQL (upstream methods/accessRole.ts): the ACL roles and their bits. */
import type { AccessRoleMethods, IAccessRole } from '@librechat/data-schemas';
import { getTenantId, runAsSystem, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { DEFAULT_ACCESS_ROLES } from './defaultRoles.js';

export function createAccessRoleMethods(ctx: PgContext): AccessRoleMethods {
  const { accessroles } = ctx.collections;

  /** True inside a tenant's own context; false with no context or a system one. */
  function inTenantScope(): boolean {
    const tenantId = getTenantId();
    return tenantId != null && tenantId !== SYSTEM_TENANT_ID;
  }

  /**
   * Every access role visible inside the active tenant: the global defaults with the tenant's own
   * copies substituted by accessRoleId (merged first, selected after, as upstream).
   */
  async function visibleTenantRoles(): Promise<IAccessRole[]> {
    const tenantId = getTenantId();
    const found = (await runAsSystem(() =>
      accessroles.find({ tenantId: { $in: [tenantId, null] } }),
    )) as unknown as IAccessRole[];
    const rolesById = new Map<string, IAccessRole>();
    for (const role of found) {
      const id = String(role.accessRoleId);
      if (role.tenantId === tenantId || !rolesById.has(id)) rolesById.set(id, role);
    }
    return [...rolesById.values()];
  }

  const findRoleById: AccessRoleMethods['findRoleById'] = async (roleId) =>
    (await accessroles.findOne({ _id: roleId })) as IAccessRole | null;

  const findRoleByIdentifier: AccessRoleMethods['findRoleByIdentifier'] = async (accessRoleId) => {
    if (!inTenantScope()) return (await accessroles.findOne({ accessRoleId })) as IAccessRole | null;
    const visible = await visibleTenantRoles();
    return visible.find((role) => String(role.accessRoleId) === String(accessRoleId)) ?? null;
  };

  const findRolesByResourceType: AccessRoleMethods['findRolesByResourceType'] = async (resourceType) => {
    if (!inTenantScope()) return (await accessroles.find({ resourceType })) as unknown as IAccessRole[];
    const visible = await visibleTenantRoles();
    return visible.filter((role) => role.resourceType === resourceType);
  };

  const findRoleByPermissions: AccessRoleMethods['findRoleByPermissions'] = async (
    resourceType,
    permBits,
  ) => {
    if (!inTenantScope()) {
      return (await accessroles.findOne({ resourceType, permBits })) as IAccessRole | null;
    }
    const visible = await findRolesByResourceType(resourceType);
    return visible.find((role) => role.permBits === permBits) ?? null;
  };

  /** `AccessRole.create(data)`: the saved mongoose document. */
  const createRole: AccessRoleMethods['createRole'] = async (roleData) =>
    (await accessroles.create(roleData as Record<string, unknown>)) as IAccessRole;

  const updateRole: AccessRoleMethods['updateRole'] = async (accessRoleId, updateData) =>
    (await accessroles.findOneAndUpdateLean(
      { accessRoleId },
      { $set: updateData },
      { new: true },
    )) as IAccessRole | null;

  const deleteRole: AccessRoleMethods['deleteRole'] = async (accessRoleId) =>
    accessroles.deleteOne({ accessRoleId });

  const getAllRoles: AccessRoleMethods['getAllRoles'] = async () =>
    (await accessroles.find({})) as unknown as IAccessRole[];

  /** Upserts each default role with $setOnInsert: existing roles (and edits to them) are kept. */
  const seedDefaultRoles: AccessRoleMethods['seedDefaultRoles'] = async () => {
    const result: Record<string, IAccessRole> = {};
    for (const role of DEFAULT_ACCESS_ROLES) {
      const upserted = await accessroles.findOneAndUpdateLean(
        { accessRoleId: role.accessRoleId },
        { $setOnInsert: role },
        { upsert: true, new: true },
      );
      if (upserted) result[role.accessRoleId] = upserted as unknown as IAccessRole;
    }
    return result;
  };

  /** The exact role for the bits, else the highest role whose bits are a subset of them. */
  const getRoleForPermissions: AccessRoleMethods['getRoleForPermissions'] = async (
    resourceType,
    permBits,
  ) => {
    const visible = await findRolesByResourceType(resourceType);
    const exactMatch = visible.find((role) => role.permBits === permBits);
    if (exactMatch) return exactMatch;
    return (
      [...visible]
        .sort((a, b) => b.permBits - a.permBits)
        .find((role) => (role.permBits & permBits) === role.permBits) || null
    );
  };

  return {
    createRole,
    updateRole,
    deleteRole,
    getAllRoles,
    findRoleById,
    seedDefaultRoles,
    findRoleByIdentifier,
    getRoleForPermissions,
    findRoleByPermissions,
    findRolesByResourceType,
  };
}
