/**
 * claimOpenIDRefreshFlightDelivery and releaseOpenIDRefreshFlightDelivery: the owner of a
 * completed flight claims the right to deliver its result (one claim at a time, a lapsed one
 * can be taken over) and releases it; a logout that arrived during delivery turns the release
 * into a revocation.
 */

import type { OpenIDRefreshFlightMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { deliveryFreeClause, isDuplicateKeyError, revokedUpdate } from './shared.js';

type Delivery = Pick<
  OpenIDRefreshFlightMethods,
  'claimOpenIDRefreshFlightDelivery' | 'releaseOpenIDRefreshFlightDelivery'
>;

export function createFlightDelivery({ collections }: PgContext): Delivery {
  const flights = collections.openidrefreshflights;

  /** With `createdAt`, a missing flight is created already claimed (upsert); a concurrent creator wins. */
  const claimOpenIDRefreshFlightDelivery: Delivery['claimOpenIDRefreshFlightDelivery'] = async (data) => {
    try {
      try {
        return (await flights.findOneAndUpdateLean(
          {
            key: data.key,
            ownerId: data.ownerId,
            status: 'completed',
            revocationRequestedAt: { $exists: false },
            $or: deliveryFreeClause(),
          },
          {
            $set: {
              deliveryId: data.deliveryId,
              deliveryExpiresAt: data.deliveryExpiresAt,
              updatedAt: new Date(),
            },
            $max: { expiresAt: data.deliveryExpiresAt },
            ...(data.createdAt
              ? { $setOnInsert: { createdAt: data.createdAt, lockExpiresAt: data.deliveryExpiresAt } }
              : {}),
          },
          { new: true, upsert: Boolean(data.createdAt) },
        )) as never;
      } catch (error) {
        if (isDuplicateKeyError(error)) return null;
        throw error;
      }
    } catch (error) {
      logger.debug('[claimOpenIDRefreshFlightDelivery] Error claiming delivery:', error);
      throw error;
    }
  };

  const releaseOpenIDRefreshFlightDelivery: Delivery['releaseOpenIDRefreshFlightDelivery'] = async (data) => {
    const delivery = {
      key: data.key,
      ownerId: data.ownerId,
      deliveryId: data.deliveryId,
      status: 'completed',
    };
    try {
      const revoked = await flights.findOneAndUpdateLean(
        { ...delivery, revocationRequestedAt: { $exists: true } },
        revokedUpdate(),
        { new: true },
      );
      if (revoked) return revoked as never;

      // A claim created by upsert never got a result: it goes away entirely.
      const synthetic = await flights.findOneAndDelete({
        ...delivery,
        encryptedResult: { $exists: false },
        revocationRequestedAt: { $exists: false },
      });
      if (synthetic) return null;

      const completed = await flights.findOneAndUpdateLean(
        { ...delivery, encryptedResult: { $exists: true }, revocationRequestedAt: { $exists: false } },
        { $set: { updatedAt: new Date() }, $unset: { deliveryId: '', deliveryExpiresAt: '' } },
        { new: true },
      );
      if (completed) return completed as never;

      return (await flights.findOneAndUpdateLean(
        { ...delivery, revocationRequestedAt: { $exists: true } },
        revokedUpdate(),
        { new: true },
      )) as never;
    } catch (error) {
      logger.debug('[releaseOpenIDRefreshFlightDelivery] Error releasing delivery:', error);
      throw error;
    }
  };

  return { claimOpenIDRefreshFlightDelivery, releaseOpenIDRefreshFlightDelivery };
}
