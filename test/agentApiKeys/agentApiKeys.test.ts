import { differential } from '../harness/index.js';
import { DAY, seed, sha256, stored, USER_A, USER_B } from '../support/stored.js';

/** The generated key is random: compare its shape and what is stored of it, not its value. */
function keyShape(created: { key: string; keyPrefix: string }) {
  return {
    format: /^sk-[0-9a-f]{64}$/.test(created.key),
    prefixIsStart: created.keyPrefix === created.key.slice(0, 8),
  };
}

differential(
  'agentApiKeys › createAgentApiKey returns the key once and stores its hash and prefix',
  async ({ methods, dal }) => {
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const created = await methods.createAgentApiKey({ userId: USER_A, name: '  CI key  ', expiresAt });
    const noExpiry = await methods.createAgentApiKey({ userId: USER_A, name: 'laptop' });
    const [row] = (await stored(dal, 'AgentApiKey', { name: 'CI key' })) as {
      keyHash: string;
      keyPrefix: string;
    }[];
    return {
      created: { ...created, key: undefined, keyPrefix: undefined },
      shape: keyShape(created),
      noExpiry: { ...noExpiry, key: undefined, keyPrefix: undefined },
      hashStored: row?.keyHash === sha256(created.key),
      prefixStored: row?.keyPrefix === created.keyPrefix,
      listed: await methods.listAgentApiKeys(USER_A),
    };
  },
  { ignore: ['listed.*.keyPrefix'] },
);

differential('agentApiKeys › createAgentApiKey validation errors', async ({ methods, dal }) => {
  return {
    longName: await methods.createAgentApiKey({ userId: USER_A, name: 'x'.repeat(101) }).catch((e) => e),
    noName: await methods.createAgentApiKey({ userId: USER_A } as never).catch((e) => e),
    malformedUser: await methods.createAgentApiKey({ userId: 'nope', name: 'n' }).catch((e) => e),
    count: (await stored(dal, 'AgentApiKey')).length,
  };
});

differential(
  'agentApiKeys › validateAgentApiKey accepts live keys, stamps lastUsedAt, refuses expired and unknown keys',
  async ({ methods, dal }) => {
    const live = await methods.createAgentApiKey({ userId: USER_A, name: 'live' });
    const future = await methods.createAgentApiKey({
      userId: USER_B,
      name: 'future',
      expiresAt: new Date(Date.now() + DAY),
    });
    // An expired key the TTL monitor has not removed yet.
    await seed(dal, 'AgentApiKey', {
      userId: USER_A,
      name: 'expired',
      keyHash: sha256('sk-expired'),
      keyPrefix: 'sk-expir',
      expiresAt: new Date(Date.now() - 60_000),
    });
    const valid = await methods.validateAgentApiKey(live.key);
    return {
      valid,
      matchesKey: String(valid?.keyId) === live.id,
      future: await methods.validateAgentApiKey(future.key),
      expired: await methods.validateAgentApiKey('sk-expired'),
      unknown: await methods.validateAgentApiKey('sk-unknown'),
      stamped: await methods.getAgentApiKeyById(live.id, USER_A),
      expiredStamped: (await stored(dal, 'AgentApiKey', { name: 'expired' })) as unknown,
    };
  },
  { ignore: ['stamped.keyPrefix', 'expiredStamped.*.keyHash'] },
);

differential(
  'agentApiKeys › listAgentApiKeys newest first; getAgentApiKeyById only for the owner',
  async ({ methods, dal }) => {
    const now = Date.now();
    const [older, newer, others] = await seed(
      dal,
      'AgentApiKey',
      { userId: USER_A, name: 'older', keyHash: 'h1', keyPrefix: 'sk-11111', createdAt: new Date(now - DAY) },
      {
        userId: USER_A,
        name: 'newer',
        keyHash: 'h2',
        keyPrefix: 'sk-22222',
        createdAt: new Date(now - 60_000),
        lastUsedAt: new Date(now),
      },
      { userId: USER_B, name: 'others', keyHash: 'h3', keyPrefix: 'sk-33333' },
    );
    return {
      listA: await methods.listAgentApiKeys(USER_A),
      listNone: await methods.listAgentApiKeys('65a1b2c3d4e5f60718293a4d'),
      byId: await methods.getAgentApiKeyById(String(older), USER_A),
      notOwner: await methods.getAgentApiKeyById(String(others), USER_A),
      unknown: await methods.getAgentApiKeyById('65a1b2c3d4e5f60718293aff', USER_A),
      malformed: await methods.getAgentApiKeyById('nope', USER_A).catch((e) => e),
      newer: String(newer),
    };
  },
);

differential(
  'agentApiKeys › deleteAgentApiKey (owner only) and deleteAllAgentApiKeys',
  async ({ methods, dal }) => {
    const [a1, , b1] = await seed(
      dal,
      'AgentApiKey',
      { userId: USER_A, name: 'a1', keyHash: 'h1', keyPrefix: 'sk-11111' },
      { userId: USER_A, name: 'a2', keyHash: 'h2', keyPrefix: 'sk-22222' },
      { userId: USER_B, name: 'b1', keyHash: 'h3', keyPrefix: 'sk-33333' },
    );
    return {
      notOwner: await methods.deleteAgentApiKey(String(b1), USER_A),
      own: await methods.deleteAgentApiKey(String(a1), USER_A),
      again: await methods.deleteAgentApiKey(String(a1), USER_A),
      malformed: await methods.deleteAgentApiKey('nope', USER_A).catch((e) => e),
      all: await methods.deleteAllAgentApiKeys(USER_A),
      none: await methods.deleteAllAgentApiKeys(USER_A),
      left: await stored(dal, 'AgentApiKey'),
    };
  },
);
