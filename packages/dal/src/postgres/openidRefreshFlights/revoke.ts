/**
 * revokeOpenIDRefreshFlight (logout): marks the key's flight revoked unless a delivery is in
 * progress; then it asks the deliverer to revoke on release and waits (polls every 100 ms, as
 * upstream). With no flight at all it creates a revoked one, so a refresh started later sees it.
 */

import { setTimeout as delay } from 'node:timers/promises';
import type { OpenIDRefreshFlightMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createBound } from '../store/boundDocument.js';
import { deliveryFreeClause, isDuplicateKeyError, REVOKED_MESSAGE, revokedUpdate } from './shared.js';

const DELIVERY_RELEASE_POLL_MS = 100;

export function createRevokeFlight({
  collections,
}: PgContext): OpenIDRefreshFlightMethods['revokeOpenIDRefreshFlight'] {
  const flights = collections.openidrefreshflights;

  return async (data) => {
    const now = new Date();
    try {
      for (;;) {
        const revoked = await flights.findOneAndUpdateLean(
          { key: data.key, $or: deliveryFreeClause() },
          revokedUpdate({ lockExpiresAt: data.expiresAt, expiresAt: data.expiresAt }),
          { new: true },
        );
        if (revoked) return revoked as never;

        const delivering = await flights.findOneAndUpdateLean(
          {
            key: data.key,
            status: 'completed',
            deliveryId: { $exists: true },
            deliveryExpiresAt: { $gt: new Date() },
          },
          { $set: { revocationRequestedAt: new Date(), expiresAt: data.expiresAt, updatedAt: new Date() } },
          { new: true },
        );
        if (delivering) {
          await delay(DELIVERY_RELEASE_POLL_MS);
          continue;
        }

        try {
          return await createBound(flights, {
            key: data.key,
            ownerId: 'revoked',
            status: 'revoked',
            errorMessage: REVOKED_MESSAGE,
            lockExpiresAt: data.expiresAt,
            expiresAt: data.expiresAt,
            createdAt: now,
            updatedAt: now,
          });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
    } catch (error) {
      logger.debug('[revokeOpenIDRefreshFlight] Error revoking flight:', error);
      throw error;
    }
  };
}
