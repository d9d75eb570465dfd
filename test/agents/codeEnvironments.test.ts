/**
 * Agents referencing a code environment (upstream withCodeEnvironmentReference): a registered
 * environment is leased for the write; an unregistered id is deployment configuration; an
 * environment still registering refuses the reference. The lease's release is a conditional $pull
 * on the reservations, which FerretDB ignores without an error (test/README.md), so it is
 * compared only where nothing was leased and proven in the [postgresql] suite.
 */
import { env } from '../codeEnvironments/support.js';
import { differential } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { errorOf, U1 } from './support.js';

const base = { provider: 'openai', model: 'gpt-4o', author: U1 };

const leases = async (dal: Parameters<Parameters<typeof differential>[1]>[0]['dal']) =>
  ((await stored(dal, 'CodeEnvironment')) as Array<Record<string, unknown>>).map((e) => ({
    environmentId: e.environmentId,
    pendingAgentReferences: e.pendingAgentReferences,
  }));

differential(
  'agents › createAgent and updateAgent reference a registered code environment or deployment configuration',
  async ({ methods }) => {
    const ready = await methods.createCodeEnvironment(env('ready'));
    await methods.completeCodeEnvironmentRegistration(ready._id);
    const created = await methods.createAgent({ id: 'agent_a', ...base, code_environment_id: 'ready' });
    const deployment = await methods.createAgent({
      id: 'agent_b',
      ...base,
      code_environment_id: 'from-config',
    });
    const updated = await methods.updateAgent({ id: 'agent_b' }, { code_environment_id: 'ready' });
    return { created, deployment, updated };
  },
);

differential(
  'agents › a code environment still registering refuses the reference; nothing is written',
  async ({ methods, dal }) => {
    await methods.createCodeEnvironment(env('pending'));
    await methods.createAgent({ id: 'agent_a', ...base });
    return {
      create: await methods
        .createAgent({ id: 'agent_b', ...base, code_environment_id: 'pending' })
        .catch(errorOf),
      update: await methods.updateAgent({ id: 'agent_a' }, { code_environment_id: 'pending' }).catch(errorOf),
      agents: await methods.getAgents({}, 'id code_environment_id'),
      leases: await leases(dal),
    };
  },
);

differential('agents › revertAgentVersion re-leases the version’s code environment', async ({ methods }) => {
  const ready = await methods.createCodeEnvironment(env('ready'));
  await methods.completeCodeEnvironmentRegistration(ready._id);
  await methods.createAgent({ id: 'agent_a', ...base, code_environment_id: 'ready' });
  await methods.updateAgent({ id: 'agent_a' }, { $unset: { code_environment_id: 1 }, name: 'N' });
  const reverted = await methods.revertAgentVersion({ id: 'agent_a' }, 0);
  return { reverted };
});
