/**
 * Group memberships cached per member key in the USER_PRINCIPALS namespace of `deps.getCache`,
 * exactly as upstream (methods/userGroup.ts): per-process dedup of concurrent builds, optional
 * cross-process build lock, stale flags for in-flight builds, delete of both base and
 * tenant-scoped keys, a namespace clear above 1,000 keys or when members cannot be enumerated,
 * and a delayed second eviction on stores shared across processes. Cache failures never block
 * a permission check or a membership write. PostgreSQL writes commit before these run, so there
 * is no transaction to defer them to.
 */
import type { CacheStore } from '@librechat/data-schemas';
import { isValidObjectIdString, scopedCacheKey } from '@librechat/data-schemas';
import { CacheKeys } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';

type PendingGroupLookup = { promise: Promise<Types.ObjectId[]>; markStale: () => void };

/** Same-process dedup of concurrent cache builds, keyed by scoped member cache key. */
const pendingGroupLookups = new Map<string, PendingGroupLookup>();
const GROUP_LOCK_POLL_MS = 50;
/** Above this many member keys, invalidation clears the namespace instead of fanning out deletes. */
const INVALIDATION_CLEAR_THRESHOLD = 1000;
/** Fallback delay for the second invalidation pass when the store sets none. */
const DEFAULT_STALE_EVICTION_DELAY_MS = 3000;

const isCachedGroupId = (value: unknown): value is string =>
  typeof value === 'string' && isValidObjectIdString(value);

export interface MemberCacheHooks {
  /** Called after membership caches are dropped (upstream: prompt-group access invalidation). */
  onMemberGroupsInvalidated?: () => void | Promise<void>;
}

export interface MemberCache {
  /**
   * Group ids whose `memberIds` hold `memberId`, through the cache when one is configured;
   * a caller's session (upstream: session-scoped reads) bypasses the cache.
   */
  getMemberGroupIds(memberId: string, session?: unknown): Promise<Types.ObjectId[]>;
  invalidateMemberGroupsCache(memberIds: Array<string | Types.ObjectId | undefined | null>): Promise<void>;
  clearMemberGroupsCache(): Promise<void>;
}

export function createMemberCache(ctx: PgContext, hooks: MemberCacheHooks = {}): MemberCache {
  const groups = ctx.collections.groups;
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;
  const getPrincipalsCache = (): CacheStore | undefined => ctx.deps.getCache?.(CacheKeys.USER_PRINCIPALS);

  async function queryGroupIds(memberId: string): Promise<Types.ObjectId[]> {
    const rows = await groups.find({ memberIds: memberId }, { select: { _id: 1 } });
    return rows.map((group) => group._id as Types.ObjectId);
  }

  async function readCachedGroupIds(
    cache: CacheStore,
    cacheKey: string,
  ): Promise<Types.ObjectId[] | undefined> {
    try {
      const cached = await cache.get(cacheKey);
      if (Array.isArray(cached) && cached.every(isCachedGroupId)) {
        return cached.map((groupId) => new ObjectId(groupId));
      }
    } catch {
      /** Cache failures must not block permission checks. */
    }
    return undefined;
  }

  async function getMemberGroupIds(memberId: string, session?: unknown): Promise<Types.ObjectId[]> {
    const cache = session ? undefined : getPrincipalsCache();
    if (!cache) return queryGroupIds(memberId);

    const cacheKey = scopedCacheKey(memberId);
    const fastPath = await readCachedGroupIds(cache, cacheKey);
    if (fastPath) return fastPath;

    const pending = pendingGroupLookups.get(cacheKey);
    if (pending) return pending.promise;

    let stale = false;
    const lockKey = `${CacheKeys.USER_PRINCIPALS}_LOCK:${cacheKey}`;
    const lookup = (async (): Promise<Types.ObjectId[]> => {
      let lockToken: string | null | undefined;
      try {
        if (cache.acquireLock) {
          let lockFailed = false;
          try {
            lockToken = await cache.acquireLock(lockKey);
          } catch {
            lockFailed = true;
          }
          if (!lockToken && !lockFailed) {
            const waitUntil = Date.now() + Math.max(cache.lockWaitMs ?? 0, 0);
            while (Date.now() < waitUntil) {
              await new Promise((resolve) => setTimeout(resolve, GROUP_LOCK_POLL_MS));
              const cached = await readCachedGroupIds(cache, cacheKey);
              if (cached) return cached;
              try {
                lockToken = await cache.acquireLock(lockKey);
              } catch {
                break;
              }
              if (lockToken) break;
            }
          }
          if (lockToken) {
            const cached = await readCachedGroupIds(cache, cacheKey);
            if (cached) return cached;
          }
        }

        const groupIds = await queryGroupIds(memberId);
        if (!stale) {
          try {
            await cache.set(
              cacheKey,
              groupIds.map((groupId) => groupId.toString()),
            );
          } catch {
            /** Cache failures must not block permission checks. */
          }
        }
        return groupIds;
      } finally {
        if (lockToken) {
          try {
            await cache.releaseLock?.(lockKey, lockToken);
          } catch {
            /** Lock cleanup failures expire via the lock TTL. */
          }
        }
      }
    })();

    pendingGroupLookups.set(cacheKey, {
      promise: lookup,
      markStale: () => {
        stale = true;
      },
    });
    try {
      return await lookup;
    } finally {
      if (pendingGroupLookups.get(cacheKey)?.promise === lookup) pendingGroupLookups.delete(cacheKey);
    }
  }

  async function dropMemberKeys(cache: CacheStore, cacheKeys: Set<string>): Promise<void> {
    for (const cacheKey of cacheKeys) {
      const pending = pendingGroupLookups.get(cacheKey);
      if (pending) {
        pending.markStale();
        pendingGroupLookups.delete(cacheKey);
      }
    }
    try {
      await Promise.all([...cacheKeys].map((cacheKey) => cache.delete?.(cacheKey)));
    } catch {
      /** Cache failures must not block membership updates. */
    }
  }

  function scheduleSecondInvalidation(cache: CacheStore, secondPass: () => Promise<void>): void {
    if (!cache.crossProcess) return;
    const graceMs = Math.max(cache.staleEvictionDelayMs ?? DEFAULT_STALE_EVICTION_DELAY_MS, 0);
    const timer = setTimeout(() => {
      secondPass().catch(() => undefined);
    }, graceMs);
    timer.unref?.();
  }

  const notifyMemberGroupsInvalidated = async (): Promise<void> => {
    try {
      await hooks.onMemberGroupsInvalidated?.();
    } catch {
      /** Dependent cache invalidation must not block membership updates. */
    }
  };

  async function clearMemberGroupsCache(): Promise<void> {
    const cache = getPrincipalsCache();
    if (!cache?.clear) {
      await notifyMemberGroupsInvalidated();
      return;
    }
    const clearAll = async (): Promise<void> => {
      for (const pending of pendingGroupLookups.values()) pending.markStale();
      pendingGroupLookups.clear();
      try {
        await cache.clear?.();
      } catch {
        /** Cache failures must not block membership updates. */
      }
      await notifyMemberGroupsInvalidated();
    };
    await clearAll();
    scheduleSecondInvalidation(cache, clearAll);
  }

  async function invalidateMemberGroupsCache(
    memberIds: Array<string | Types.ObjectId | undefined | null>,
  ): Promise<void> {
    const cache = getPrincipalsCache();
    if (!cache?.delete) {
      await notifyMemberGroupsInvalidated();
      return;
    }
    const cacheKeys = new Set<string>();
    for (const memberId of memberIds) {
      if (!memberId) continue;
      const baseKey = memberId.toString();
      cacheKeys.add(baseKey);
      cacheKeys.add(scopedCacheKey(baseKey));
    }
    if (cacheKeys.size === 0) return;
    if (cacheKeys.size > INVALIDATION_CLEAR_THRESHOLD && cache.clear) return clearMemberGroupsCache();
    const evict = async (): Promise<void> => {
      await dropMemberKeys(cache, cacheKeys);
      await notifyMemberGroupsInvalidated();
    };
    await evict();
    scheduleSecondInvalidation(cache, evict);
  }

  return { getMemberGroupIds, invalidateMemberGroupsCache, clearMemberGroupsCache };
}
