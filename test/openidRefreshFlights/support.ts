/** Flights written straight through the model (no method involved), relative to now. */
import type { Dal } from '@librechat/dal';
import { seed } from '../support/stored.js';

export const MINUTE = 60_000;

export function at(offsetMs: number): Date {
  return new Date(Date.now() + offsetMs);
}

export async function seedFlight(dal: Dal, flight: Record<string, unknown>): Promise<void> {
  await seed(dal, 'OpenIDRefreshFlight', {
    ownerId: 'owner-1',
    status: 'pending',
    lockExpiresAt: at(MINUTE),
    expiresAt: at(5 * MINUTE),
    ...flight,
  });
}
