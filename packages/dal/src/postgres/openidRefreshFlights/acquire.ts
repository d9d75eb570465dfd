/**
 * acquireOpenIDRefreshFlight: the first caller for a key creates a pending flight (unique key);
 * later callers take it over only when it failed, expired or its lock lapsed — one atomic
 * compare-and-set — and otherwise get the live flight with `acquired: false`.
 */

import type { OpenIDRefreshFlightMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createBound } from '../store/boundDocument.js';
import { isDuplicateKeyError } from './shared.js';

export function createAcquireFlight({
  collections,
}: PgContext): OpenIDRefreshFlightMethods['acquireOpenIDRefreshFlight'] {
  const flights = collections.openidrefreshflights;

  return async (data) => {
    const now = new Date();
    try {
      const flight = await createBound(flights, {
        ...data,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
      return { acquired: true, flight };
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        logger.debug('[acquireOpenIDRefreshFlight] Error creating flight:', error);
        throw error;
      }
    }

    try {
      const reclaimed = await flights.findOneAndUpdateLean(
        {
          key: data.key,
          $or: [
            { status: 'failed' },
            { expiresAt: { $lte: now } },
            { status: 'pending', lockExpiresAt: { $lte: now } },
          ],
        },
        {
          $set: {
            ownerId: data.ownerId,
            status: 'pending',
            createdAt: now,
            lockExpiresAt: data.lockExpiresAt,
            expiresAt: data.expiresAt,
            updatedAt: now,
          },
          $unset: {
            encryptedResult: '',
            errorMessage: '',
            deliveryId: '',
            deliveryExpiresAt: '',
            revocationRequestedAt: '',
          },
        },
        { new: true },
      );
      if (reclaimed) return { acquired: true, flight: reclaimed as never };

      const existing = await flights.findOne({ key: data.key, expiresAt: { $gt: now } });
      return { acquired: false, flight: existing as never };
    } catch (error) {
      logger.debug('[acquireOpenIDRefreshFlight] Error acquiring flight:', error);
      throw error;
    }
  };
}
