/**
 * Skill allowlists are pruned to skills that still exist (upstream filterExistingSkillIds): on
 * createAgent, updateAgent and revertAgentVersion; an emptied allowlist disables skills unless the
 * scope is `all` or `selected`.
 */
import type { Dal } from '@librechat/dal';
import { differential } from '../harness/index.js';
import { seed } from '../support/stored.js';
import { U1 } from './support.js';

const base = { provider: 'openai', model: 'gpt-4o', author: U1 };
const KEPT = '6a00000000000000000000a1';
const GONE = '6a00000000000000000000a2';

async function seedSkill(dal: Dal): Promise<void> {
  await seed(dal, 'Skill', {
    _id: KEPT,
    name: 'kept-skill',
    description: 'A skill that exists',
    author: U1,
    authorName: 'Ann',
    body: 'Do the thing.',
  });
}

differential(
  'agents › createAgent prunes skill ids to stored skills; an emptied allowlist disables skills',
  async ({ methods, dal }) => {
    await seedSkill(dal);
    return {
      kept: await methods.createAgent({
        id: 'agent_a',
        ...base,
        skills: [GONE, KEPT.toUpperCase(), KEPT, 'x'],
        skills_enabled: true,
      }),
      emptied: await methods.createAgent({ id: 'agent_b', ...base, skills: [GONE], skills_enabled: true }),
      selected: await methods.createAgent({
        id: 'agent_c',
        ...base,
        skills: [GONE],
        skills_enabled: true,
        skills_scope: 'selected',
      }),
      none: await methods.createAgent({
        id: 'agent_d',
        ...base,
        skills: [GONE],
        skills_enabled: true,
        skills_scope: 'none',
      }),
    };
  },
);

differential(
  'agents › updateAgent and revertAgentVersion prune skill ids; a stored scope opts out of disabling',
  async ({ methods, dal }) => {
    await seedSkill(dal);
    await methods.createAgent({ id: 'agent_a', ...base, skills: [KEPT], skills_enabled: true });
    await methods.createAgent({ id: 'agent_b', ...base, skills_scope: 'all', skills_enabled: true });
    const pruned = await methods.updateAgent({ id: 'agent_a' }, { skills: [KEPT, GONE] });
    const emptied = await methods.updateAgent({ id: 'agent_a' }, { skills: [GONE] });
    const scoped = await methods.updateAgent({ id: 'agent_b' }, { skills: [GONE] });
    const explicitEmpty = await methods.updateAgent({ id: 'agent_b' }, { skills: [] });
    await methods.updateAgent({ id: 'agent_a' }, { skills: [GONE, KEPT], name: 'again' });
    const reverted = await methods.revertAgentVersion({ id: 'agent_a' }, 0);
    return { pruned, emptied, scoped, explicitEmpty, reverted };
  },
);
