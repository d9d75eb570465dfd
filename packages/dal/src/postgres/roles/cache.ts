/** The ROLES cache as upstream uses it: deps.getCache(CacheKeys.ROLES), keys scoped to the tenant. */
import type { CacheStore } from '@librechat/data-schemas';
import { scopedCacheKey } from '@librechat/data-schemas';
import { CacheKeys } from 'librechat-data-provider';
import type { CreateMethodsDeps } from '../../contract.js';

export type RoleCache = CacheStore | undefined;

/** The store (asked anew on every call, as upstream does), or undefined when none is configured. */
export function rolesCache(deps: CreateMethodsDeps): RoleCache {
  return deps.getCache?.(CacheKeys.ROLES);
}

/** `scopedCacheKey(roleName)`: the name, suffixed `:<tenantId>` inside a tenant. */
export const roleCacheKey = (roleName: string): string => scopedCacheKey(roleName);
