import type { Dal } from '@librechat/dal';
import { makeUser } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { EDIT, MISSING, SEED_DATES, seedAgent, U1, U2, VIEW, withLoggedErrors } from './support.js';

const options = { exactDates: SEED_DATES, unordered: true };
const OWNER = 15;

async function favoritesOf(dal: Dal) {
  return ((await stored(dal, 'User')) as Array<{ username: string; favorites?: unknown }>).map((u) => ({
    username: u.username,
    favorites: u.favorites,
  }));
}

differential(
  'agents › deleteAgent removes the agent, its ACL entries, handoff edges to it and favorites of it',
  async ({ methods, dal }) => {
    const a = await seedAgent(dal, 'agent_a');
    await seedAgent(
      dal,
      'agent_b',
      {
        edges: [
          { from: 'agent_b', to: 'agent_a', edgeType: 'handoff' },
          { from: 'agent_b', to: ['agent_a', 'agent_c'] },
          { from: ['agent_a'], to: 'agent_c' },
        ],
      },
      1,
    );
    await seedAgent(dal, 'agent_c', { edges: [{ from: 'agent_c', to: 'agent_b' }] }, 2);
    const ann = await makeUser(dal, 'ann', {
      favorites: [{ agentId: 'agent_a' }, { agentId: 'agent_c' }, { model: 'm', endpoint: 'e' }],
    });
    await methods.grantPermission('user', String(ann), 'agent', a, OWNER);
    await methods.grantPermission('public', null, 'remoteAgent', a, VIEW);
    const deleted = await methods.deleteAgent({ id: 'agent_a' });
    return {
      deleted,
      again: await methods.deleteAgent({ id: 'agent_a' }),
      agents: await methods.getAgents({}, 'id edges'),
      acl: await stored(dal, 'AclEntry'),
      favorites: await favoritesOf(dal),
    };
  },
  options,
);

differential(
  'agents › deleteUserAgents deletes sole-owned and legacy agents, keeps co-owned and migrated ones',
  async ({ methods, dal }) => {
    const sole = await seedAgent(dal, 'agent_sole');
    const shared = await seedAgent(dal, 'agent_shared', {}, 1);
    await seedAgent(dal, 'agent_legacy', {}, 2);
    const migrated = await seedAgent(dal, 'agent_migrated', {}, 3);
    const other = await seedAgent(
      dal,
      'agent_other',
      { author: U2, edges: [{ from: 'agent_other', to: 'agent_sole' }] },
      4,
    );
    await methods.grantPermission('user', U1, 'agent', sole, OWNER);
    await methods.grantPermission('user', U1, 'agent', shared, OWNER);
    await methods.grantPermission('user', U2, 'agent', shared, OWNER);
    await methods.grantPermission('user', U2, 'agent', migrated, OWNER);
    await methods.grantPermission('user', U2, 'agent', other, VIEW | EDIT);
    // Favorites are left out: FerretDB's $pull with an $in condition removes nothing, without an
    // error (see test/README.md); the [postgresql] suite proves the favorites cleanup.
    await methods.deleteUserAgents(U1);
    await methods.deleteUserAgents(MISSING);
    return { agents: await methods.getAgents({}, 'id edges'), acl: await stored(dal, 'AclEntry') };
  },
  options,
);

differential(
  'agents › deleteUserAgents swallows a malformed user id into the log',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a');
    const logged = await withLoggedErrors(() => methods.deleteUserAgents('not-an-id'));
    return { logged, agents: await methods.getAgents({}, 'id') };
  },
  options,
);

differential(
  'agents › removeAgentFromUserFavorites pulls the agent from the listed users only',
  async ({ methods, dal }) => {
    const a = await seedAgent(dal, 'agent_a');
    const favorites = [{ agentId: 'agent_a' }, { agentId: 'agent_b' }];
    const ann = await makeUser(dal, 'ann', { favorites });
    const bob = await makeUser(dal, 'bob', { favorites });
    await makeUser(dal, 'cid', { favorites });
    await methods.removeAgentFromUserFavorites(a, [String(ann), String(bob)]);
    await methods.removeAgentFromUserFavorites(MISSING, [String(ann)]);
    return favoritesOf(dal);
  },
  options,
);
