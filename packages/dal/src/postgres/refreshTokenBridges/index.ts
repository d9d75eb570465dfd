/**
 * RefreshTokenBridgeMethods on PostgreSQL (upstream methods/refreshTokenBridge.ts): an old
 * refresh token's hash → the encrypted new one, per user and tenant (a missing tenantId is its
 * own scope). Readers ignore expired bridges; the sweeper deletes them, as the TTL index does.
 */

import type { RefreshTokenBridgeMethods, RefreshTokenBridgeQuery } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

function bridgeFilter({
  oldRefreshTokenHash,
  userId,
  tenantId,
}: RefreshTokenBridgeQuery): Record<string, unknown> {
  return { oldRefreshTokenHash, userId, tenantId: tenantId ?? { $exists: false } };
}

export function createRefreshTokenBridgeMethods({ collections }: PgContext): RefreshTokenBridgeMethods {
  const bridges = collections.refreshtokenbridges;

  /** One bridge per (old hash, user, tenant): a second store replaces the new token, version and expiry. */
  const upsertRefreshTokenBridge: RefreshTokenBridgeMethods['upsertRefreshTokenBridge'] = async (
    bridgeData,
  ) => {
    try {
      const update: Record<string, unknown> = {
        $set: {
          encryptedNewRefreshToken: bridgeData.encryptedNewRefreshToken,
          version: bridgeData.version,
          expiresAt: bridgeData.expiresAt,
          ...(bridgeData.openidIssuer != null && { openidIssuer: bridgeData.openidIssuer }),
        },
        $setOnInsert: {
          oldRefreshTokenHash: bridgeData.oldRefreshTokenHash,
          userId: bridgeData.userId,
          ...(bridgeData.tenantId != null && { tenantId: bridgeData.tenantId }),
          createdAt: new Date(),
        },
        ...(bridgeData.openidIssuer == null && { $unset: { openidIssuer: '' } }),
      };
      return (await bridges.findOneAndUpdateLean(bridgeFilter(bridgeData), update, {
        upsert: true,
        new: true,
      })) as never;
    } catch (error) {
      logger.debug('[upsertRefreshTokenBridge] Error storing bridge:', error);
      throw error;
    }
  };

  const findRefreshTokenBridge: RefreshTokenBridgeMethods['findRefreshTokenBridge'] = async (query) => {
    try {
      return (await bridges.findOne({ ...bridgeFilter(query), expiresAt: { $gt: new Date() } })) as never;
    } catch (error) {
      logger.debug('[findRefreshTokenBridge] Error finding bridge:', error);
      throw error;
    }
  };

  const deleteRefreshTokenBridges: RefreshTokenBridgeMethods['deleteRefreshTokenBridges'] = async (data) => {
    try {
      return await bridges.deleteMany({
        ...(data.oldRefreshTokenHashes && { oldRefreshTokenHash: { $in: data.oldRefreshTokenHashes } }),
        ...(data.version && { version: data.version }),
        userId: data.userId,
        tenantId: data.tenantId ?? { $exists: false },
      });
    } catch (error) {
      logger.debug('[deleteRefreshTokenBridges] Error deleting bridges:', error);
      throw error;
    }
  };

  return { upsertRefreshTokenBridge, findRefreshTokenBridge, deleteRefreshTokenBridges };
}
