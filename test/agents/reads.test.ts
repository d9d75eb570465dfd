import { differential } from '../harness/index.js';
import { at, MISSING, SEED_DATES, seedAgent, U1, U2, VIEW } from './support.js';

const options = { exactDates: SEED_DATES };

differential(
  'agents › getAgent hides the version history unless a projection asks for it; no match is null',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a', { versions: [{ name: 'v0' }, { name: 'v1' }], tenantId: undefined });
    await seedAgent(dal, 'agent_b', { description: 'second' }, 1);
    return {
      plain: await methods.getAgent({ id: 'agent_a' }),
      full: await methods.getAgent({ id: 'agent_a' }, {}),
      picked: await methods.getAgent({ id: 'agent_b' }, { name: 1, description: 1 }),
      excluded: await methods.getAgent({ id: 'agent_b' }, { instructions: 0, versions: 0, edges: 0 }),
      missing: await methods.getAgent({ id: 'nope' }),
      byAuthor: await methods.getAgent({ author: U1, description: 'second' }),
    };
  },
  options,
);

differential(
  'agents › getAgentVersions returns the history, [] without one and null without an agent',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a', { versions: [{ name: 'v0', createdAt: at(1) }, { name: 'v1' }] });
    await seedAgent(dal, 'agent_b', { versions: [] }, 1);
    await seedAgent(dal, 'agent_c', { versions: null }, 2);
    return {
      a: await methods.getAgentVersions({ id: 'agent_a' }),
      b: await methods.getAgentVersions({ id: 'agent_b' }),
      c: await methods.getAgentVersions({ id: 'agent_c' }),
      missing: await methods.getAgentVersions({ id: 'nope' }),
    };
  },
  options,
);

differential(
  'agents › getAgentWithVersionCount counts versions without returning them',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a', { versions: [{ name: 'v0' }, { name: 'v1' }, { name: 'v2' }] });
    await seedAgent(dal, 'agent_b', { versions: [] }, 1);
    return {
      a: await methods.getAgentWithVersionCount({ id: 'agent_a' }),
      b: await methods.getAgentWithVersionCount({ id: 'agent_b' }),
      missing: await methods.getAgentWithVersionCount({ id: 'nope' }),
    };
  },
  options,
);

differential(
  'agents › getAgents filters and projects (string and object selects)',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a', { category: 'research' });
    await seedAgent(dal, 'agent_b', { category: 'research', author: U2 }, 1);
    await seedAgent(dal, 'agent_c', { category: 'general' }, 2);
    return {
      research: await methods.getAgents({ category: 'research' }),
      names: await methods.getAgents({ author: U1 }, 'id name'),
      object: await methods.getAgents({ id: { $in: ['agent_a', 'agent_c'] } }, { id: 1, category: 1 }),
      none: await methods.getAgents({ category: 'none' }),
    };
  },
  { ...options, unordered: true },
);

differential(
  'agents › getAgentIdsByMCPServerName and getAgentsWithMCPServerNames read the MCP server index',
  async ({ methods, dal }) => {
    const a = await seedAgent(dal, 'agent_a', { mcpServerNames: ['alpha', 'beta'] });
    await seedAgent(dal, 'agent_b', { mcpServerNames: ['beta'] }, 1);
    await seedAgent(dal, 'agent_c', { mcpServerNames: [] }, 2);
    await seedAgent(dal, 'agent_d', {}, 3);
    return {
      a,
      alpha: await methods.getAgentIdsByMCPServerName('alpha'),
      beta: await methods.getAgentIdsByMCPServerName('beta'),
      gamma: await methods.getAgentIdsByMCPServerName('gamma'),
      withNames: await methods.getAgentsWithMCPServerNames(),
    };
  },
  { ...options, unordered: true },
);

differential('agents › countPromotedAgents counts is_promoted agents only', async ({ methods, dal }) => {
  const before = await methods.countPromotedAgents();
  await seedAgent(dal, 'agent_a', { is_promoted: true });
  await seedAgent(dal, 'agent_b', { is_promoted: false }, 1);
  await seedAgent(dal, 'agent_c', { is_promoted: true }, 2);
  await seedAgent(dal, 'agent_d', {}, 3);
  return { before, after: await methods.countPromotedAgents() };
});

differential(
  'agents › getSharedResourceFileIds reports references left once the caller’s own is excluded',
  async ({ methods, dal }) => {
    const a = await seedAgent(dal, 'agent_a', {
      tool_resources: { file_search: { file_ids: ['f1', 'f2'] }, context: { file_ids: ['f2', 'f3'] } },
    });
    await seedAgent(
      dal,
      'agent_b',
      { tool_resources: { ocr: { file_ids: ['f3'] }, code_interpreter: { file_ids: ['f4'] } } },
      1,
    );
    await seedAgent(dal, 'agent_c', { tool_resources: { execute_code: { file_ids: ['f5'] } } }, 2);
    const files = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
    return {
      all: (await methods.getSharedResourceFileIds({ file_ids: files })).sort(),
      withoutA: (await methods.getSharedResourceFileIds({ file_ids: files, excludeAgentObjectId: a })).sort(),
      withoutAFileSearch: (
        await methods.getSharedResourceFileIds({
          file_ids: files,
          excludeAgentObjectId: a,
          excludeToolResource: 'file_search',
        })
      ).sort(),
      empty: await methods.getSharedResourceFileIds({ file_ids: [] }),
      unknownExclusion: (
        await methods.getSharedResourceFileIds({ file_ids: ['f1'], excludeAgentObjectId: MISSING })
      ).sort(),
    };
  },
);

differential(
  'agents › getAgentGraphNodes returns graph fields by logical id, VIEW-filtered with a resolved access context',
  async ({ methods, dal }) => {
    const a = await seedAgent(dal, 'agent_a', {
      tools: ['web_search', 'tool_mcp_alpha'],
      mcpServerNames: ['alpha'],
      edges: [{ from: 'agent_a', to: 'agent_b', edgeType: 'handoff' }],
      subagents: { enabled: true, agent_ids: ['agent_c'] },
      instructions: 'secret',
    });
    const b = await seedAgent(dal, 'agent_b', { agent_ids: ['agent_c'] }, 1);
    await seedAgent(dal, 'agent_c', {}, 2);
    await methods.grantPermission('user', U2, 'agent', a, VIEW);
    await methods.grantPermission('role', 'ADMIN', 'agent', b, VIEW);
    const user = await methods.resolveAgentGraphAccess({ userId: U2 });
    const admin = await methods.resolveAgentGraphAccess({ userId: U2, role: 'ADMIN' });
    const sortById = (nodes: Array<{ id: string }>) => [...nodes].sort((x, y) => x.id.localeCompare(y.id));
    return {
      empty: await methods.getAgentGraphNodes([]),
      unrestricted: sortById(await methods.getAgentGraphNodes(['agent_a', 'agent_b', 'agent_c', 'nope'])),
      asUser: sortById(await methods.getAgentGraphNodes(['agent_a', 'agent_b', 'agent_c'], user)),
      asAdmin: sortById(await methods.getAgentGraphNodes(['agent_a', 'agent_b', 'agent_c'], admin)),
      principals: user,
    };
  },
);
