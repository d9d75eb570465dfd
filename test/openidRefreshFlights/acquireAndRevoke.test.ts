import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { at, MINUTE, seedFlight } from './support.js';

const data = (key: string, ownerId: string) => ({
  key,
  ownerId,
  lockExpiresAt: at(MINUTE),
  expiresAt: at(5 * MINUTE),
});

differential(
  'openidRefreshFlights › acquireOpenIDRefreshFlight: first caller acquires, others see the live flight',
  async ({ methods, dal }) => {
    const first = await methods.acquireOpenIDRefreshFlight(data('k', 'owner-1'));
    const second = await methods.acquireOpenIDRefreshFlight(data('k', 'owner-2'));
    return { first, second, stored: await stored(dal, 'OpenIDRefreshFlight') };
  },
);

differential(
  'openidRefreshFlights › acquireOpenIDRefreshFlight reclaims failed, expired and lock-lapsed flights',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'failed', status: 'failed', errorMessage: 'boom' });
    await seedFlight(dal, {
      key: 'expired',
      status: 'completed',
      encryptedResult: 'r',
      expiresAt: at(-MINUTE),
    });
    await seedFlight(dal, { key: 'lapsed', lockExpiresAt: at(-MINUTE), deliveryId: 'd' });
    await seedFlight(dal, { key: 'completed', status: 'completed', encryptedResult: 'r' });
    return {
      failed: await methods.acquireOpenIDRefreshFlight(data('failed', 'owner-2')),
      expired: await methods.acquireOpenIDRefreshFlight(data('expired', 'owner-2')),
      lapsed: await methods.acquireOpenIDRefreshFlight(data('lapsed', 'owner-2')),
      completed: await methods.acquireOpenIDRefreshFlight(data('completed', 'owner-2')),
    };
  },
);

differential('openidRefreshFlights › acquireOpenIDRefreshFlight validation errors', async ({ methods }) => {
  return {
    noOwner: await methods
      .acquireOpenIDRefreshFlight({ key: 'k', lockExpiresAt: at(MINUTE), expiresAt: at(MINUTE) } as never)
      .catch((e) => e),
  };
});

differential(
  'openidRefreshFlights › revokeOpenIDRefreshFlight revokes a flight, or records a revoked one',
  async ({ methods, dal }) => {
    await seedFlight(dal, { key: 'pending', encryptedResult: 'r' });
    const expiresAt = at(30 * MINUTE);
    return {
      existing: await methods.revokeOpenIDRefreshFlight({ key: 'pending', expiresAt }),
      missing: await methods.revokeOpenIDRefreshFlight({ key: 'missing', expiresAt }),
      again: await methods.revokeOpenIDRefreshFlight({ key: 'missing', expiresAt }),
      stored: await stored(dal, 'OpenIDRefreshFlight'),
    };
  },
);

differential(
  'openidRefreshFlights › revokeOpenIDRefreshFlight waits for an in-progress delivery to be released',
  async ({ methods, dal }) => {
    await seedFlight(dal, {
      key: 'k',
      status: 'completed',
      encryptedResult: 'r',
      deliveryId: 'd1',
      deliveryExpiresAt: at(MINUTE),
    });
    // Settled into a value right away, so a failure is part of the result (not an unhandled rejection).
    const revoking = methods
      .revokeOpenIDRefreshFlight({ key: 'k', expiresAt: at(30 * MINUTE) })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const duringRevocation = await methods.findOpenIDRefreshFlight({ key: 'k' });
    const released = await methods.releaseOpenIDRefreshFlightDelivery({
      key: 'k',
      ownerId: 'owner-1',
      deliveryId: 'd1',
    });
    return {
      requested: duringRevocation?.revocationRequestedAt instanceof Date,
      released,
      revoked: await revoking,
      stored: await stored(dal, 'OpenIDRefreshFlight'),
    };
  },
);

describe('[postgresql] openidRefreshFlights › acquire and revoke', () => {
  test('one of many concurrent acquirers wins; the rest see its flight', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE openidrefreshflights');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => methods.acquireOpenIDRefreshFlight(data('race', `owner-${i}`))),
    );
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.flight;
    expect(winner?.status).toBe('pending');
    for (const r of results.filter((x) => !x.acquired)) expect(r.flight?.ownerId).toBe(winner?.ownerId);
  });

  test('a failed or lock-lapsed flight is taken over; a live one is not', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE openidrefreshflights');
    await methods.acquireOpenIDRefreshFlight(data('k', 'a'));
    expect((await methods.acquireOpenIDRefreshFlight(data('k', 'b'))).acquired).toBe(false);
    await methods.failOpenIDRefreshFlight({
      key: 'k',
      ownerId: 'a',
      errorMessage: 'x',
      expiresAt: at(MINUTE),
    });
    const retaken = await methods.acquireOpenIDRefreshFlight(data('k', 'b'));
    expect(retaken).toMatchObject({ acquired: true, flight: { ownerId: 'b', status: 'pending' } });
    expect(retaken.flight).not.toHaveProperty('errorMessage');
    await methods.renewOpenIDRefreshFlight({
      key: 'k',
      ownerId: 'b',
      lockExpiresAt: at(-1),
      expiresAt: at(MINUTE),
    });
    expect((await methods.acquireOpenIDRefreshFlight(data('k', 'c'))).flight?.ownerId).toBe('c');
  });

  test('revoke: a missing flight is recorded revoked; a pending one is revoked; a delivery is awaited', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE openidrefreshflights');
    const expiresAt = at(30 * MINUTE);
    const created = await methods.revokeOpenIDRefreshFlight({ key: 'new', expiresAt });
    expect(created).toMatchObject({
      key: 'new',
      ownerId: 'revoked',
      status: 'revoked',
      errorMessage: 'OpenID refresh was revoked by logout',
    });
    await methods.acquireOpenIDRefreshFlight(data('p', 'a'));
    expect(await methods.revokeOpenIDRefreshFlight({ key: 'p', expiresAt })).toMatchObject({
      status: 'revoked',
      ownerId: 'revoked',
    });
    // A flight being delivered: revoke waits until the deliverer releases it.
    await methods.acquireOpenIDRefreshFlight(data('d', 'a'));
    await methods.completeOpenIDRefreshFlight({
      key: 'd',
      ownerId: 'a',
      encryptedResult: 'r',
      expiresAt: at(MINUTE),
    });
    await methods.claimOpenIDRefreshFlightDelivery({
      key: 'd',
      ownerId: 'a',
      deliveryId: 'x',
      deliveryExpiresAt: at(MINUTE),
    });
    let settled = false;
    const revoking = methods.revokeOpenIDRefreshFlight({ key: 'd', expiresAt }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(settled).toBe(false);
    const released = await methods.releaseOpenIDRefreshFlightDelivery({
      key: 'd',
      ownerId: 'a',
      deliveryId: 'x',
    });
    expect(released).toMatchObject({ status: 'revoked' });
    expect(await revoking).toMatchObject({ status: 'revoked', expiresAt });
  });
});
