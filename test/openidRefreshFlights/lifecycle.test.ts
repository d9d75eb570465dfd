import { differential } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { at, MINUTE, seedFlight } from './support.js';

differential(
  'openidRefreshFlights › complete, renew and fail act only on the owner’s pending flight',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'k-complete', errorMessage: 'stale', deliveryId: 'd0' });
    await seedFlight(dal, { key: 'k-renew' });
    await seedFlight(dal, { key: 'k-fail', encryptedResult: 'stale' });
    await seedFlight(dal, { key: 'k-done', status: 'completed', encryptedResult: 'r' });
    return {
      complete: await methods.completeOpenIDRefreshFlight({
        key: 'k-complete',
        ownerId: 'owner-1',
        encryptedResult: 'enc-tokens',
        expiresAt: at(10 * MINUTE),
      }),
      completeNotOwner: await methods.completeOpenIDRefreshFlight({
        key: 'k-renew',
        ownerId: 'someone-else',
        encryptedResult: 'x',
        expiresAt: at(MINUTE),
      }),
      completeNotPending: await methods.completeOpenIDRefreshFlight({
        key: 'k-done',
        ownerId: 'owner-1',
        encryptedResult: 'x',
        expiresAt: at(MINUTE),
      }),
      renew: await methods.renewOpenIDRefreshFlight({
        key: 'k-renew',
        ownerId: 'owner-1',
        lockExpiresAt: at(2 * MINUTE),
        expiresAt: at(20 * MINUTE),
      }),
      renewMissing: await methods.renewOpenIDRefreshFlight({
        key: 'nope',
        ownerId: 'owner-1',
        lockExpiresAt: at(MINUTE),
        expiresAt: at(MINUTE),
      }),
      fail: await methods.failOpenIDRefreshFlight({
        key: 'k-fail',
        ownerId: 'owner-1',
        errorMessage: 'invalid_grant',
        expiresAt: at(MINUTE),
      }),
      failAgain: await methods.failOpenIDRefreshFlight({
        key: 'k-fail',
        ownerId: 'owner-1',
        errorMessage: 'again',
        expiresAt: at(MINUTE),
      }),
      stored: await stored(dal, 'OpenIDRefreshFlight'),
    };
  },
);

differential(
  'openidRefreshFlights › findOpenIDRefreshFlight returns unexpired flights only',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'live' });
    await seedFlight(dal, { key: 'expired', expiresAt: at(-MINUTE) });
    return {
      live: await methods.findOpenIDRefreshFlight({ key: 'live' }),
      expired: await methods.findOpenIDRefreshFlight({ key: 'expired' }),
      missing: await methods.findOpenIDRefreshFlight({ key: 'missing' }),
    };
  },
);

differential(
  'openidRefreshFlights › claimOpenIDRefreshFlightDelivery: one claim at a time, lapsed claims can be taken',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'done', status: 'completed', encryptedResult: 'r', expiresAt: at(MINUTE) });
    await seedFlight(dal, {
      key: 'lapsed',
      status: 'completed',
      encryptedResult: 'r',
      deliveryId: 'old',
      deliveryExpiresAt: at(-MINUTE),
    });
    await seedFlight(dal, {
      key: 'revoking',
      status: 'completed',
      encryptedResult: 'r',
      revocationRequestedAt: at(0),
    });
    const claim = (key: string, deliveryId: string, extra: Record<string, unknown> = {}) =>
      methods.claimOpenIDRefreshFlightDelivery({
        key,
        ownerId: 'owner-1',
        deliveryId,
        deliveryExpiresAt: at(10 * MINUTE),
        ...extra,
      } as never);
    return {
      first: await claim('done', 'd1'),
      second: await claim('done', 'd2'),
      lapsed: await claim('lapsed', 'd3'),
      revoking: await claim('revoking', 'd4'),
      pending: await claim('missing', 'd5'),
    };
  },
);

differential(
  'openidRefreshFlights › claimOpenIDRefreshFlightDelivery with createdAt creates a claimed flight; a conflicting one yields null',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'taken', status: 'pending' });
    const createdAt = at(-MINUTE);
    return {
      created: await methods.claimOpenIDRefreshFlightDelivery({
        key: 'fresh',
        ownerId: 'owner-1',
        deliveryId: 'd1',
        deliveryExpiresAt: at(10 * MINUTE),
        createdAt,
      }),
      conflict: await methods.claimOpenIDRefreshFlightDelivery({
        key: 'taken',
        ownerId: 'owner-1',
        deliveryId: 'd2',
        deliveryExpiresAt: at(10 * MINUTE),
        createdAt,
      }),
      stored: await stored(dal, 'OpenIDRefreshFlight'),
    };
  },
  // The upserted flight's _id comes from the server on MongoDB and from the app on PostgreSQL,
  // so its place in `_id` order beside the seeded flight is not comparable.
  { unordered: true },
);

differential(
  'openidRefreshFlights › releaseOpenIDRefreshFlightDelivery: completed, synthetic and revoked flights',
  async ({ methods, dal }) => {
    const delivering = { status: 'completed', deliveryId: 'd1', deliveryExpiresAt: at(MINUTE) };
    await seedFlight(dal, { key: 'completed', encryptedResult: 'r', ...delivering });
    await seedFlight(dal, { key: 'synthetic', ...delivering });
    await seedFlight(dal, {
      key: 'revoked',
      encryptedResult: 'r',
      revocationRequestedAt: at(0),
      ...delivering,
    });
    const release = (key: string, deliveryId = 'd1') =>
      methods.releaseOpenIDRefreshFlightDelivery({ key, ownerId: 'owner-1', deliveryId });
    return {
      completed: await release('completed'),
      synthetic: await release('synthetic'),
      revoked: await release('revoked'),
      wrongDelivery: await release('completed', 'd9'),
      stored: await stored(dal, 'OpenIDRefreshFlight'),
    };
  },
);
