/** Invalidates LibreChat's auth-user-doc cache after a user write, exactly as upstream does. */
import { AUTH_USER_DOC_BY_ID_PREFIX, CacheKeys } from 'librechat-data-provider';
import type { CreateMethodsDeps } from '../../contract.js';

export function authUserCacheInvalidator(deps: CreateMethodsDeps): (userId: string) => Promise<void> {
  return async (userId) => {
    if (process.env.AUTH_USER_CACHE_MODE !== 'on') return;
    const cache = deps.getCache?.(CacheKeys.AUTH_USER_DOC);
    if (!cache?.get || !cache?.delete) return;
    try {
      const indexKey = `${AUTH_USER_DOC_BY_ID_PREFIX}:${userId}`;
      const cachedKeys = await cache.get(indexKey);
      if (Array.isArray(cachedKeys)) {
        await Promise.all(
          cachedKeys.map((key) => (typeof key === 'string' ? cache.delete?.(key) : undefined)),
        );
      }
      await cache.delete(indexKey);
    } catch {
      // Cache invalidation must not make a user update fail.
    }
  };
}
