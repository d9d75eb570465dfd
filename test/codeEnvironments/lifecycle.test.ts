/** Registration, removal leases, deletion tombstones and a deleted user's environments. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { count, env, insertDoc, U1, U2 } from './support.js';

const failure = (error: Error) => ({ name: error.name, message: error.message });

differential(
  'codeEnvironments › completeCodeEnvironmentRegistration commits once; unknown ids throw',
  async ({ methods }) => {
    const created = await methods.createCodeEnvironment(env('r'));
    await methods.completeCodeEnvironmentRegistration(String(created._id));
    return {
      stored: await methods.findCodeEnvironmentByEnvironmentId('r'),
      again: await methods.completeCodeEnvironmentRegistration(String(created._id)).catch(failure),
      unknown: await methods.completeCodeEnvironmentRegistration('6a00000000000000000000ff').catch(failure),
      bad: await methods.completeCodeEnvironmentRegistration('bad').catch(failure),
    };
  },
);

differential(
  'codeEnvironments › deleteCodeEnvironmentById retires the id (per tenant); discard does not',
  async ({ methods }) => {
    const a = await methods.createCodeEnvironment(env('a'));
    const b = await methods.createCodeEnvironment(env('b'));
    const deleted = await methods.deleteCodeEnvironmentById(String(a._id));
    const recreate = await methods.createCodeEnvironment(env('a')).catch(failure);
    const recreateLimited = await methods.createCodeEnvironmentWithinOwnerLimit(env('a'), 5).catch(failure);
    const otherTenant = await inTenant('t1', () => methods.createCodeEnvironment(env('a')));
    await methods.discardCodeEnvironmentById(String(b._id));
    const afterDiscard = await methods.createCodeEnvironment(env('b'));
    return {
      deleted,
      recreate,
      recreateLimited,
      otherTenant,
      afterDiscard,
      unknown: await methods.deleteCodeEnvironmentById('6a00000000000000000000ff'),
      discardUnknown: await methods.discardCodeEnvironmentById('6a00000000000000000000ff'),
      left: (await methods.listCodeEnvironmentIds()).sort(),
    };
  },
);

differential(
  'codeEnvironments › removal leases: begin, a live lease blocks, cancel needs the lease, commit ends it',
  async ({ methods }) => {
    const created = await methods.createCodeEnvironment(env('l'));
    const id = String(created._id);
    const begun = await methods.beginCodeEnvironmentRemoval(id);
    const blocked = await methods.beginCodeEnvironmentRemoval(id);
    await methods.cancelCodeEnvironmentRemoval(id, 'wrong-lease');
    const stillLeased = await methods.findCodeEnvironmentByEnvironmentId('l');
    await methods.cancelCodeEnvironmentRemoval(id, String(begun?.deletionLeaseId));
    const cancelled = await methods.findCodeEnvironmentByEnvironmentId('l');
    const again = await methods.beginCodeEnvironmentRemoval(id);
    const lost = await methods.commitCodeEnvironmentRemoval(id, 'wrong-lease').catch(failure);
    await methods.commitCodeEnvironmentRemoval(id, String(again?.deletionLeaseId));
    const committed = await methods.findCodeEnvironmentByEnvironmentId('l');
    const afterCommit = await methods.beginCodeEnvironmentRemoval(id);
    await methods.cancelCodeEnvironmentRemoval(id, String(again?.deletionLeaseId));
    return {
      begun,
      blocked,
      stillLeased,
      cancelled,
      again,
      lost,
      committed,
      afterCommit,
      cancelAfterCommit: await methods.findCodeEnvironmentByEnvironmentId('l'),
      unknown: await methods.beginCodeEnvironmentRemoval('6a00000000000000000000ff'),
      bad: await methods.beginCodeEnvironmentRemoval('bad').catch(failure),
    };
  },
);

// Pending agent references are proven in postgres.test.ts: FerretDB silently ignores both the
// `$not: { $elemMatch }` condition and the conditional `$pull` on the reservation array.
differential(
  'codeEnvironments › beginCodeEnvironmentRemoval takes over an expired lease; an empty reservation list does not block',
  async ({ methods }) => {
    const past = new Date(Date.now() - 60 * 60_000);
    const future = new Date(Date.now() + 60 * 60_000);
    const expiredLease = await methods.createCodeEnvironment({
      ...env('expired'),
      deletionStartedAt: past,
      deletionLeaseId: 'old',
      deletionLeaseExpiresAt: past,
    } as never);
    const liveLease = await methods.createCodeEnvironment({
      ...env('leased'),
      deletionStartedAt: past,
      deletionLeaseId: 'current',
      deletionLeaseExpiresAt: future,
    } as never);
    const empty = await methods.createCodeEnvironment({
      ...env('empty'),
      pendingAgentReferences: [],
    } as never);
    return {
      takenOver: await methods.beginCodeEnvironmentRemoval(String(expiredLease._id)),
      liveLease: await methods.beginCodeEnvironmentRemoval(String(liveLease._id)),
      empty: await methods.beginCodeEnvironmentRemoval(String(empty._id)),
    };
  },
);

differential(
  'codeEnvironments › deleteUserCodeEnvironments removes unreferenced environments and their grants',
  async ({ methods, dal }) => {
    const plain = await methods.createCodeEnvironment(env('plain'));
    await methods.createCodeEnvironment(env('used'));
    await methods.createCodeEnvironment({ ...env('revoking'), revocationPendingAt: new Date() } as never);
    const committed = await methods.createCodeEnvironment(env('committed'));
    await methods
      .beginCodeEnvironmentRemoval(String(committed._id))
      .then((c) => methods.commitCodeEnvironmentRemoval(String(committed._id), String(c?.deletionLeaseId)));
    await methods.createCodeEnvironment(env('other', U2));
    await insertDoc(dal, 'Agent', 'agents', {
      id: 'agent_1',
      name: 'A',
      provider: 'openAI',
      model: 'gpt-4o',
      author: U1,
      code_environment_id: 'used',
    });
    for (const resourceId of [plain._id, committed._id]) {
      await insertDoc(dal, 'AclEntry', 'aclentries', {
        principalType: 'user',
        principalId: U2,
        principalModel: 'User',
        resourceType: 'codeEnvironment',
        resourceId,
        permBits: 1,
      });
    }
    const deleted = await methods.deleteUserCodeEnvironments(String(U1));
    return {
      deleted,
      left: (await methods.listCodeEnvironmentIds()).sort(),
      used: await methods.findCodeEnvironmentByEnvironmentId('used'),
      grants: await count(dal, 'AclEntry', 'aclentries'),
      retired: await methods.createCodeEnvironment(env('plain')).catch(failure),
      none: await methods.deleteUserCodeEnvironments(U2.toHexString().replace('2', '3')),
      bad: await methods.deleteUserCodeEnvironments('bad').catch(failure),
    };
  },
);
