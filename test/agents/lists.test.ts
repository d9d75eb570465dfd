import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';
import { differential } from '../harness/index.js';
import { at, decodeCursor, encodeCursor, SEED_DATES, seedAgent, U2 } from './support.js';

const options = { exactDates: SEED_DATES };

/** Five agents; c and d share an updatedAt (ties broken by _id ascending). */
async function seedList(dal: Dal): Promise<string[]> {
  const ids: string[] = [];
  ids.push(
    await seedAgent(
      dal,
      'agent_a',
      { category: 'research', avatar: { filepath: '/a.png', source: 'local' } },
      1,
    ),
  );
  ids.push(
    await seedAgent(
      dal,
      'agent_b',
      {
        tools: ['execute_code', 'web_search'],
        skills: ['x'],
        skills_enabled: true,
        edges: [{ from: 'agent_b', to: 'agent_a', edgeType: 'handoff', prompt: 'p' }],
        subagents: {
          enabled: true,
          agent_ids: ['agent_a'],
          graphs: [{ agent_ids: ['agent_c'], name: 'g' }],
          extra: 1,
        },
        code_workspace_id: 'ws',
        instructions: 'hidden',
      },
      2,
    ),
  );
  ids.push(await seedAgent(dal, 'agent_c', { tools: ['web_search'], is_promoted: true }, 3));
  ids.push(await seedAgent(dal, 'agent_d', { author: U2 }, 3));
  ids.push(await seedAgent(dal, 'agent_e', { tenantId: 't2' }, 4));
  return ids;
}

const page = (r: { after: string | null }) => ({ ...r, after: decodeCursor(r.after) });

differential(
  'agents › getListAgentsByAccess pages by updatedAt desc then _id, only accessible ids',
  async ({ methods, dal }) => {
    const ids = await seedList(dal);
    const accessibleIds = ids.slice(0, 4) as never;
    const first = await methods.getListAgentsByAccess({ accessibleIds, limit: 2 });
    const second = await methods.getListAgentsByAccess({ accessibleIds, limit: 2, after: first.after });
    const third = await methods.getListAgentsByAccess({ accessibleIds, limit: 2, after: second.after });
    return {
      first: page(first),
      second: page(second),
      third: page(third),
      unpaged: await methods.getListAgentsByAccess({ accessibleIds, limit: null }),
      filtered: await methods.getListAgentsByAccess({ accessibleIds, otherParams: { category: 'research' } }),
      none: await methods.getListAgentsByAccess({}),
    };
  },
  options,
);

differential(
  'agents › getListAgentsByAccess limits: clamped, non-numeric as 20; an invalid cursor is ignored',
  async ({ methods, dal }) => {
    const ids = await seedList(dal);
    const accessibleIds = ids as never;
    const ids_ = (r: { data: Array<Record<string, unknown>> }) => r.data.map((a) => a.id);
    return {
      zero: ids_(await methods.getListAgentsByAccess({ accessibleIds, limit: 0 })),
      negative: ids_(await methods.getListAgentsByAccess({ accessibleIds, limit: -3 })),
      text: ids_(await methods.getListAgentsByAccess({ accessibleIds, limit: 'abc' as never })),
      badCursor: ids_(await methods.getListAgentsByAccess({ accessibleIds, after: 'not base64 json' })),
      emptyOther: ids_(
        await methods.getListAgentsByAccess({
          accessibleIds,
          limit: 1,
          after: encodeCursor({ updatedAt: at(3).toISOString(), _id: ids[3] }),
        }),
      ),
    };
  },
  options,
);

differential(
  'agents › getListAgentsByAccess includes skill and execution configuration on request',
  async ({ methods, dal }) => {
    const ids = await seedList(dal);
    const accessibleIds = ids.slice(0, 3) as never;
    return {
      skills: await methods.getListAgentsByAccess({ accessibleIds, includeSkillConfig: true }),
      execution: await methods.getListAgentsByAccess({ accessibleIds, includeExecutionConfig: true }),
    };
  },
  options,
);

differential(
  'agents › getAgentManagementListByAccess pages a tenant’s agents with version counts',
  async ({ methods, dal }) => {
    const ids = await seedList(dal);
    await seedAgent(dal, 'agent_f', { tenantId: 't2', versions: [{ name: 'v0' }] }, 5);
    const first = await methods.getAgentManagementListByAccess({
      accessibleIds: null,
      tenantId: 't2',
      limit: 1,
    });
    const second = await methods.getAgentManagementListByAccess({
      accessibleIds: null,
      tenantId: 't2',
      limit: 1,
      after: first.after,
    });
    const restricted = await methods.getAgentManagementListByAccess({
      accessibleIds: [new Types.ObjectId(ids[4])] as never,
      tenantId: 't2',
      limit: 5,
    });
    return { first: page(first), second: page(second), restricted: page(restricted) };
  },
  options,
);
