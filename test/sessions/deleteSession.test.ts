import { differential } from '../harness/index.js';
import { DAY, seed, sha256, stored, USER_A, USER_B } from '../support/stored.js';

async function seedSessions(dal: Parameters<typeof seed>[0]) {
  const expiration = new Date(Date.now() + DAY);
  const ids = await seed(
    dal,
    'Session',
    { user: USER_A, refreshTokenHash: sha256('a1'), expiration },
    { user: USER_A, refreshTokenHash: sha256('a2'), expiration },
    { user: USER_A, refreshTokenHash: sha256('a3'), expiration },
    { user: USER_B, refreshTokenHash: sha256('b1'), expiration },
  );
  return ids.map(String);
}

differential('sessions › deleteSession by refresh token or id', async ({ methods, dal }) => {
  const [a1, a2] = await seedSessions(dal);
  return {
    byToken: await methods.deleteSession({ refreshToken: 'a3' }),
    byId: await methods.deleteSession({ sessionId: a1 as string }),
    both: await methods.deleteSession({ refreshToken: 'a2', sessionId: a2 as string }),
    mismatched: await methods.deleteSession({ refreshToken: 'b1', sessionId: a1 as string }),
    unknown: await methods.deleteSession({ refreshToken: 'nope' }),
    left: await stored(dal, 'Session'),
  };
});

differential('sessions › deleteSession errors are DELETE_SESSION_FAILED', async ({ methods }) => {
  return {
    none: await methods.deleteSession({}).catch((e) => e),
    malformedId: await methods.deleteSession({ sessionId: 'nope' }).catch((e) => e),
  };
});

differential(
  'sessions › deleteAllUserSessions, optionally keeping the current session',
  async ({ methods, dal }) => {
    const [a1] = await seedSessions(dal);
    const keepCurrent = await methods.deleteAllUserSessions(USER_A, {
      excludeCurrentSession: true,
      currentSessionId: a1 as string,
    });
    const afterKeep = await stored(dal, 'Session');
    const objectForm = await methods.deleteAllUserSessions({ userId: USER_A });
    const flagWithoutId = await methods.deleteAllUserSessions(USER_B, { excludeCurrentSession: true });
    return { keepCurrent, afterKeep, objectForm, flagWithoutId, left: await stored(dal, 'Session') };
  },
);

differential(
  'sessions › deleteAllUserSessions errors are DELETE_ALL_SESSIONS_FAILED',
  async ({ methods }) => {
    return {
      missing: await methods.deleteAllUserSessions('').catch((e) => e),
      malformed: await methods.deleteAllUserSessions('nope').catch((e) => e),
      malformedObject: await methods.deleteAllUserSessions({ userId: '123' }).catch((e) => e),
    };
  },
);
