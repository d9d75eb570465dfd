/**
 * completeOpenIDRefreshFlight, renewOpenIDRefreshFlight, failOpenIDRefreshFlight (only the
 * owner of a pending flight) and findOpenIDRefreshFlight (unexpired flights only).
 */

import type { OpenIDRefreshFlightMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

type Lifecycle = Pick<
  OpenIDRefreshFlightMethods,
  | 'completeOpenIDRefreshFlight'
  | 'renewOpenIDRefreshFlight'
  | 'failOpenIDRefreshFlight'
  | 'findOpenIDRefreshFlight'
>;

export function createFlightLifecycle({ collections }: PgContext): Lifecycle {
  const flights = collections.openidrefreshflights;
  const ownedPending = (data: { key: string; ownerId: string }) => ({
    key: data.key,
    ownerId: data.ownerId,
    status: 'pending',
  });

  const completeOpenIDRefreshFlight: Lifecycle['completeOpenIDRefreshFlight'] = async (data) => {
    try {
      return (await flights.findOneAndUpdateLean(
        ownedPending(data),
        {
          $set: {
            status: 'completed',
            encryptedResult: data.encryptedResult,
            expiresAt: data.expiresAt,
            updatedAt: new Date(),
          },
          $unset: { errorMessage: '', deliveryId: '', deliveryExpiresAt: '', revocationRequestedAt: '' },
        },
        { new: true },
      )) as never;
    } catch (error) {
      logger.debug('[completeOpenIDRefreshFlight] Error completing flight:', error);
      throw error;
    }
  };

  const renewOpenIDRefreshFlight: Lifecycle['renewOpenIDRefreshFlight'] = async (data) => {
    try {
      return (await flights.findOneAndUpdateLean(
        ownedPending(data),
        { $set: { lockExpiresAt: data.lockExpiresAt, expiresAt: data.expiresAt, updatedAt: new Date() } },
        { new: true },
      )) as never;
    } catch (error) {
      logger.debug('[renewOpenIDRefreshFlight] Error renewing flight:', error);
      throw error;
    }
  };

  const failOpenIDRefreshFlight: Lifecycle['failOpenIDRefreshFlight'] = async (data) => {
    try {
      return (await flights.findOneAndUpdateLean(
        ownedPending(data),
        {
          $set: {
            status: 'failed',
            errorMessage: data.errorMessage,
            expiresAt: data.expiresAt,
            updatedAt: new Date(),
          },
          $unset: { encryptedResult: '', deliveryId: '', deliveryExpiresAt: '', revocationRequestedAt: '' },
        },
        { new: true },
      )) as never;
    } catch (error) {
      logger.debug('[failOpenIDRefreshFlight] Error failing flight:', error);
      throw error;
    }
  };

  const findOpenIDRefreshFlight: Lifecycle['findOpenIDRefreshFlight'] = async (query) => {
    try {
      return (await flights.findOne({ key: query.key, expiresAt: { $gt: new Date() } })) as never;
    } catch (error) {
      logger.debug('[findOpenIDRefreshFlight] Error finding flight:', error);
      throw error;
    }
  };

  return {
    completeOpenIDRefreshFlight,
    renewOpenIDRefreshFlight,
    failOpenIDRefreshFlight,
    findOpenIDRefreshFlight,
  };
}
