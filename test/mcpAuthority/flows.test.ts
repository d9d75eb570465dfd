/**
 * Whole authority snapshots on both engines, over documents with fixed ids and times so every
 * digest is comparable: resolving proofs for database servers (direct ACL, agent-linked ACL,
 * credentials, OAuth grants) and config servers, each rejection reason, and re-asserting a proof
 * after the principal, role, ACL, credential or server changed.
 */
import { Types } from 'mongoose';
import { differential } from '../harness/index.js';
import { boot, configTarget, errorOf } from './support.js';
import { DATES, id, OTHER, resolve, seedWorld, targets } from './world.js';

const options = { exactDates: DATES };

differential(
  'mcpAuthority › resolveMCPAuthorityProof proves direct, agent-linked and config servers with credentials and OAuth grants',
  async ({ methods, dal }) => {
    await seedWorld(dal);
    const t = await targets(dal);
    const proof = await resolve(methods, [t.beta, t.alpha, t.fixed]);
    return { proof, frozen: Object.isFrozen(proof) };
  },
  options,
);

differential(
  'mcpAuthority › resolveMCPAuthorityProof rejection reasons: no access, mismatches, unknown server, collisions',
  async ({ methods, dal }) => {
    await seedWorld(dal);
    const t = await targets(dal);
    const attempt = (list: unknown[]) => resolve(methods, list).catch(errorOf);
    return {
      editOnly: await attempt([t.gamma]),
      staleSource: await attempt([{ ...t.beta, sourceRevision: 'stale' }]),
      otherId: await attempt([{ ...t.beta, databaseId: id(9) }]),
      unknown: await attempt([{ ...t.beta, serverName: 'delta' }]),
      configCollides: await attempt([configTarget('alpha')]),
      configStale: await attempt([configTarget('other', { sourceRevision: 'stale' })]),
      credential: await attempt([{ ...t.alpha, expectedCredentialRevision: 'stale' }]),
      oauth: await attempt([{ ...t.alpha, expectedOAuthGrantGeneration: 'gen-0' }]),
      otherUser: await methods
        .resolveMCPAuthorityProof({ userId: OTHER, boot, targets: [t.fixed] as never })
        .catch(errorOf),
    };
  },
  options,
);

differential(
  'mcpAuthority › resolveMCPAuthorityProof without MCP use, or with the role gone, is refused',
  async ({ methods, dal }) => {
    await seedWorld(dal, { use: false });
    const noUse = await resolve(methods, [configTarget('fixed')]).catch(errorOf);
    await methods.deleteRoleByName('USER');
    const noRole = await resolve(methods, [configTarget('fixed')]).catch(errorOf);
    return { noUse, noRole };
  },
  options,
);

differential(
  'mcpAuthority › assertMCPAuthorityProofsCurrent passes for a current proof and names what changed',
  async ({ methods, dal }) => {
    await seedWorld(dal);
    const t = await targets(dal);
    const proof = await resolve(methods, [t.alpha, t.beta, t.fixed]);
    const assert = (b = boot) =>
      methods
        .assertMCPAuthorityProofsCurrent({ proofs: [proof], boot: b })
        .then(() => 'current')
        .catch(errorOf);
    const current = await assert();
    const otherBoot = await assert({ ...boot, digest: 'other' } as never);
    const tampered = await methods
      .assertMCPAuthorityProofsCurrent({ proofs: [{ ...proof, revision: 'x' }] as never, boot })
      .catch(errorOf);
    await methods.deleteAclEntries({
      resourceType: 'agent',
      resourceId: new Types.ObjectId(id(20)),
    } as never);
    const agentAclGone = await assert();
    await methods.updateAccessPermissions('USER', { MCP_SERVERS: { USE: false } } as never);
    const useRevoked = await assert();
    return { current, otherBoot, tampered, agentAclGone, useRevoked };
  },
  options,
);
