/**
 * What FerretDB cannot compare, proven on PostgreSQL: the `$size` aggregation expression
 * (getAgentWithVersionCount, getAgentManagementListByAccess), the compound unique index over a
 * missing tenantId (createAgent duplicates), `$pull` with an `$in` condition (deleteUserAgents'
 * favorites cleanup) and releasing code-environment leases (a conditional `$pull`).
 */
import { Types } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { makeUser } from '../aclEntries/support.js';
import { fileDal, resetDal } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { seedAgent, U1, U2 } from './support.js';

const base = { provider: 'openai', model: 'gpt-4o', author: U1 };
const OWNER = 15;

describe('[postgresql] agents › methods FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('getAgentWithVersionCount counts versions and drops them; no match is null', async () => {
    await resetDal(dal);
    await seedAgent(dal, 'agent_a', { versions: [{ name: 'v0' }, { name: 'v1' }, { name: 'v2' }] });
    await seedAgent(dal, 'agent_b', { versions: [] });
    const a = await methods.getAgentWithVersionCount({ id: 'agent_a' });
    expect(a).toMatchObject({ id: 'agent_a', version: 3 });
    expect(a).not.toHaveProperty('versions');
    expect(await methods.getAgentWithVersionCount({ id: 'agent_b' })).toMatchObject({ version: 0 });
    expect(await methods.getAgentWithVersionCount({ id: 'nope' })).toBeNull();
  });

  test('getAgentManagementListByAccess pages a tenant by updatedAt desc with version counts', async () => {
    await resetDal(dal);
    const older = await seedAgent(dal, 'agent_old', { tenantId: 't2', versions: [{}, {}] }, 1);
    const newer = await seedAgent(dal, 'agent_new', { tenantId: 't2', versions: [{}] }, 2);
    await seedAgent(dal, 'agent_other', { tenantId: 't3' }, 3);
    const first = await methods.getAgentManagementListByAccess({
      accessibleIds: null,
      tenantId: 't2',
      limit: 1,
    });
    expect(first.data.map((a) => [a.id, a.version])).toEqual([['agent_new', 1]]);
    expect(first.data[0]).not.toHaveProperty('versions');
    expect(first.has_more).toBe(true);
    const second = await methods.getAgentManagementListByAccess({
      accessibleIds: null,
      tenantId: 't2',
      limit: 1,
      after: first.after,
    });
    expect(second.data.map((a) => [a.id, a.version])).toEqual([['agent_old', 2]]);
    expect(second).toMatchObject({ has_more: false, after: null });
    const restricted = await methods.getAgentManagementListByAccess({
      accessibleIds: [new Types.ObjectId(older)],
      tenantId: 't2',
      limit: 5,
    });
    expect(restricted.data.map((a) => a.id)).toEqual(['agent_old']);
    expect(newer).not.toBe(older);
  });

  test('createAgent refuses a second agent with the same id (untenanted): E11000 on id_1_tenantId_1', async () => {
    await resetDal(dal);
    await methods.createAgent({ id: 'agent_a', ...base });
    const error = await methods
      .createAgent({ id: 'agent_a', ...base })
      .catch((e: Error & { code?: number }) => e);
    expect(error).toMatchObject({ name: 'MongoServerError', code: 11000 });
    expect(String((error as Error).message)).toContain('id_1_tenantId_1');
    expect(await methods.getAgents({ id: 'agent_a' })).toHaveLength(1);
  });

  test('deleteUserAgents pulls the deleted agents from every user’s favorites, keeping the rest', async () => {
    await resetDal(dal);
    const sole = await seedAgent(dal, 'agent_sole');
    const shared = await seedAgent(dal, 'agent_shared');
    await seedAgent(dal, 'agent_legacy');
    await methods.grantPermission('user', U1, 'agent', sole, OWNER);
    await methods.grantPermission('user', U1, 'agent', shared, OWNER);
    await methods.grantPermission('user', U2, 'agent', shared, OWNER);
    await makeUser(dal, 'bob', {
      favorites: [
        { agentId: 'agent_sole' },
        { agentId: 'agent_legacy' },
        { agentId: 'agent_shared' },
        { model: 'm' },
      ],
    });
    await methods.deleteUserAgents(U1);
    const [bob] = (await stored(dal, 'User')) as Array<{ favorites: unknown }>;
    expect(bob?.favorites).toEqual([{ agentId: 'agent_shared' }, { model: 'm' }]);
    expect((await methods.getAgents({}, 'id')).map((a) => a.id)).toEqual(['agent_shared']);
  });

  test('code-environment leases taken by createAgent, updateAgent and revertAgentVersion are released', async () => {
    await resetDal(dal);
    const ready = await methods.createCodeEnvironment({
      environmentId: 'ready',
      name: 'Ready',
      type: 'managed',
      baseURL: 'https://code.example.com/ready',
      controlPlaneId: 'cp-1',
      createdBy: U1,
    } as never);
    await methods.completeCodeEnvironmentRegistration(ready._id);
    const leasesOf = async () =>
      ((await stored(dal, 'CodeEnvironment')) as Array<{ pendingAgentReferences?: unknown[] }>)[0]
        ?.pendingAgentReferences;
    await methods.createAgent({ id: 'agent_a', ...base, code_environment_id: 'ready' });
    expect(await leasesOf()).toEqual([]);
    await methods.updateAgent({ id: 'agent_a' }, { $unset: { code_environment_id: 1 }, name: 'N' });
    const reverted = await methods.revertAgentVersion({ id: 'agent_a' }, 0);
    expect(reverted).toMatchObject({ code_environment_id: 'ready' });
    expect(await leasesOf()).toEqual([]);
  });
});
