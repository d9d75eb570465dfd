import { differential } from '../harness/index.js';
import { USER_A, USER_B } from '../support/stored.js';
import { inTenant } from '../support/tenants.js';

const metadata = (domain: string) => ({
  domain,
  raw_spec: 'openapi: 3.0.0',
  privacy_policy_url: 'https://example.com/privacy',
  api_key: 'sk-secret',
  oauth_client_id: 'client-id',
  oauth_client_secret: 'client-secret',
  auth: {
    type: 'oauth',
    authorization_url: 'https://example.com/auth',
    token_exchange_method: 'default_post',
  },
});

/** Three actions: two of an agent (two users), one of an assistant. */
async function seedActions(methods: any) {
  await methods.updateAction(
    { actionId: 'a1', user: USER_A },
    { agent_id: 'agent_1', metadata: metadata('one.example.com') },
  );
  await methods.updateAction(
    { actionId: 'a2', user: USER_B },
    { agent_id: 'agent_1', metadata: { domain: 'two.example.com' }, settings: { retries: 2 } },
  );
  await methods.updateAction(
    { actionId: 'a3', user: USER_A },
    { assistant_id: 'asst_1', type: 'custom', metadata: metadata('three.example.com') },
  );
}

differential(
  'actions › updateAction upserts a new action with the criteria and defaults',
  async ({ methods }) => ({
    created: await methods.updateAction(
      { actionId: 'a1', user: USER_A, agentId: 'agent_1' },
      { metadata: metadata('api.example.com') },
    ),
  }),
);

differential(
  'actions › updateAction sets the given fields of an existing action, keeping the rest',
  async ({ methods }) => {
    await seedActions(methods);
    const updated = await methods.updateAction(
      { actionId: 'a1', agentId: 'agent_1' },
      { metadata: { domain: 'new.example.com', raw_spec: 'v2' }, settings: { a: 1 } },
    );
    return { updated, all: await methods.getActions({}, true) };
  },
);

differential(
  'actions › updateAction omits undefined criteria and matches any of an array',
  async ({ methods }) => {
    await seedActions(methods);
    return {
      updated: await methods.updateAction(
        { actionId: ['a2', 'zz'], agentId: undefined },
        { type: 'changed' },
      ),
      a2: await methods.getActions({ actionId: 'a2' }),
    };
  },
);

differential(
  'actions › getActions strips credentials unless includeSensitive',
  async ({ methods }) => {
    await seedActions(methods);
    return {
      stripped: await methods.getActions({ user: USER_A }),
      sensitive: await methods.getActions({ user: USER_A }, true),
      byAgent: await methods.getActions({ agentId: 'agent_1' }),
      byAssistant: await methods.getActions({ assistantId: 'asst_1' }),
      none: await methods.getActions({ actionId: 'missing' }),
      all: await methods.getActions({}),
    };
  },
  { unordered: true },
);

differential('actions › getActions on legacy rows without metadata', async ({ methods, dal }) => {
  const { seed } = await import('../support/stored.js');
  await seed(dal, 'Action', { user: USER_A, action_id: 'legacy', metadata: { domain: 'x.example.com' } });
  return methods.getActions({ actionId: 'legacy' });
});

differential('actions › unknown criteria and operator values are refused', async ({ methods }) => {
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      return await fn();
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  await seedActions(methods);
  return {
    unknownGet: await attempt(() => methods.getActions({ action_id: 'a1' })),
    operator: await attempt(() => methods.getActions({ agentId: { $ne: null } })),
    nestedArray: await attempt(() => methods.deleteActions({ user: [{ $exists: true }] })),
    unknownUpdate: await attempt(() => methods.updateAction({ toString: 'x' }, { type: 't' })),
    unknownDelete: await attempt(() => methods.deleteAction({ name: 'a1' })),
    remaining: (await methods.getActions({})).length,
  };
});

differential(
  'actions › deleteAction returns the deleted action, null when none matches',
  async ({ methods }) => {
    await seedActions(methods);
    return {
      deleted: await methods.deleteAction({ actionId: 'a3', user: USER_A }),
      again: await methods.deleteAction({ actionId: 'a3', user: USER_A }),
      otherUser: await methods.deleteAction({ actionId: 'a1', user: USER_B }),
      left: (await methods.getActions({})).map((a: any) => a.action_id).sort(),
    };
  },
);

differential('actions › deleteActions returns the count', async ({ methods }) => {
  await seedActions(methods);
  return {
    agent: await methods.deleteActions({ agentId: 'agent_1' }),
    none: await methods.deleteActions({ agentId: 'agent_1' }),
    left: (await methods.getActions({})).map((a: any) => a.action_id),
  };
});

differential(
  'actions › actions are scoped to the tenant',
  async ({ methods }) => {
    await inTenant('t1', () => seedActions(methods));
    await inTenant('t2', () =>
      methods.updateAction({ actionId: 'a1', user: USER_A }, { metadata: { domain: 't2.example.com' } }),
    );
    return {
      t1: await inTenant('t1', () => methods.getActions({ actionId: 'a1' })),
      t2: await inTenant('t2', () => methods.getActions({ actionId: 'a1' })),
      t2Deleted: await inTenant('t2', () => methods.deleteActions({ user: USER_A })),
      t1Left: await inTenant('t1', () => methods.getActions({ user: USER_A })),
    };
  },
  { unordered: true },
);
