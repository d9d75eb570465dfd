import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { DAY, HOUR, seed, USER_A } from '../support/stored.js';
import { inTenant } from '../support/tenants.js';

const loggedIn = { _id: USER_A, name: 'Alice' } as never;

/** What an anonymous visitor (undefined and null) and a logged-in user each get. */
async function viewers(methods: any) {
  return {
    anonymous: await methods.getBanner(),
    anonymousNull: await methods.getBanner(null),
    user: await methods.getBanner(loggedIn),
  };
}

differential('banners › getBanner without any banner is null for everyone', async ({ methods }) =>
  viewers(methods),
);

differential('banners › a current public banner is shown to everyone', async ({ methods, dal }) => {
  const displayFrom = new Date(Date.now() - HOUR);
  const displayTo = new Date(Date.now() + DAY);
  await seed(dal, 'Banner', {
    bannerId: 'b1',
    message: 'Maintenance tonight',
    displayFrom,
    displayTo,
    isPublic: true,
  });
  return viewers(methods);
});

differential(
  'banners › a current non-public banner is shown only to a logged-in user',
  async ({ methods, dal }) => {
    await seed(dal, 'Banner', {
      bannerId: 'b1',
      message: 'Members only',
      displayFrom: new Date(Date.now() - HOUR),
    });
    return viewers(methods);
  },
);

differential(
  'banners › the display window: not yet started, ended, open-ended (missing or null displayTo), popups ignored',
  async ({ methods, dal }) => {
    const now = Date.now();
    await seed(
      dal,
      'Banner',
      { bannerId: 'future', message: 'soon', displayFrom: new Date(now + HOUR), isPublic: true },
      {
        bannerId: 'ended',
        message: 'over',
        displayFrom: new Date(now - DAY),
        displayTo: new Date(now - HOUR),
        isPublic: true,
      },
      {
        bannerId: 'popup',
        message: 'popup',
        displayFrom: new Date(now - DAY),
        type: 'popup',
        isPublic: true,
      },
    );
    const none = await viewers(methods);
    await seed(dal, 'Banner', {
      bannerId: 'null-end',
      message: 'forever',
      displayFrom: new Date(now - DAY),
      displayTo: null,
    });
    const nullEnd = await viewers(methods);
    return { none, nullEnd };
  },
);

differential(
  'banners › a banner with only defaults (displayFrom now) is current',
  async ({ methods, dal }) => {
    await seed(dal, 'Banner', { bannerId: 'defaults', message: 'hello' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return viewers(methods);
  },
);

differential(
  'banners › of several current banners the first stored one is returned',
  async ({ methods, dal }) => {
    const from = new Date(Date.now() - HOUR);
    await seed(
      dal,
      'Banner',
      { bannerId: 'first', message: 'one', displayFrom: from, isPublic: true },
      { bannerId: 'second', message: 'two', displayFrom: from, isPublic: true },
    );
    return viewers(methods);
  },
);

differential(
  'banners › tenants: a tenant sees its own banner; no tenant context sees all',
  async ({ methods, dal }) => {
    const from = new Date(Date.now() - HOUR);
    await inTenant('t1', () =>
      seed(dal, 'Banner', { bannerId: 't1', message: 'for t1', displayFrom: from, isPublic: true }),
    );
    return {
      t1: await inTenant('t1', () => methods.getBanner()),
      t2: await inTenant('t2', () => methods.getBanner()),
      none: await methods.getBanner(),
    };
  },
);

describe('[postgresql] banners › a database error is upstream’s "Error getting banners"', async () => {
  const dal = await fileDal('postgresql');

  test('getBanner rethrows a failed read as Error("Error getting banners")', async () => {
    const pool = dal.engine.pool!;
    await pool.query('ALTER TABLE banners RENAME TO banners_away');
    try {
      await expect(dal.methods.getBanner()).rejects.toThrow(/^Error getting banners$/);
    } finally {
      await pool.query('ALTER TABLE banners_away RENAME TO banners');
    }
  });
});
