/**
 * Skill-sync credentials on PostgreSQL: FerretDB refuses upstream's projected findAndModify
 * (`findOneAndUpdate(…).select('+tokenHash')`), so the differential credential tests are
 * allow-listed; the behaviour and the storage of the secret are proven here.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';

const ADMIN = new Types.ObjectId('6a0000000000000000000001');
const OTHER = new Types.ObjectId('6a0000000000000000000002');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('[postgresql] skillSync › credentials', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;
  const stored = async (credentialKey: string) => {
    const { rows } = await dal.engine.pool!.query(
      'SELECT encrypted_token, token_hash, created_by, updated_by, created_at, updated_at FROM skillsynccredentials WHERE credential_key = $1',
      [credentialKey],
    );
    return rows[0];
  };

  test('the token is stored encrypted (upstream encryptV2) with its sha256; summaries expose only a fingerprint', async () => {
    await resetDal(dal);
    const created = await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: 'main',
      token: 'ghp_first',
      userId: ADMIN,
    });
    expect(created).toEqual({
      provider: 'github',
      credentialKey: 'main',
      credentialPresent: true,
      tokenFingerprint: sha256('ghp_first').slice(0, 12),
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const row = await stored('main');
    expect(row.encrypted_token).not.toContain('ghp_first');
    expect(row.encrypted_token).toMatch(/^[0-9a-f]{32}:[0-9a-f]+$/);
    expect(row.token_hash).toBe(sha256('ghp_first'));
    expect(row.created_by).toBe(String(ADMIN));
    expect(await methods.getSkillSyncCredentialToken('github', 'main')).toBe('ghp_first');

    const rotated = await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: 'main',
      token: 'ghp_second',
      userId: OTHER,
    });
    expect(rotated.tokenFingerprint).toBe(sha256('ghp_second').slice(0, 12));
    expect(rotated.createdAt).toEqual(created.createdAt);
    const after = await stored('main');
    expect([after.created_by, after.updated_by]).toEqual([String(ADMIN), String(OTHER)]);
    expect(after.encrypted_token).not.toBe(row.encrypted_token);
    expect(await methods.getSkillSyncCredentialToken('github', 'main')).toBe('ghp_second');
    expect(await methods.getSkillSyncCredentialSummary('github', 'main')).toEqual(rotated);
  });

  test('list (by key), delete, and upserts without validators as upstream', async () => {
    await resetDal(dal);
    await methods.upsertSkillSyncCredential({ provider: 'github', credentialKey: 'zeta', token: 'z' });
    await methods.upsertSkillSyncCredential({ provider: 'github', credentialKey: 'alpha', token: 'a' });
    await methods.upsertSkillSyncCredential({
      provider: 'github',
      credentialKey: '-not validated',
      token: 'n',
    });
    const list = await methods.listSkillSyncCredentials('github');
    expect(list.map((c) => c.credentialKey)).toEqual(['-not validated', 'alpha', 'zeta']);
    expect(list.every((c) => !('encryptedToken' in c) && !('tokenHash' in c))).toBe(true);
    expect(await methods.deleteSkillSyncCredential('github', 'alpha')).toEqual({ deleted: true });
    expect(await methods.deleteSkillSyncCredential('github', 'alpha')).toEqual({ deleted: false });
    expect(await methods.getSkillSyncCredentialToken('github', 'alpha')).toBeNull();
    expect(await methods.getSkillSyncCredentialSummary('github', 'alpha')).toBeNull();
    expect((await methods.listSkillSyncCredentials('github')).map((c) => c.credentialKey)).toEqual([
      '-not validated',
      'zeta',
    ]);
  });
});
