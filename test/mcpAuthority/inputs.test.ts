/**
 * What upstream rejects before reading anything (malformed targets, proofs and boot revisions, a
 * tenant context that is not the principal's): the same errors on both engines.
 */
import { differential } from '../harness/index.js';
import { boot, configTarget, errorOf } from './support.js';

const U = '6b0000000000000000000001';

differential(
  'mcpAuthority › resolveMCPAuthorityProof rejects malformed targets before any read',
  async ({ methods }) => {
    const resolve = (targets: unknown, extra: Record<string, unknown> = {}) =>
      methods
        .resolveMCPAuthorityProof({ userId: U, boot, targets: targets as never, ...extra })
        .catch(errorOf);
    return {
      notArray: await resolve('x'),
      empty: await resolve([]),
      tooMany: await resolve(Array.from({ length: 33 }, (_, i) => configTarget(`s${i}`))),
      unnamed: await resolve([configTarget('')]),
      padded: await resolve([configTarget(' s ')]),
      duplicated: await resolve([configTarget('s'), configTarget('s')]),
      ambiguous: await resolve([configTarget('my-server'), configTarget('my_server')]),
      badSource: await resolve([configTarget('s', { source: 'remote' })]),
      configWithId: await resolve([configTarget('s', { databaseId: '6b00000000000000000000aa' })]),
      databaseWithoutId: await resolve([configTarget('s', { source: 'database' })]),
      noRevision: await resolve([configTarget('s', { sourceRevision: '' })]),
      badCredential: await resolve([configTarget('s', { expectedCredentialRevision: 7 })]),
      badOAuth: await resolve([configTarget('s', { expectedOAuthGrantGeneration: '' })]),
      badRequiresOAuth: await resolve([configTarget('s', { requiresOAuth: 'yes' })]),
      noConfig: await resolve([configTarget('s', { resolvedConfig: [] })]),
      tenantMismatch: await resolve([configTarget('s')], { tenantId: 't1' }),
    };
  },
);

differential(
  'mcpAuthority › resolveMCPAuthorityProof rejects a malformed user id or boot revision',
  async ({ methods }) => {
    const targets = [configTarget('s')] as never;
    return {
      badUser: await methods.resolveMCPAuthorityProof({ userId: 'nope', boot, targets }).catch(errorOf),
      blankBoot: await methods
        .resolveMCPAuthorityProof({
          userId: U,
          boot: { revision: ' ', digest: boot.digest } as never,
          targets,
        })
        .catch(errorOf),
      blankDigest: await methods
        .resolveMCPAuthorityProof({ userId: U, boot: { revision: 'r', digest: '' } as never, targets })
        .catch(errorOf),
    };
  },
);

differential(
  'mcpAuthority › assertMCPAuthorityProofsCurrent rejects malformed or tampered proofs before any read',
  async ({ methods }) => {
    const assert = (proofs: unknown, b: unknown = boot) =>
      methods.assertMCPAuthorityProofsCurrent({ proofs: proofs as never, boot: b as never }).catch(errorOf);
    return {
      none: await assert([]),
      tooMany: await assert(Array.from({ length: 33 }, () => ({}))),
      garbage: await assert({ version: 1 }),
      wrongVersion: await assert({ version: 99, shared: {}, servers: [], revision: 'x' }),
    };
  },
);
