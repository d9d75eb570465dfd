import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { DAY, HOUR, jwtPayload, sha256, stored, USER_A, USER_B } from '../support/stored.js';

/** What a caller sees of createSession's result: the saved document and the token's claims. */
async function describeCreated(result: { session: any; refreshToken: string }) {
  const claims = jwtPayload(result.refreshToken);
  const ttl = (claims.exp as number) - (claims.iat as number);
  return {
    session: result.session,
    isNew: result.session.isNew,
    hashStored: result.session.refreshTokenHash === sha256(result.refreshToken),
    claims: { id: claims.id, sessionId: claims.sessionId },
    ttl,
  };
}

differential(
  'sessions › createSession saves a session with the default 7-day expiry and signs a refresh token',
  async ({ methods, dal }) => {
    const created = await methods.createSession(USER_A);
    const { ttl, ...rest } = await describeCreated(created);
    return { ...rest, ttlIsAWeek: ttl >= 604799 && ttl <= 604800, stored: await stored(dal, 'Session') };
  },
  { ignore: ['session.refreshTokenHash', 'stored.*.refreshTokenHash'] },
);

differential(
  'sessions › createSession honours expiration and expiresIn',
  async ({ methods }) => {
    const expiration = new Date(Date.now() + 2 * DAY);
    const explicit = await methods.createSession(USER_A, { expiration });
    const relative = await methods.createSession(USER_B, { expiresIn: HOUR });
    const a = await describeCreated(explicit);
    const b = await describeCreated(relative);
    return {
      explicit: { ...a, ttl: Math.abs(a.ttl - 2 * 86400) <= 1 },
      relative: { ...b, ttl: Math.abs(b.ttl - 3600) <= 1 },
      exact: explicit.session.expiration?.getTime() === expiration.getTime(),
    };
  },
  { ignore: ['*.session.refreshTokenHash'] },
);

differential('sessions › createSession errors: missing and malformed user id', async ({ methods }) => {
  const missing = await methods.createSession('').catch((e) => e);
  const malformed = await methods.createSession('not-an-object-id').catch((e) => e);
  return { missing, malformed, count: await methods.countActiveSessions(USER_A) };
});

differential(
  'sessions › upsertSession stores an externally issued token once per user and token',
  async ({ methods, dal }) => {
    const expiration = new Date(Date.now() + 3 * DAY);
    const later = new Date(Date.now() + 5 * DAY);
    const first = await methods.upsertSession(USER_A, 'external-token', { expiration });
    const again = await methods.upsertSession(USER_A, 'external-token', {
      expiration: later,
      tenantId: 't1',
    });
    const other = await methods.upsertSession(USER_B, 'external-token', { expiration });
    return {
      first,
      again,
      other,
      sameSession: String(first._id) === String(again._id),
      stored: await stored(dal, 'Session'),
      found: await methods.findSession({ refreshToken: 'external-token', userId: USER_A }),
    };
  },
);

differential('sessions › upsertSession errors', async ({ methods }) => {
  const expiration = new Date(Date.now() + DAY);
  return {
    noUser: await methods.upsertSession('', 'tok', { expiration }).catch((e) => e),
    noToken: await methods.upsertSession(USER_A, '', { expiration }).catch((e) => e),
    noExpiration: await methods.upsertSession(USER_A, 'tok', {} as never).catch((e) => e),
    malformedUser: await methods.upsertSession('nope', 'tok', { expiration }).catch((e) => e),
  };
});

differential('sessions › ensureSessionIndexes resolves', async ({ methods }) => {
  return { result: await methods.ensureSessionIndexes(), again: await methods.ensureSessionIndexes() };
});

differential('sessions › SessionError is upstream’s class', async ({ methods }) => {
  const error = new methods.SessionError('Custom failure', 'CUSTOM');
  const plain = new methods.SessionError('Default code');
  return {
    error,
    isError: error instanceof Error,
    name: error.name,
    plainCode: plain.code,
  };
});

describe('[postgresql] sessions › what createSession, upsertSession and ensureSessionIndexes guarantee', () => {
  test('a created session is stored, found by its refresh token and rotates on generateRefreshToken', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE sessions');
    const { session, refreshToken } = await methods.createSession(USER_A);
    expect(session.isNew).toBe(false);
    expect(jwtPayload(refreshToken)).toMatchObject({ id: USER_A, sessionId: String(session._id) });
    const found = await methods.findSession({ refreshToken }, { lean: false });
    expect(String(found?._id)).toBe(String(session._id));
    // Rotation re-signs for the same absolute expiry (a token signed within the same second is
    // the same token, as upstream) and stores the new token's hash on the same session.
    const rotated = await methods.generateRefreshToken(found as never);
    expect(found?.refreshTokenHash).toBe(sha256(rotated));
    const again = await methods.findSession({ refreshToken: rotated });
    expect(again?.expiration.getTime()).toBe(session.expiration?.getTime());
    expect(await methods.countActiveSessions(USER_A)).toBe(1);
  });

  test('createSession failures are SessionErrors with upstream codes', async () => {
    const { methods } = await fileDal('postgresql');
    await expect(methods.createSession('')).rejects.toMatchObject({
      name: 'SessionError',
      code: 'INVALID_USER_ID',
    });
    await expect(methods.createSession('nope')).rejects.toMatchObject({
      name: 'SessionError',
      code: 'CREATE_SESSION_FAILED',
      message: 'Failed to create session',
    });
  });

  test('upsertSession keeps one session per user and token, even when called concurrently', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE sessions');
    const expiration = new Date(Date.now() + DAY);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => methods.upsertSession(USER_A, 'shared-token', { expiration })),
    );
    expect(new Set(results.map((s) => String(s._id))).size).toBe(1);
    expect(results[0]?.constructor.name).toBe('model');
    const { rows } = await engine.pool!.query('SELECT count(*)::int AS n FROM sessions');
    expect(rows[0].n).toBe(1);
    const later = new Date(Date.now() + 2 * DAY);
    const updated = await methods.upsertSession(USER_A, 'shared-token', {
      expiration: later,
      tenantId: 't9',
    });
    expect(updated.expiration.getTime()).toBe(later.getTime());
    // Outside a tenant context, upstream's tenant-isolation guard strips tenantId from updates.
    expect(updated.tenantId).toBeUndefined();
    expect(updated.refreshTokenHash).toBe(sha256('shared-token'));
    await expect(methods.upsertSession(USER_A, '', { expiration })).rejects.toMatchObject({
      code: 'INVALID_SESSION',
    });
    await expect(methods.upsertSession('nope', 'x', { expiration })).rejects.toMatchObject({
      code: 'UPSERT_SESSION_FAILED',
      message: 'Failed to store session',
    });
  });

  test('ensureSessionIndexes resolves: the migration created the unique user + refreshTokenHash index', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await expect(methods.ensureSessionIndexes()).resolves.toBeUndefined();
    const { rows } = await engine.pool!.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'sessions' AND indexname = 'sessions_user_1_refreshtokenhash_1'`,
    );
    expect(rows[0]?.indexdef).toMatch(/UNIQUE INDEX .*\("user", refresh_token_hash\) NULLS NOT DISTINCT/);
  });
});
