/** Upstream's owner scoping and route-key check for file queries (methods/file.ts, not exported). */
import type { Filter } from '../store/collection.js';

export type FileOwnerScope = { userId: string; tenantId?: string | null };

export function assertValidCodeEnvironmentRouteKey(routeKey: string): void {
  if (routeKey.length === 0 || routeKey.includes('.') || routeKey.startsWith('$')) {
    throw new Error(`Invalid code environment route key "${routeKey}"`);
  }
}

export function withOwnerScope<T extends Filter>(filter: T, ownerScope?: FileOwnerScope): T {
  if (!ownerScope) return filter;
  const scoped: Filter = { ...filter, user: ownerScope.userId };
  if (ownerScope.tenantId) scoped.tenantId = ownerScope.tenantId;
  return scoped as T;
}
