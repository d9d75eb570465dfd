/** Capability checks and grant listings (upstream methods/systemGrant.ts). */
import type { ISystemGrant, SystemCapability, SystemGrantMethods } from '@librechat/data-schemas';
import { normalizePrincipalId } from '@librechat/data-schemas';
import { PrincipalType } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { getParentCapabilities, reverseImplications } from './capabilityMatches.js';
import { principalConditions, tenantCondition } from './conditions.js';

export type SystemGrantQueries = Pick<
  SystemGrantMethods,
  | 'hasCapabilityForPrincipals'
  | 'hasAnyConfigReadAccess'
  | 'getHeldCapabilities'
  | 'listGrants'
  | 'countGrants'
  | 'getCapabilitiesForPrincipal'
  | 'getCapabilitiesForPrincipals'
>;

const CONFIG_READ_ACCESS_PATTERN = /^(?:read|manage):configs(?::\w+)?$/;
const GRANTS_DEFAULT_LIMIT = 50;
const GRANTS_MAX_LIMIT = 200;

export function createSystemGrantQueries(ctx: PgContext): SystemGrantQueries {
  const { systemgrants } = ctx.collections;

  /** Any broad or section-scoped config read (manage implies read). */
  const hasAnyConfigReadAccess: SystemGrantMethods['hasAnyConfigReadAccess'] = async ({
    principals,
    tenantId,
  }) => {
    const principalsQuery = principalConditions(principals);
    if (!principalsQuery.length) return false;
    const doc = await systemgrants.exists({
      $and: [{ $or: principalsQuery }, { capability: CONFIG_READ_ACCESS_PATTERN }, tenantCondition(tenantId)],
    });
    return doc != null;
  };

  const hasCapabilityForPrincipals: SystemGrantMethods['hasCapabilityForPrincipals'] = async ({
    principals,
    capability,
    tenantId,
  }) => {
    const principalsQuery = principalConditions(principals);
    if (!principalsQuery.length) return false;
    const impliedBy = reverseImplications[capability] ?? [];
    const parents = getParentCapabilities(capability);
    const allMatches = [capability, ...impliedBy, ...parents];
    const doc = await systemgrants.exists({
      $or: principalsQuery,
      capability: allMatches.length > 1 ? { $in: allMatches } : capability,
      ...tenantCondition(tenantId),
    });
    return doc != null;
  };

  /** The subset of `capabilities` any of the principals hold, in one query. */
  const getHeldCapabilities: SystemGrantMethods['getHeldCapabilities'] = async ({
    principals,
    capabilities,
    tenantId,
  }) => {
    const principalsQuery = principalConditions(principals);
    if (!principalsQuery.length || !capabilities.length) return new Set();
    const allCaps = new Set<string>([
      ...capabilities,
      ...capabilities.flatMap((cap) => reverseImplications[cap] ?? []),
      ...capabilities.flatMap(getParentCapabilities),
    ]);
    const docs = await systemgrants.find(
      { $or: principalsQuery, capability: { $in: [...allCaps] }, ...tenantCondition(tenantId) },
      { select: { capability: 1, _id: 0 } },
    );
    const held = new Set<string>(docs.map((d) => d.capability as string));
    const result = new Set<SystemCapability>();
    for (const cap of capabilities) {
      if (held.has(cap)) {
        result.add(cap);
        continue;
      }
      if (reverseImplications[cap]?.some((imp) => held.has(imp))) {
        result.add(cap);
        continue;
      }
      if (getParentCapabilities(cap).some((p) => held.has(p))) result.add(cap);
    }
    return result;
  };

  const grantsFilter = (options?: { tenantId?: string; principalTypes?: PrincipalType[] }) => ({
    ...(options?.principalTypes?.length && { principalType: { $in: options.principalTypes } }),
    ...tenantCondition(options?.tenantId),
  });

  const listGrants: SystemGrantMethods['listGrants'] = async (options) => {
    const limit = Math.min(GRANTS_MAX_LIMIT, Math.max(1, options?.limit ?? GRANTS_DEFAULT_LIMIT));
    return (await systemgrants.find(grantsFilter(options), {
      sort: { principalType: 1, capability: 1 },
      skip: options?.offset ?? 0,
      limit,
    })) as unknown as ISystemGrant[];
  };

  const countGrants: SystemGrantMethods['countGrants'] = async (options) =>
    systemgrants.count(grantsFilter(options));

  const getCapabilitiesForPrincipal: SystemGrantMethods['getCapabilitiesForPrincipal'] = async ({
    principalType,
    principalId,
    tenantId,
  }) =>
    (await systemgrants.find({
      principalType,
      principalId: normalizePrincipalId(principalId, principalType),
      ...tenantCondition(tenantId),
    })) as unknown as ISystemGrant[];

  const getCapabilitiesForPrincipals: SystemGrantMethods['getCapabilitiesForPrincipals'] = async ({
    principals,
    tenantId,
  }) => {
    if (!principals.length) return [];
    // Unlike the checks above, a principal without an id is not dropped (normalizePrincipalId decides).
    const principalsQuery = principals
      .filter((p) => p.principalType !== PrincipalType.PUBLIC)
      .map((p) => ({
        principalType: p.principalType,
        principalId: normalizePrincipalId(p.principalId, p.principalType),
      }));
    if (!principalsQuery.length) return [];
    return (await systemgrants.find({
      $or: principalsQuery,
      ...tenantCondition(tenantId),
    })) as unknown as ISystemGrant[];
  };

  return {
    hasCapabilityForPrincipals,
    hasAnyConfigReadAccess,
    getHeldCapabilities,
    listGrants,
    countGrants,
    getCapabilitiesForPrincipal,
    getCapabilitiesForPrincipals,
  };
}
