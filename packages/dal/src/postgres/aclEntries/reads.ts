/**
 * ACL reads (upstream methods/aclEntry.ts). Permission checks run as single SQL statements:
 * `bit_or` for effective permissions, `DISTINCT` for accessible resources, `NOT EXISTS` for sole
 * ownership; required bits match through upstream's `permissionBitSupersets` lists, as upstream
 * does. Upstream applies no `expiredAt` filter to ACL reads (the TTL monitor deletes expired
 * grants), so neither do these; the maintenance sweeper plays the TTL monitor's part.
 */
import type { AclEntryMethods, IAclEntry } from '@librechat/data-schemas';
import { permissionBitSupersets } from '@librechat/data-schemas';
import { PermissionBits, PrincipalType } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import { Params } from '../../filters/params.js';
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';
import type { Filter } from '../store/collection.js';
import { rowToDoc, selectList } from '../store/rows.js';
import { fromColumn } from '../store/values.js';
import { type Principal, principalIdEquals, principalsCondition } from './principals.js';

type Reads = Pick<
  AclEntryMethods,
  | 'findEntriesByPrincipal'
  | 'findEntriesByResource'
  | 'findEntriesByPrincipalsAndResource'
  | 'hasPermission'
  | 'getEffectivePermissions'
  | 'getEffectivePermissionsForResources'
  | 'findAccessibleResources'
  | 'findPublicResourceIds'
  | 'aggregateAclEntries'
  | 'getSoleOwnedResourceIds'
>;

/** JavaScript's `bits | permBits` over the rows, as a SQL aggregate (int32 like the JS result). */
const BIT_OR = 'bit_or(trunc("perm_bits")::bigint)';

export function createAclReads(ctx: PgContext): Reads {
  const acl = ctx.collections.aclentries;
  const spec = acl.spec;

  /** The rows matching a (mongoose-cast, tenant-scoped) filter and the principals, in `_id` order. */
  async function entries(filter: Filter, principals?: readonly Principal[]): Promise<IAclEntry[]> {
    const params = new Params();
    let where = acl.where(filter, params);
    if (principals) where += ` AND ${principalsCondition(principals, params)}`;
    const { rows } = await ctx.pool.query(
      `SELECT ${selectList(spec)} FROM "${spec.table}" WHERE ${where} ORDER BY "_id" ASC`,
      params.values,
    );
    return rows.map((row) => rowToDoc(spec, row)) as unknown as IAclEntry[];
  }

  /** `query.distinct('resourceId')`: MongoDB returns distinct values in BSON order. */
  async function distinctResourceIds(
    filter: Filter,
    principals?: readonly Principal[],
  ): Promise<Types.ObjectId[]> {
    const params = new Params();
    let where = acl.where(filter, params);
    if (principals) where += ` AND ${principalsCondition(principals, params)}`;
    const { rows } = await ctx.pool.query<{ resource_id: string }>(
      `SELECT DISTINCT "resource_id" FROM "${spec.table}" WHERE ${where} AND "resource_id" IS NOT NULL ORDER BY "resource_id"`,
      params.values,
    );
    return rows.map((r) => fromColumn('objectId', r.resource_id) as Types.ObjectId);
  }

  const findEntriesByPrincipal: Reads['findEntriesByPrincipal'] = async (
    principalType,
    principalId,
    resourceType,
  ) => {
    const params = new Params();
    const filter: Filter = { principalType };
    if (resourceType) filter.resourceType = resourceType;
    const where = `${acl.where(filter, params)} AND ${principalIdEquals(principalId, params)}`;
    const { rows } = await ctx.pool.query(
      `SELECT ${selectList(spec)} FROM "${spec.table}" WHERE ${where} ORDER BY "_id" ASC`,
      params.values,
    );
    return rows.map((row) => rowToDoc(spec, row)) as unknown as IAclEntry[];
  };

  const findEntriesByResource: Reads['findEntriesByResource'] = async (resourceType, resourceId) =>
    (await acl.find({ resourceType, resourceId })) as unknown as IAclEntry[];

  const findEntriesByPrincipalsAndResource: Reads['findEntriesByPrincipalsAndResource'] = async (
    principalsList,
    resourceType,
    resourceId,
  ) => entries({ resourceType, resourceId }, principalsList);

  const hasPermission: Reads['hasPermission'] = async (
    principalsList,
    resourceType,
    resourceId,
    permissionBit,
  ) => {
    const params = new Params();
    const filter = {
      resourceType,
      resourceId,
      permBits: { $in: [...permissionBitSupersets(permissionBit)] },
    };
    const where = `${acl.where(filter, params)} AND ${principalsCondition(principalsList, params)}`;
    const { rows } = await ctx.pool.query(
      `SELECT 1 FROM "${spec.table}" WHERE ${where} LIMIT 1`,
      params.values,
    );
    return rows.length > 0;
  };

  const getEffectivePermissions: Reads['getEffectivePermissions'] = async (
    principalsList,
    resourceType,
    resourceId,
  ) => {
    const params = new Params();
    const where = `${acl.where({ resourceType, resourceId }, params)} AND ${principalsCondition(principalsList, params)}`;
    const { rows } = await ctx.pool.query<{ bits: number | null }>(
      `SELECT ${BIT_OR} AS bits FROM "${spec.table}" WHERE ${where}`,
      params.values,
    );
    return Number(rows[0]?.bits ?? 0) | 0;
  };

  const getEffectivePermissionsForResources: Reads['getEffectivePermissionsForResources'] = async (
    principalsList,
    resourceType,
    resourceIds,
  ) => {
    if (!Array.isArray(resourceIds) || resourceIds.length === 0) return new Map();
    const params = new Params();
    const filter = { resourceType, resourceId: { $in: resourceIds } };
    const where = `${acl.where(filter, params)} AND ${principalsCondition(principalsList, params)}`;
    // Keys in the order upstream's loop first meets each resource (natural order).
    const { rows } = await ctx.pool.query<{ resource_id: string; bits: number | null }>(
      `SELECT "resource_id", ${BIT_OR} AS bits FROM "${spec.table}" WHERE ${where} AND "resource_id" IS NOT NULL
       GROUP BY "resource_id" ORDER BY min("_id")`,
      params.values,
    );
    return new Map(rows.map((r) => [r.resource_id, Number(r.bits ?? 0) | 0]));
  };

  const findAccessibleResources: Reads['findAccessibleResources'] = async (
    principalsList,
    resourceType,
    requiredPermBit,
    resourceIds,
  ) =>
    distinctResourceIds(
      {
        ...(resourceIds !== undefined && { resourceId: { $in: resourceIds } }),
        resourceType,
        permBits: { $in: [...permissionBitSupersets(requiredPermBit)] },
      },
      principalsList,
    );

  const findPublicResourceIds: Reads['findPublicResourceIds'] = async (
    resourceType,
    requiredPermissions,
    resourceIds,
  ) =>
    distinctResourceIds({
      principalType: PrincipalType.PUBLIC,
      ...(resourceIds !== undefined && { resourceId: { $in: resourceIds } }),
      resourceType,
      permBits: { $in: [...permissionBitSupersets(requiredPermissions)] },
    });

  const aggregateAclEntries: Reads['aggregateAclEntries'] = async (pipeline) =>
    aggregate(acl, pipeline as unknown as Record<string, unknown>[], (name) =>
      Object.values(ctx.collections).find((c) => c.spec.collection === name),
    );

  /**
   * Upstream: the user's DELETE-capable entries, then an aggregation `$group`ing the resources
   * another principal can also delete; here one statement (NOT EXISTS), same rows in the same order.
   */
  const getSoleOwnedResourceIds: Reads['getSoleOwnedResourceIds'] = async (userObjectId, resourceTypes) => {
    const types = Array.isArray(resourceTypes) ? resourceTypes : [resourceTypes];
    const deleteSupersets = [...permissionBitSupersets(PermissionBits.DELETE)];
    const params = new Params();
    const owned = acl.where(
      { principalType: PrincipalType.USER, resourceType: { $in: types }, permBits: { $in: deleteSupersets } },
      params,
      'o',
    );
    const other = acl.where(
      { resourceType: { $in: types }, permBits: { $in: deleteSupersets } },
      params,
      'x',
    );
    const ownedBy = principalIdEquals(userObjectId, params, 'o');
    const { rows } = await ctx.pool.query<{ resource_id: string }>(
      `SELECT o."resource_id" FROM "${spec.table}" o
       WHERE ${owned} AND ${ownedBy} AND NOT EXISTS (
         SELECT 1 FROM "${spec.table}" x
         WHERE ${other} AND x."resource_id" = o."resource_id"
           AND (x."principal_id" IS DISTINCT FROM o."principal_id" OR x."principal_type" IS DISTINCT FROM ${params.add(PrincipalType.USER, 'text')})
       )
       ORDER BY o."_id"`,
      params.values,
    );
    return rows.map((r) => fromColumn('objectId', r.resource_id) as Types.ObjectId);
  };

  return {
    findEntriesByPrincipal,
    findEntriesByResource,
    findEntriesByPrincipalsAndResource,
    hasPermission,
    getEffectivePermissions,
    getEffectivePermissionsForResources,
    findAccessibleResources,
    findPublicResourceIds,
    aggregateAclEntries,
    getSoleOwnedResourceIds,
  };
}
