import { differential } from '../harness/index.js';
import { DAY, HOUR, seed, sha256, stored, USER_A, USER_B } from '../support/stored.js';

/** Sessions written straight through the model: two live ones for A, an expired one, one for B. */
async function seedSessions(dal: Parameters<typeof seed>[0]) {
  const now = Date.now();
  const [live, second, expired, other] = await seed(
    dal,
    'Session',
    { user: USER_A, refreshTokenHash: sha256('token-live'), expiration: new Date(now + DAY) },
    { user: USER_A, refreshTokenHash: sha256('token-second'), expiration: new Date(now + 2 * DAY) },
    { user: USER_A, refreshTokenHash: sha256('token-expired'), expiration: new Date(now - HOUR) },
    { user: USER_B, refreshTokenHash: sha256('token-other'), expiration: new Date(now + DAY) },
  );
  return { live: String(live), second: String(second), expired: String(expired), other: String(other) };
}

differential(
  'sessions › findSession by refresh token, user and id; expired sessions are not found',
  async ({ methods, dal }) => {
    const ids = await seedSessions(dal);
    return {
      byToken: await methods.findSession({ refreshToken: 'token-live' }),
      byUser: await methods.findSession({ userId: USER_B }),
      byId: await methods.findSession({ sessionId: ids.second }),
      byIdObject: await methods.findSession({ sessionId: { sessionId: ids.live } as never }),
      tokenAndUser: await methods.findSession({ refreshToken: 'token-live', userId: USER_A }),
      tokenOfAnotherUser: await methods.findSession({ refreshToken: 'token-other', userId: USER_A }),
      expiredByToken: await methods.findSession({ refreshToken: 'token-expired' }),
      expiredById: await methods.findSession({ sessionId: ids.expired }),
      unknownToken: await methods.findSession({ refreshToken: 'nope' }),
    };
  },
);

differential('sessions › findSession returns a document unless lean', async ({ methods, dal }) => {
  await seedSessions(dal);
  return {
    leanDefault: await methods.findSession({ refreshToken: 'token-live' }),
    leanFalse: await methods.findSession({ refreshToken: 'token-live' }, { lean: false }),
    noOptions: await methods.findSession({ refreshToken: 'token-live' }, {}),
    missingAsDocument: await methods.findSession({ refreshToken: 'nope' }, { lean: false }),
  };
});

differential('sessions › findSession errors are FIND_SESSION_FAILED', async ({ methods }) => {
  return {
    noParams: await methods.findSession({}).catch((e) => e),
    malformedId: await methods.findSession({ sessionId: 'not-an-id' }).catch((e) => e),
    malformedUser: await methods.findSession({ userId: 'not-an-id' }).catch((e) => e),
  };
});

differential(
  'sessions › countActiveSessions counts unexpired sessions of one user',
  async ({ methods, dal }) => {
    await seedSessions(dal);
    return {
      a: await methods.countActiveSessions(USER_A),
      b: await methods.countActiveSessions(USER_B),
      none: await methods.countActiveSessions('65a1b2c3d4e5f60718293a4d'),
      missing: await methods.countActiveSessions('').catch((e) => e),
      malformed: await methods.countActiveSessions('nope').catch((e) => e),
    };
  },
);

differential(
  'sessions › generateRefreshToken rotates the hash of a found session and keeps its expiration',
  async ({ methods, dal }) => {
    await seedSessions(dal);
    const session = await methods.findSession({ refreshToken: 'token-live' }, { lean: false });
    const expiration = session?.expiration;
    const token = await methods.generateRefreshToken(session as never);
    return {
      session,
      keptExpiration: session?.expiration.getTime() === expiration?.getTime(),
      storedHashIsNewToken:
        (await methods.findSession({ refreshToken: token }))?.refreshTokenHash === sha256(token),
      oldTokenGone: await methods.findSession({ refreshToken: 'token-live' }),
      count: await methods.countActiveSessions(USER_A),
    };
  },
  { ignore: ['session.refreshTokenHash'] },
);

differential('sessions › generateRefreshToken errors', async ({ methods, dal }) => {
  await seedSessions(dal);
  const lean = await methods.findSession({ refreshToken: 'token-live' });
  return {
    nothing: await methods.generateRefreshToken(null as never).catch((e) => e),
    noUser: await methods.generateRefreshToken({ expiration: new Date() } as never).catch((e) => e),
    // A lean session has no save(): upstream fails after signing.
    lean: await methods.generateRefreshToken(lean as never).catch((e) => e),
    unchanged: await stored(dal, 'Session', { user: USER_A }),
  };
});

differential('sessions › updateExpiration by id, by document, with expiresIn', async ({ methods, dal }) => {
  const ids = await seedSessions(dal);
  const byId = await methods.updateExpiration(ids.live, new Date(Date.now() + 3 * DAY));
  const doc = await methods.findSession({ sessionId: ids.second }, { lean: false });
  const byDoc = await methods.updateExpiration(doc as never, undefined, { expiresIn: HOUR });
  const byDefault = await methods.updateExpiration(ids.other);
  // An expired session can be revived through its id (findById does not filter on expiration).
  const revived = await methods.updateExpiration(ids.expired, undefined, { expiresIn: DAY });
  return { byId, byDoc, byDefault, revived, sameDoc: byDoc === doc, stored: await stored(dal, 'Session') };
});

differential('sessions › updateExpiration errors are UPDATE_EXPIRATION_FAILED', async ({ methods, dal }) => {
  const ids = await seedSessions(dal);
  const doc = await methods.findSession({ sessionId: ids.live }, { lean: false });
  await methods.deleteSession({ sessionId: ids.live });
  return {
    unknown: await methods.updateExpiration('65a1b2c3d4e5f60718293aff').catch((e) => e),
    malformed: await methods.updateExpiration('nope').catch((e) => e),
    deletedMeanwhile: await methods.updateExpiration(doc as never).catch((e) => e),
    nothing: await methods.updateExpiration(null as never).catch((e) => e),
  };
});
