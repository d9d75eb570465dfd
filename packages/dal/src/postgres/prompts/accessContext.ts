/**
 * getPromptGroupAccessContext and invalidatePromptGroupAccessContext (upstream methods/prompt.ts):
 * the three prompt-group ID sets the list endpoints share (ACL-accessible, public, owned), cached
 * in the PROMPT_GROUPS_ACCESS namespace of `deps.getCache` exactly as upstream does — keys carry
 * the tenant's generation marker, concurrent same-process misses share one build, invalidation
 * marks in-flight builds stale and bumps the marker, and a marker that cannot be read or replaced
 * makes reads bypass the cache. Without a cache every call rebuilds from the database.
 */
import { randomUUID } from 'node:crypto';
import type { CacheStore, PromptMethods } from '@librechat/data-schemas';
import { isValidObjectIdString, logger, scopedCacheKey } from '@librechat/data-schemas';
import { CacheKeys, PermissionBits, ResourceType, Time } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import type { PromptAclDeps } from './deps.js';

/** In-flight access ID builds, so concurrent same-process misses share one resolution. */
const pendingAccessLookups = new Map<
  string,
  { generationKey: string; promise: Promise<string[]>; markStale: () => void }
>();
/** Tenant generation markers whose failed invalidation makes cache reads unsafe. */
const bypassedAccessGenerationKeys = new Set<string>();

const ACCESS_GENERATION_KEY = 'access:generation';

function isCachedIdArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string' && isValidObjectIdString(id));
}

/** The tenant's generation marker; undefined when it cannot be read (callers bypass the cache). */
async function readAccessGeneration(cache: CacheStore): Promise<string | undefined> {
  const generationKey = scopedCacheKey(ACCESS_GENERATION_KEY);
  if (bypassedAccessGenerationKeys.has(generationKey)) {
    return undefined;
  }
  try {
    const value = await cache.get(generationKey);
    if (typeof value === 'string' && value.length > 0) {
      return value;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value.toString();
    }
    const initialized = randomUUID();
    await cache.set(generationKey, initialized, Time.ONE_DAY);
    return initialized;
  } catch {
    return undefined;
  }
}

type AccessMethods = Pick<
  PromptMethods,
  'getPromptGroupAccessContext' | 'invalidatePromptGroupAccessContext'
>;

export function createPromptAccessContext(
  ctx: PgContext,
  acl: PromptAclDeps,
  getOwnedPromptGroupIds: PromptMethods['getOwnedPromptGroupIds'],
): AccessMethods {
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;
  const getCache = () => ctx.deps.getCache?.(CacheKeys.PROMPT_GROUPS_ACCESS);

  async function resolveCachedIds(
    cacheKey: string,
    generationKey: string,
    build: () => Promise<Types.ObjectId[]>,
  ): Promise<Types.ObjectId[]> {
    const cache = getCache();
    if (!cache) {
      return build();
    }
    try {
      const cached = await cache.get(cacheKey);
      if (isCachedIdArray(cached)) {
        return cached.map((id) => new ObjectId(id));
      }
    } catch {
      /** Cache failures must not block access resolution. */
    }
    const pending = pendingAccessLookups.get(cacheKey);
    if (pending) {
      const ids = await pending.promise;
      return ids.map((id) => new ObjectId(id));
    }
    let stale = false;
    const lookup = (async () => {
      const ids = await build();
      if (!stale) {
        try {
          await cache.set(
            cacheKey,
            ids.map((id) => id.toString()),
          );
        } catch {
          /** Cache write failures only cost a rebuild on the next request. */
        }
      }
      return ids.map((id) => id.toString());
    })();
    pendingAccessLookups.set(cacheKey, {
      generationKey,
      promise: lookup,
      markStale: () => {
        stale = true;
      },
    });
    try {
      const ids = await lookup;
      return ids.map((id) => new ObjectId(id));
    } finally {
      if (pendingAccessLookups.get(cacheKey)?.promise === lookup) {
        pendingAccessLookups.delete(cacheKey);
      }
    }
  }

  const getPromptGroupAccessContext: AccessMethods['getPromptGroupAccessContext'] = async ({
    userId,
    role,
  }) => {
    const cache = getCache();
    const generationKey = scopedCacheKey(ACCESS_GENERATION_KEY);
    const generation = cache ? await readAccessGeneration(cache) : '0';
    const buildAccessible = async (): Promise<Types.ObjectId[]> => {
      const principalsList = await acl.getUserPrincipals({ userId, role });
      if (principalsList.length === 0) {
        return [];
      }
      return acl.findAccessibleResources(
        principalsList,
        ResourceType.PROMPTGROUP,
        PermissionBits.VIEW,
        undefined,
        true,
      );
    };
    const buildPublic = () =>
      acl.findPublicResourceIds(ResourceType.PROMPTGROUP, PermissionBits.VIEW, undefined, true);
    const buildOwned = () => getOwnedPromptGroupIds(userId, true);

    if (generation === undefined) {
      /** The marker could not be read; guessing a generation could serve an orphaned entry. */
      const [accessibleIds, publiclyAccessibleIds, ownedPromptGroupIds] = await Promise.all([
        buildAccessible(),
        buildPublic(),
        buildOwned(),
      ]);
      return { accessibleIds, publiclyAccessibleIds, ownedPromptGroupIds };
    }

    const scopedKey = (key: string) => scopedCacheKey(`access:${generation}:${key}`);
    const accessibleIds = await resolveCachedIds(
      scopedKey(`user:${userId}:${role ?? ''}`),
      generationKey,
      buildAccessible,
    );
    const [publiclyAccessibleIds, ownedPromptGroupIds] = await Promise.all([
      resolveCachedIds(scopedKey('public'), generationKey, buildPublic),
      resolveCachedIds(scopedKey(`owned:${userId}`), generationKey, buildOwned),
    ]);
    return { accessibleIds, publiclyAccessibleIds, ownedPromptGroupIds };
  };

  const invalidatePromptGroupAccessContext: AccessMethods['invalidatePromptGroupAccessContext'] =
    async () => {
      const generationKey = scopedCacheKey(ACCESS_GENERATION_KEY);
      for (const [cacheKey, pending] of pendingAccessLookups) {
        if (pending.generationKey !== generationKey) {
          continue;
        }
        pending.markStale();
        pendingAccessLookups.delete(cacheKey);
      }
      const cache = getCache();
      if (!cache) {
        return;
      }
      let markerRemoved = false;
      if (cache.delete) {
        try {
          const deleteResult = await cache.delete(generationKey);
          markerRemoved = deleteResult !== false;
          if (!markerRemoved) {
            logger.warn('The previous prompt group access generation was not removed');
          }
        } catch (error) {
          logger.warn('Failed to remove the previous prompt group access generation', error);
        }
      }
      try {
        const setResult = await cache.set(generationKey, randomUUID(), Time.ONE_DAY);
        if (setResult === false) {
          throw new Error('Prompt group access generation write failed');
        }
        bypassedAccessGenerationKeys.delete(generationKey);
      } catch (error) {
        if (markerRemoved) {
          bypassedAccessGenerationKeys.delete(generationKey);
          logger.warn('Failed to restore the removed prompt group access generation', error);
          return;
        }
        bypassedAccessGenerationKeys.add(generationKey);
        logger.warn('Failed to invalidate prompt group access cache', error);
        throw error;
      }
    };

  return { getPromptGroupAccessContext, invalidatePromptGroupAccessContext };
}
