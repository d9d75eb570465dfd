import { differential } from '../harness/index.js';
import { seed, stored, USER_A, USER_B } from '../support/stored.js';

/** Typed, MCP and legacy (untyped) tokens, one of them already expired. */
async function seedTokens(dal: Parameters<typeof seed>[0]) {
  const now = Date.now();
  await seed(
    dal,
    'Token',
    {
      userId: USER_A,
      email: 'alice@example.com',
      type: 'email_verification',
      token: 'hash-verify',
      createdAt: new Date(now - 60_000),
      expiresAt: new Date(now + 900_000),
    },
    {
      userId: USER_A,
      email: 'alice@example.com',
      type: 'password_reset',
      token: 'hash-reset-old',
      createdAt: new Date(now - 120_000),
      expiresAt: new Date(now - 1_000),
    },
    {
      userId: USER_A,
      email: 'alice@example.com',
      type: 'password_reset',
      token: 'hash-reset-new',
      createdAt: new Date(now - 30_000),
      expiresAt: new Date(now + 900_000),
    },
    // Legacy token: no type, no identifier.
    {
      userId: USER_B,
      email: 'bob@example.com',
      token: 'hash-legacy',
      createdAt: new Date(now),
      expiresAt: new Date(now + 900_000),
    },
    {
      userId: USER_B,
      type: 'mcp_oauth',
      identifier: 'mcp:github',
      token: 'enc-access',
      createdAt: new Date(now),
      expiresAt: new Date(now + 3_600_000),
      metadata: { credential_set_id: 'set-1', scope: 'repo' },
    },
    {
      userId: USER_B,
      type: 'mcp_oauth_refresh',
      identifier: 'mcp:github:refresh',
      token: 'enc-refresh',
      createdAt: new Date(now),
      expiresAt: new Date(now + 86_400_000),
      metadata: { credential_set_id: 'set-1' },
    },
  );
}

differential(
  'tokens › createToken stores createdAt/expiresAt from expiresIn and normalises the email',
  async ({ methods, dal }) => {
    const created = await methods.createToken({
      userId: USER_A,
      email: '  Alice@Example.COM ',
      type: 'email_verification',
      token: 'hash-1',
      expiresIn: 900,
    });
    const withMetadata = await methods.createToken({
      userId: USER_B,
      type: 'mcp_oauth',
      identifier: 'mcp:srv',
      token: 'enc',
      expiresIn: 3600,
      metadata: { credential_set_id: 'set-9', nested: { a: 1 } },
    } as never);
    const expired = await methods.createToken({ userId: USER_A, token: 'old', expiresIn: -60 });
    return {
      created,
      withMetadata,
      expired,
      isNew: created.isNew,
      expiresInStored: 'expiresIn' in ((await stored(dal, 'Token'))[0] as object),
      stored: await stored(dal, 'Token'),
    };
  },
);

differential('tokens › createToken validation errors', async ({ methods, dal }) => {
  return {
    noToken: await methods.createToken({ userId: USER_A, expiresIn: 60 } as never).catch((e) => e),
    noUser: await methods.createToken({ token: 't', expiresIn: 60 } as never).catch((e) => e),
    badExpiry: await methods
      .createToken({ userId: USER_A, token: 't', expiresIn: 'soon' } as never)
      .catch((e) => e),
    malformedUser: await methods.createToken({ userId: 'nope', token: 't', expiresIn: 60 }).catch((e) => e),
    count: (await stored(dal, 'Token')).length,
  };
});

differential(
  'tokens › findToken matches every given field; null matches legacy untyped tokens; expired tokens are still found',
  async ({ methods, dal }) => {
    await seedTokens(dal);
    return {
      typed: await methods.findToken({ userId: USER_A, type: 'email_verification', token: 'hash-verify' }),
      byEmailAnyCase: await methods.findToken({ email: '  ALICE@example.com', type: 'email_verification' }),
      legacy: await methods.findToken({ userId: USER_B, type: null, identifier: null }),
      legacyByEmail: await methods.findToken({ email: 'bob@example.com', type: null }),
      nullEmail: await methods.findToken({ userId: USER_B, email: null, type: 'mcp_oauth' }),
      identifierRegex: await methods.findToken({ userId: USER_B, identifier: /^mcp:github:/ }),
      credentialSet: await methods.findToken({
        userId: USER_B,
        metadataCredentialSetId: 'set-1',
        type: 'mcp_oauth',
      }),
      otherCredentialSet: await methods.findToken({ userId: USER_B, metadataCredentialSetId: 'set-2' }),
      expired: await methods.findToken({ token: 'hash-reset-old' }),
      // Falsy userId/token are ignored by findToken (the other fields still apply).
      emptyUserId: await methods.findToken({ userId: '', token: '', type: 'mcp_oauth_refresh' }),
      none: await methods.findToken({ userId: USER_A, type: 'mcp_oauth' }),
    };
  },
);

differential('tokens › findToken passes options: newest first, oldest first', async ({ methods, dal }) => {
  await seedTokens(dal);
  return {
    newest: await methods.findToken({ userId: USER_A, type: 'password_reset' }, { sort: { createdAt: -1 } }),
    oldest: await methods.findToken({ userId: USER_A, type: 'password_reset' }, { sort: { createdAt: 1 } }),
    projected: await methods.findToken(
      { userId: USER_A, type: 'password_reset' },
      { sort: { createdAt: -1 }, projection: { token: 1 } },
    ),
  };
});

// `{ $and: [] }`: mongoose's cast drops an empty $and, so the filter matches every token.
differential('tokens › findToken with no condition finds the first token', async ({ methods, dal }) => {
  await seedTokens(dal);
  return {
    empty: await methods.findToken({}),
    onlyFalsy: await methods.findToken({ userId: '', token: '' }),
    newest: await methods.findToken({}, { sort: { createdAt: -1 } }),
  };
});

differential(
  'tokens › updateToken updates the first match, recomputes expiresAt from expiresIn and returns a document',
  async ({ methods, dal }) => {
    await seedTokens(dal);
    const renewed = await methods.updateToken(
      { userId: USER_B, type: 'mcp_oauth', identifier: 'mcp:github' },
      { token: 'enc-access-2', expiresIn: 7200 },
    );
    const bySet = await methods.updateToken(
      { userId: USER_B, identifier: 'mcp:github:refresh', metadataCredentialSetId: 'set-1' },
      { token: 'enc-refresh-2', metadata: { credential_set_id: 'set-2' } } as never,
    );
    const staleSet = await methods.updateToken(
      { userId: USER_B, identifier: 'mcp:github:refresh', metadataCredentialSetId: 'set-1' },
      { token: 'lost-update' },
    );
    const missing = await methods.updateToken({ userId: USER_A, type: 'nope' }, { token: 'x' });
    return { renewed, bySet, staleSet, missing, stored: await stored(dal, 'Token', { userId: USER_B }) };
  },
);

differential('tokens › updateToken errors', async ({ methods, dal }) => {
  await seedTokens(dal);
  return {
    malformedUser: await methods.updateToken({ userId: 'nope' }, { token: 'x' }).catch((e) => e),
    badExpiry: await methods
      .updateToken({ token: 'hash-verify' }, { expiresIn: 'x' } as never)
      .catch((e) => e),
  };
});

differential('tokens › deleteTokens deletes tokens matching every given field', async ({ methods, dal }) => {
  await seedTokens(dal);
  const reset = await methods.deleteTokens({ userId: USER_A, type: 'password_reset' });
  const byEmail = await methods.deleteTokens({ email: ' ALICE@EXAMPLE.COM', type: 'email_verification' });
  const legacy = await methods.deleteTokens({ userId: USER_B, type: null });
  const bySet = await methods.deleteTokens({ metadataCredentialSetId: 'set-1', identifier: 'mcp:github' });
  const nothing = await methods.deleteTokens({ token: 'nope' });
  return { reset, byEmail, legacy, bySet, nothing, left: await stored(dal, 'Token') };
});

differential(
  'tokens › deleteTokens requires a condition; an empty userId is a condition',
  async ({ methods, dal }) => {
    await seedTokens(dal);
    return {
      none: await methods.deleteTokens({}).catch((e) => e),
      allUndefined: await methods.deleteTokens({ userId: undefined, type: undefined }).catch((e) => e),
      nullType: await methods.deleteTokens({ type: null, email: 'nobody@example.com' }),
      count: (await stored(dal, 'Token')).length,
    };
  },
);
