/** Skill-sync credentials: upsert (encrypted token, fingerprint), list, read the token, delete. */
import { Types } from 'mongoose';
import { differential } from '../harness/index.js';

const ADMIN = new Types.ObjectId('6a0000000000000000000001');
const OTHER = new Types.ObjectId('6a0000000000000000000002');

// upsertSkillSyncCredential is upstream's findOneAndUpdate(…).select('+tokenHash'): a projected
// findAndModify, which FerretDB refuses (allow-listed); the rest of the group is compared on
// credentials written through it, so those tests are allow-listed too and [postgresql] tests
// in postgres.test.ts prove the behaviour.
differential(
  'skillSync › upsertSkillSyncCredential creates then rotates a credential; the token reads back decrypted',
  async ({ methods }) => {
    const created = await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: 'main',
      token: 'ghp_first',
      userId: ADMIN,
    });
    const rotated = await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: 'main',
      token: 'ghp_second',
      userId: OTHER,
    });
    await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: 'backup',
      token: 'ghp_backup',
    });
    return {
      created,
      rotated,
      token: await methods.getSkillSyncCredentialToken('github', 'main'),
      summary: await methods.getSkillSyncCredentialSummary('github', 'main'),
      list: await methods.listSkillSyncCredentials('github'),
      deleted: await methods.deleteSkillSyncCredential('github', 'backup'),
      deletedAgain: await methods.deleteSkillSyncCredential('github', 'backup'),
      after: (await methods.listSkillSyncCredentials('github')).map((c) => c.credentialKey),
    };
  },
);

differential(
  'skillSync › upsertSkillSyncCredential runs no validators (upstream upserts without runValidators)',
  async ({ methods }) => {
    const attempt = (input: Record<string, unknown>) =>
      methods
        .upsertSkillSyncCredential(input as never)
        .catch((e: Error) => ({ name: e.name, message: e.message }));
    return [
      await attempt({ provider: 'github', credentialKey: '-bad key', token: 't' }),
      await attempt({ provider: 'gitlab', credentialKey: 'ok', token: 't' }),
      await methods.listSkillSyncCredentials('github'),
    ];
  },
);

differential(
  'skillSync › unknown credentials: no token, no summary, nothing to delete',
  async ({ methods }) => ({
    token: await methods.getSkillSyncCredentialToken('github', 'missing'),
    summary: await methods.getSkillSyncCredentialSummary('github', 'missing'),
    deleted: await methods.deleteSkillSyncCredential('github', 'missing'),
    list: await methods.listSkillSyncCredentials('github'),
  }),
);
