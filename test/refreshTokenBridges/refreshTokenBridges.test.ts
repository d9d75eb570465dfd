import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { HOUR, seed, stored } from '../support/stored.js';

const USER = 'openid-user-1';

async function seedBridges(dal: Parameters<typeof seed>[0]) {
  const now = Date.now();
  await seed(
    dal,
    'RefreshTokenBridge',
    {
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-1',
      userId: USER,
      version: 'v1',
      expiresAt: new Date(now + HOUR),
    },
    {
      oldRefreshTokenHash: 'old-2',
      encryptedNewRefreshToken: 'enc-2',
      userId: USER,
      version: 'v2',
      expiresAt: new Date(now + HOUR),
    },
    {
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-t',
      userId: USER,
      tenantId: 't1',
      version: 'v1',
      expiresAt: new Date(now + HOUR),
    },
    {
      oldRefreshTokenHash: 'old-3',
      encryptedNewRefreshToken: 'enc-3',
      userId: USER,
      version: 'v1',
      expiresAt: new Date(now - 1_000),
    },
    {
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-o',
      userId: 'other-user',
      version: 'v1',
      expiresAt: new Date(now + HOUR),
    },
  );
}

differential(
  'refreshTokenBridges › upsertRefreshTokenBridge stores one bridge per old hash, user and tenant',
  async ({ methods, dal }) => {
    const expiresAt = new Date(Date.now() + HOUR);
    const first = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-1',
      userId: USER,
      version: 'v1',
      openidIssuer: 'https://issuer.example',
      expiresAt,
    });
    const replaced = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-2',
      userId: USER,
      version: 'v2',
      expiresAt: new Date(Date.now() + 2 * HOUR),
    });
    const tenant = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old-1',
      encryptedNewRefreshToken: 'enc-t',
      userId: USER,
      tenantId: 't1',
      expiresAt,
    });
    return {
      first,
      replaced,
      tenant,
      sameBridge: String(first?._id) === String(replaced?._id),
      stored: await stored(dal, 'RefreshTokenBridge'),
    };
  },
);

differential('refreshTokenBridges › upsertRefreshTokenBridge validation errors', async ({ methods }) => {
  return {
    noToken: await methods
      .upsertRefreshTokenBridge({ oldRefreshTokenHash: 'h', userId: USER, expiresAt: new Date() } as never)
      .catch((e) => e),
  };
});

differential(
  'refreshTokenBridges › findRefreshTokenBridge: unexpired, per user and tenant',
  async ({ methods, dal }) => {
    await seedBridges(dal);
    return {
      noTenant: await methods.findRefreshTokenBridge({ oldRefreshTokenHash: 'old-1', userId: USER }),
      tenant: await methods.findRefreshTokenBridge({
        oldRefreshTokenHash: 'old-1',
        userId: USER,
        tenantId: 't1',
      }),
      otherTenant: await methods.findRefreshTokenBridge({
        oldRefreshTokenHash: 'old-1',
        userId: USER,
        tenantId: 't2',
      }),
      expired: await methods.findRefreshTokenBridge({ oldRefreshTokenHash: 'old-3', userId: USER }),
      otherUser: await methods.findRefreshTokenBridge({ oldRefreshTokenHash: 'old-2', userId: 'other-user' }),
    };
  },
);

differential(
  'refreshTokenBridges › deleteRefreshTokenBridges by hashes, version and tenant scope',
  async ({ methods, dal }) => {
    await seedBridges(dal);
    const byVersion = await methods.deleteRefreshTokenBridges({ userId: USER, version: 'v2' });
    const byHashes = await methods.deleteRefreshTokenBridges({
      userId: USER,
      oldRefreshTokenHashes: ['old-1', 'old-9'],
    });
    const afterHashes = await stored(dal, 'RefreshTokenBridge');
    const tenant = await methods.deleteRefreshTokenBridges({ userId: USER, tenantId: 't1' });
    const allOfUser = await methods.deleteRefreshTokenBridges({ userId: USER });
    return {
      byVersion,
      byHashes,
      afterHashes,
      tenant,
      allOfUser,
      left: await stored(dal, 'RefreshTokenBridge'),
    };
  },
);

describe('[postgresql] refreshTokenBridges › upsertRefreshTokenBridge', () => {
  test('one bridge per (old hash, user, tenant), also under concurrent upserts; the latest write wins', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE refreshtokenbridges');
    const expiresAt = new Date(Date.now() + HOUR);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        methods.upsertRefreshTokenBridge({
          oldRefreshTokenHash: 'old',
          encryptedNewRefreshToken: `enc-${i}`,
          userId: USER,
          version: `v${i}`,
          expiresAt,
        }),
      ),
    );
    expect(new Set(results.map((b) => String(b?._id))).size).toBe(1);
    const issuer = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old',
      encryptedNewRefreshToken: 'enc-final',
      userId: USER,
      openidIssuer: 'https://issuer',
      expiresAt,
    });
    expect(issuer).toMatchObject({
      encryptedNewRefreshToken: 'enc-final',
      openidIssuer: 'https://issuer',
      userId: USER,
    });
    // An undefined version is not written (mongoose drops undefined update keys): the last one stays.
    expect(issuer?.version).toMatch(/^v[0-7]$/);
    const cleared = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old',
      encryptedNewRefreshToken: 'enc-final',
      userId: USER,
      version: 'v9',
      expiresAt,
    });
    expect(cleared).not.toHaveProperty('openidIssuer');
    const tenant = await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'old',
      encryptedNewRefreshToken: 'enc-t',
      userId: USER,
      tenantId: 't1',
      expiresAt,
    });
    expect(tenant?.tenantId).toBe('t1');
    expect(String(tenant?._id)).not.toBe(String(cleared?._id));
    expect(await methods.findRefreshTokenBridge({ oldRefreshTokenHash: 'old', userId: USER })).toMatchObject({
      version: 'v9',
    });
    const { rows } = await engine.pool!.query('SELECT count(*)::int AS n FROM refreshtokenbridges');
    expect(rows[0].n).toBe(2);
  });

  test('a stored bridge that expired is not found', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE refreshtokenbridges');
    await methods.upsertRefreshTokenBridge({
      oldRefreshTokenHash: 'gone',
      encryptedNewRefreshToken: 'enc',
      userId: USER,
      expiresAt: new Date(Date.now() - 1),
    });
    expect(await methods.findRefreshTokenBridge({ oldRefreshTokenHash: 'gone', userId: USER })).toBeNull();
  });
});
