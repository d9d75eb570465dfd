/** OpenIDRefreshFlightMethods on PostgreSQL (upstream methods/openidRefreshFlight.ts). */

import type { OpenIDRefreshFlightMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createAcquireFlight } from './acquire.js';
import { createFlightDelivery } from './delivery.js';
import { createFlightLifecycle } from './lifecycle.js';
import { createRevokeFlight } from './revoke.js';

export function createOpenIDRefreshFlightMethods(ctx: PgContext): OpenIDRefreshFlightMethods {
  return {
    acquireOpenIDRefreshFlight: createAcquireFlight(ctx),
    revokeOpenIDRefreshFlight: createRevokeFlight(ctx),
    ...createFlightLifecycle(ctx),
    ...createFlightDelivery(ctx),
  };
}
