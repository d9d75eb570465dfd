/**
 * What FerretDB cannot compare, proven on PostgreSQL: upstream's snapshot reads aggregate with
 * $filter, $slice, $indexOfCP and $group $push, which FerretDB lacks (upstream turns that into a
 * generic proof_unavailable), so whole proofs, their rejection reasons and re-assertion are
 * checked here against what the stored documents say.
 */
import { Types } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { seed, stored } from '../support/stored.js';
import {
  boot,
  configTarget,
  createMCPAuthorityConfigSourceRevision,
  createMCPAuthorityCredentialRevision,
  errorOf,
} from './support.js';
import { at, id, OTHER, resolve, seedWorld, targets, USER } from './world.js';

type Doc = Record<string, any>;

describe('[postgresql] mcpAuthority › snapshots FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('a proof names each server’s access path, credentials and OAuth generation from the stored rows', async () => {
    await resetDal(dal);
    await seedWorld(dal);
    const t = await targets(dal);
    const proof = await resolve(methods, [t.fixed, t.beta, t.alpha]);
    expect(Object.isFrozen(proof)).toBe(true);
    expect(proof.shared.user).toMatchObject({
      userId: USER,
      tenantId: null,
      role: 'USER',
      provider: 'local',
    });
    expect(proof.shared.role).toMatchObject({ id: '6b0000000000000000000010', name: 'USER', use: true });
    expect(proof.shared.boot).toEqual(boot);
    expect(proof.shared.groups).toEqual([]);
    expect(proof.shared.configs.map((c) => [c.principalType, c.principalId, c.present])).toEqual([
      ['role', '__base__', false],
      ['role', 'USER', false],
      ['user', USER, false],
    ]);
    const byName = Object.fromEntries(proof.servers.map((s) => [s.serverName, s]));
    expect(proof.servers.map((s) => s.serverName)).toEqual(['alpha', 'beta', 'fixed']);
    expect(byName.alpha).toMatchObject({
      source: 'database',
      databaseId: id(1),
      sourceRevision: t.alpha.sourceRevision,
      serverRevision: t.alpha.sourceRevision,
      directAccess: true,
      agentAccess: false,
      linkedAgentIds: [],
      credentialFields: ['API_KEY'],
      credentialRevision: t.alpha.expectedCredentialRevision,
      requiresOAuth: true,
      oauthGrantGeneration: 'gen-1',
    });
    expect(byName.beta).toMatchObject({ directAccess: false, agentAccess: true, linkedAgentIds: [id(20)] });
    expect(byName.fixed).toMatchObject({
      source: 'config',
      databaseId: null,
      sourceRevision: createMCPAuthorityConfigSourceRevision(boot.digest, []),
      credentialRevision: createMCPAuthorityCredentialRevision([], []),
      oauthGrantGeneration: null,
    });
    // The same snapshot twice is the same proof.
    expect(await resolve(methods, [t.alpha, t.beta, t.fixed])).toEqual(proof);
  });

  test('rejection reasons follow the stored data', async () => {
    await resetDal(dal);
    await seedWorld(dal);
    const t = await targets(dal);
    const reason = async (list: unknown[]) => errorOf(await resolve(methods, list).catch((e) => e));
    expect(await reason([t.gamma])).toMatchObject({ reason: 'access_revoked', serverName: 'gamma' });
    expect(await reason([{ ...t.beta, sourceRevision: 'stale' }])).toMatchObject({
      reason: 'server_changed',
    });
    expect(await reason([{ ...t.beta, databaseId: id(9) }])).toMatchObject({
      reason: 'server_changed',
      message: 'Selected MCP database identity changed',
    });
    expect(await reason([{ ...t.beta, serverName: 'delta' }])).toMatchObject({ reason: 'server_revoked' });
    expect(await reason([configTarget('alpha')])).toMatchObject({
      reason: 'server_changed',
      serverName: 'alpha',
    });
    expect(await reason([configTarget('other', { sourceRevision: 'stale' })])).toMatchObject({
      reason: 'config_changed',
    });
    expect(await reason([{ ...t.alpha, expectedCredentialRevision: 'stale' }])).toMatchObject({
      reason: 'credential_changed',
    });
    expect(await reason([{ ...t.alpha, expectedOAuthGrantGeneration: 'gen-0' }])).toMatchObject({
      reason: 'oauth_grant_changed',
    });
    expect(
      errorOf(
        await methods
          .resolveMCPAuthorityProof({ userId: OTHER, boot, targets: [t.fixed] as never })
          .catch((e) => e),
      ),
    ).toMatchObject({ reason: 'user_revoked' });
  });

  test('a config document for the role changes the config proof; a group membership adds a slot', async () => {
    await resetDal(dal);
    await seedWorld(dal);
    const configDoc = {
      _id: id(60),
      principalType: 'role',
      principalId: 'USER',
      principalModel: 'Role',
      priority: 10,
      overrides: { mcpSettings: { allowedDomains: ['x.example'] }, interface: { a: 1 } },
      tombstones: ['mcpSettings.old', 'interface.x'],
      isActive: true,
      configVersion: 3,
      createdAt: at(7),
    };
    await seed(dal, 'Config', configDoc);
    await seed(dal, 'Group', {
      _id: id(70),
      name: 'Team',
      source: 'local',
      memberIds: [USER],
      createdAt: at(8),
    });
    const [storedConfig] = (await stored(dal, 'Config')) as Doc[];
    const sourceRevision = createMCPAuthorityConfigSourceRevision(boot.digest, [
      {
        ...storedConfig,
        overrides: { mcpSettings: storedConfig?.overrides.mcpSettings },
        tombstones: ['mcpSettings.old'],
      },
    ] as never);
    const proof = await resolve(methods, [configTarget('fixed', { sourceRevision })]);
    expect(proof.shared.groups.map((g) => g.id)).toEqual([id(70)]);
    const role = proof.shared.configs.find((c) => c.principalId === 'USER');
    expect(role).toMatchObject({
      present: true,
      active: true,
      priority: 10,
      configVersion: 3,
      tombstones: ['mcpSettings.old'],
    });
    expect(proof.shared.configs.map((c) => c.principalType)).toContain('group');
  });

  test('assertMCPAuthorityProofsCurrent: current passes; ACL, role and boot changes are named', async () => {
    await resetDal(dal);
    await seedWorld(dal);
    const t = await targets(dal);
    const proof = await resolve(methods, [t.alpha, t.beta, t.fixed]);
    const assert = (b = boot) =>
      methods
        .assertMCPAuthorityProofsCurrent({ proofs: [proof], boot: b })
        .then(() => 'current')
        .catch((e) => errorOf(e));
    expect(await assert()).toBe('current');
    expect(await assert({ ...boot, digest: 'other' } as never)).toMatchObject({
      reason: 'boot_revision_changed',
    });
    await methods.deleteAclEntries({
      resourceType: 'agent',
      resourceId: new Types.ObjectId(id(20)),
    } as never);
    expect(await assert()).toMatchObject({ reason: 'access_revoked', serverName: 'beta' });
    await methods.updateAccessPermissions('USER', { MCP_SERVERS: { USE: false } } as never);
    expect(await assert()).toMatchObject({ reason: 'mcp_use_revoked' });
  });

  test('a caller session that is not in a transaction is replaced; one in a transaction is refused', async () => {
    await resetDal(dal);
    await seedWorld(dal);
    const t = await targets(dal);
    const idle = { inTransaction: () => false };
    const busy = { inTransaction: () => true };
    const proof = await methods.resolveMCPAuthorityProof({
      userId: USER,
      boot,
      targets: [t.fixed] as never,
      session: idle as never,
    });
    expect(proof.servers.map((s) => s.serverName)).toEqual(['fixed']);
    const refused = await methods
      .resolveMCPAuthorityProof({ userId: USER, boot, targets: [t.fixed] as never, session: busy as never })
      .catch((e) => errorOf(e));
    expect(refused).toMatchObject({
      reason: 'proof_unavailable',
      message: 'MCP authority reads cannot use a caller transaction snapshot',
    });
  });
});
