import { differential } from '../harness/index.js';
import { errorOf, SEED_DATES, seedAgent, U1, U2, withLoggedErrors } from './support.js';

const options = { exactDates: SEED_DATES };
const base = { provider: 'openai', model: 'gpt-4o', author: U1 };

differential(
  'agents › createAgent stores the first version, the category default and the derived MCP server index',
  async ({ methods }) => {
    const created = await methods.createAgent({
      id: 'agent_a',
      name: 'A',
      ...base,
      tools: ['web_search', 'search_mcp_alpha', 'other_mcp_beta', 'act_action_x_mcp_y'],
      category: '',
    });
    const supplied = await methods.createAgent({
      id: 'agent_b',
      ...base,
      tools: ['search_mcp_alpha'],
      mcpServerNames: ['resolved'],
      category: 'research',
    });
    return { created, supplied, stored: await methods.getAgent({ id: 'agent_a' }, {}) };
  },
);

differential(
  'agents › createAgent validation errors; skill ids that are not ids are dropped and disable skills unless scoped',
  async ({ methods }) => {
    const missingModel = await methods
      .createAgent({ id: 'agent_x', provider: 'openai', author: U1 })
      .catch(errorOf);
    const badScope = await methods
      .createAgent({ id: 'agent_s', ...base, skills_scope: 'bogus' })
      .catch(errorOf);
    const invalidSkills = await methods.createAgent({
      id: 'agent_k',
      ...base,
      skills: ['not-an-id'],
      skills_enabled: true,
    });
    const allScope = await methods.createAgent({
      id: 'agent_l',
      ...base,
      skills: ['nope'],
      skills_enabled: true,
      skills_scope: 'all',
    });
    return { missingModel, badScope, invalidSkills, allScope };
  },
);

differential(
  'agents › updateAgent records a version per change, suppresses an identical one and tracks the updater',
  async ({ methods }) => {
    await methods.createAgent({ id: 'agent_a', name: 'A', ...base });
    const renamed = await methods.updateAgent({ id: 'agent_a' }, { name: 'B' }, { updatingUserId: U2 });
    const same = await methods.updateAgent({ id: 'agent_a' }, { name: 'B' });
    const forced = await methods.updateAgent({ id: 'agent_a' }, { name: 'B' }, { forceVersion: true });
    const skipped = await methods.updateAgent(
      { id: 'agent_a' },
      { description: 'd' },
      { skipVersioning: true },
    );
    const missing = await methods.updateAgent({ id: 'nope' }, { name: 'C' });
    return {
      renamed,
      same,
      forced,
      skipped,
      missing,
      versions: await methods.getAgentVersions({ id: 'agent_a' }),
    };
  },
);

differential(
  'agents › updateAgent operators: $push/$addToSet version the prior state, an idempotent $addToSet is suppressed, $unset',
  async ({ methods }) => {
    await methods.createAgent({ id: 'agent_a', ...base, tools: ['a'], conversation_starters: ['hi'] });
    const added = await methods.updateAgent({ id: 'agent_a' }, { $addToSet: { tools: 'b' } });
    const again = await methods.updateAgent(
      { id: 'agent_a' },
      { $addToSet: { tools: { $each: ['a', 'b'] } } },
    );
    const pushed = await methods.updateAgent({ id: 'agent_a' }, { $push: { conversation_starters: 'yo' } });
    const pulled = await methods.updateAgent({ id: 'agent_a' }, { $pull: { tools: 'a' } });
    const unset = await methods.updateAgent({ id: 'agent_a' }, { $unset: { description: 1 }, name: 'N' });
    return {
      added,
      again,
      pushed,
      pulled,
      unset,
      versions: await methods.getAgentVersions({ id: 'agent_a' }),
    };
  },
);

differential(
  'agents › updateAgent tools rebuild the MCP server index from the names already resolved',
  async ({ methods }) => {
    await methods.createAgent({
      id: 'agent_a',
      ...base,
      tools: ['x_mcp_srv_mcp_long'],
      mcpServerNames: ['srv_mcp_long'],
    });
    const kept = await methods.updateAgent(
      { id: 'agent_a' },
      { tools: ['y_mcp_srv_mcp_long', 'z_mcp_other'] },
    );
    const supplied = await methods.updateAgent(
      { id: 'agent_a' },
      { tools: ['q_mcp_p'], mcpServerNames: ['given'] },
    );
    const cleared = await methods.updateAgent({ id: 'agent_a' }, { tools: [] });
    return {
      kept: kept?.mcpServerNames,
      supplied: supplied?.mcpServerNames,
      cleared: cleared?.mcpServerNames,
    };
  },
);

differential(
  'agents › updateAgent hashes action metadata into versions; a changed action defeats suppression',
  async ({ methods }) => {
    await methods.updateAction(
      { actionId: 'act_1' } as never,
      { metadata: { domain: 'a.example', api_key: 'k' }, user: U1 } as never,
    );
    await methods.createAgent({ id: 'agent_a', ...base, actions: ['a.example_action_act_1'] });
    const first = await methods.updateAgent({ id: 'agent_a' }, { name: 'X' });
    const same = await methods.updateAgent({ id: 'agent_a' }, { name: 'X' });
    await methods.updateAction(
      { actionId: 'act_1' } as never,
      { metadata: { domain: 'b.example' } } as never,
    );
    const changed = await methods.updateAgent({ id: 'agent_a' }, { name: 'X' });
    return { first, same, changed, versions: await methods.getAgentVersions({ id: 'agent_a' }) };
  },
);

differential(
  'agents › revertAgentVersion restores a snapshot and unsets fields it lacks; bad index and unknown agent are errors',
  async ({ methods }) => {
    await methods.createAgent({ id: 'agent_a', name: 'One', ...base });
    await methods.updateAgent(
      { id: 'agent_a' },
      { name: 'Two', code_workspace_id: 'ws', skills_scope: 'all' },
    );
    const reverted = await methods.revertAgentVersion({ id: 'agent_a' }, 0);
    return {
      reverted,
      badIndex: await methods.revertAgentVersion({ id: 'agent_a' }, 9).catch(errorOf),
      missing: await methods.revertAgentVersion({ id: 'nope' }, 0).catch(errorOf),
    };
  },
);

differential(
  'agents › addAgentResourceFile adds the file and the tool once; an unknown agent is an error',
  async ({ methods }) => {
    await methods.createAgent({ id: 'agent_a', ...base });
    const first = await methods.addAgentResourceFile({
      agent_id: 'agent_a',
      tool_resource: 'file_search',
      file_id: 'f1',
    });
    const second = await methods.addAgentResourceFile({
      agent_id: 'agent_a',
      tool_resource: 'file_search',
      file_id: 'f2',
      updatingUserId: U2,
    });
    const repeat = await methods.addAgentResourceFile({
      agent_id: 'agent_a',
      tool_resource: 'file_search',
      file_id: 'f2',
    });
    return {
      first,
      second,
      repeat,
      missing: await methods
        .addAgentResourceFile({ agent_id: 'nope', tool_resource: 'context', file_id: 'f' })
        .catch(errorOf),
      versions: await methods.getAgentVersions({ id: 'agent_a' }),
    };
  },
);

differential(
  'agents › removeAgentResourceFiles pulls per resource; an unknown agent is an error',
  async ({ dal, methods }) => {
    await seedAgent(dal, 'agent_a', {
      tool_resources: { file_search: { file_ids: ['f1', 'f2', 'f3'] }, context: { file_ids: ['f2'] } },
    });
    const removed = await methods.removeAgentResourceFiles({
      agent_id: 'agent_a',
      files: [
        { tool_resource: 'file_search', file_id: 'f1' },
        { tool_resource: 'file_search', file_id: 'f3' },
        { tool_resource: 'context', file_id: 'f2' },
        { tool_resource: 'ocr', file_id: 'f9' },
      ],
    });
    const missing = await methods
      .removeAgentResourceFiles({ agent_id: 'nope', files: [{ tool_resource: 'context', file_id: 'f' }] })
      .catch(errorOf);
    return { removed, missing };
  },
  options,
);

differential(
  'agents › removeAgentResourceFilesFromAllAgents pulls the files from every tool resource of every agent',
  async ({ dal, methods }) => {
    await seedAgent(dal, 'agent_a', {
      tool_resources: { file_search: { file_ids: ['f1', 'f2'] }, ocr: { file_ids: ['f1'] } },
    });
    await seedAgent(dal, 'agent_b', { tool_resources: { execute_code: { file_ids: ['f2', 'f3'] } } }, 1);
    await seedAgent(dal, 'agent_c', { tool_resources: { code_interpreter: { file_ids: ['f1'] } } }, 2);
    const empty = await methods.removeAgentResourceFilesFromAllAgents({ file_ids: [] });
    const result = await methods.removeAgentResourceFilesFromAllAgents({ file_ids: ['f1', 'f2'] });
    const noMatch = await methods.removeAgentResourceFilesFromAllAgents({ file_ids: ['f9'] });
    return { empty, result, noMatch, agents: await methods.getAgents({}, 'id tool_resources') };
  },
  { ...options, unordered: true },
);

differential(
  'agents › generateActionMetadataHash is order-independent and empty without actions',
  async ({ methods }) => {
    const actions = [
      { action_id: 'a1', metadata: { b: 2, a: 1 } },
      { action_id: 'a2', metadata: null },
    ];
    return {
      hash: await methods.generateActionMetadataHash(['d_action_a2', 'd_action_a1'], actions as never),
      reordered: await methods.generateActionMetadataHash(['d_action_a1', 'd_action_a2'], actions as never),
      empty: await methods.generateActionMetadataHash([], actions as never),
      none: await methods.generateActionMetadataHash(null, actions as never),
    };
  },
);

differential(
  'agents › updateAgent hashes actions that are not stored as null metadata; nothing is logged',
  async ({ methods, dal }) => {
    await seedAgent(dal, 'agent_a', { actions: ['d_action_x', 'bad'], versions: [{ name: 'old' }] });
    return withLoggedErrors(async () => ({
      updated: await methods.updateAgent({ id: 'agent_a' }, { name: 'Y' }),
      versions: await methods.getAgentVersions({ id: 'agent_a' }),
    }));
  },
  options,
);
