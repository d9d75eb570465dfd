/**
 * SkillSyncMethods on PostgreSQL (upstream methods/skillSync.ts). Tokens are stored exactly as
 * upstream stores them: encryptV2 output plus a sha256 hash, both select:false.
 */
import { createHash } from 'node:crypto';
import {
  decryptV2,
  encryptV2,
  type ISkillSyncCredential,
  type ISkillSyncStatus,
  type SkillSyncCredentialSummary,
  type SkillSyncMethods,
  type SkillSyncStatusInput,
  type UpsertSkillSyncCredentialInput,
} from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

type SkillSyncProvider = Parameters<SkillSyncMethods['listSkillSyncStatuses']>[0];
type SkillSyncLockInput = Parameters<SkillSyncMethods['tryAcquireSkillSyncLock']>[0];
type SkillSyncReleaseLockInput = Parameters<SkillSyncMethods['releaseSkillSyncLock']>[0];

const LOCK_SOURCE_ID = '__global_lock__';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function tenantStatusCondition(tenantId?: string) {
  return tenantId ? { tenantId } : { tenantId: { $exists: false } };
}

function summarizeCredential(
  credential: Pick<
    ISkillSyncCredential,
    'provider' | 'credentialKey' | 'tokenHash' | 'createdAt' | 'updatedAt'
  >,
): SkillSyncCredentialSummary {
  return {
    provider: credential.provider,
    credentialKey: credential.credentialKey,
    credentialPresent: true,
    tokenFingerprint: credential.tokenHash.slice(0, 12),
    createdAt: credential.createdAt,
    updatedAt: credential.updatedAt,
  };
}

export function createSkillSyncMethods(ctx: PgContext): SkillSyncMethods {
  const Credential = ctx.collections.skillsynccredentials;
  const Status = ctx.collections.skillsyncstatuses;

  async function upsertSkillSyncCredential(
    input: UpsertSkillSyncCredentialInput,
  ): Promise<SkillSyncCredentialSummary> {
    const encryptedToken = await encryptV2(input.token);
    const tokenHash = hashToken(input.token);
    const update = {
      $set: {
        encryptedToken,
        tokenHash,
        updatedBy: input.userId,
      },
      $setOnInsert: {
        provider: input.provider,
        credentialKey: input.credentialKey,
        createdBy: input.userId,
      },
    };
    const credential = await Credential.findOneAndUpdateLean(
      { provider: input.provider, credentialKey: input.credentialKey },
      update,
      { upsert: true, new: true, select: '+tokenHash' },
    );
    return summarizeCredential(credential as unknown as ISkillSyncCredential);
  }

  async function deleteSkillSyncCredential(
    provider: SkillSyncProvider,
    credentialKey: string,
  ): Promise<{ deleted: boolean }> {
    const result = await Credential.deleteOne({ provider, credentialKey });
    return { deleted: (result.deletedCount ?? 0) > 0 };
  }

  async function listSkillSyncCredentials(
    provider: SkillSyncProvider,
  ): Promise<SkillSyncCredentialSummary[]> {
    const rows = await Credential.find({ provider }, { select: '+tokenHash', sort: { credentialKey: 1 } });
    return rows.map((row) => summarizeCredential(row as unknown as ISkillSyncCredential));
  }

  async function getSkillSyncCredentialToken(
    provider: SkillSyncProvider,
    credentialKey: string,
  ): Promise<string | null> {
    const credential = await Credential.findOne({ provider, credentialKey }, { select: '+encryptedToken' });
    if (!credential) {
      return null;
    }
    return decryptV2((credential as unknown as ISkillSyncCredential).encryptedToken);
  }

  async function getSkillSyncCredentialSummary(
    provider: SkillSyncProvider,
    credentialKey: string,
  ): Promise<SkillSyncCredentialSummary | null> {
    const credential = await Credential.findOne({ provider, credentialKey }, { select: '+tokenHash' });
    if (!credential) {
      return null;
    }
    return summarizeCredential(credential as unknown as ISkillSyncCredential);
  }

  async function listSkillSyncStatuses(provider: SkillSyncProvider): Promise<ISkillSyncStatus[]> {
    const rows = await Status.find(
      { provider, sourceId: { $ne: LOCK_SOURCE_ID } },
      { sort: { sourceId: 1 } },
    );
    return rows as unknown as ISkillSyncStatus[];
  }

  async function getSkillSyncStatus(
    provider: SkillSyncProvider,
    sourceId: string,
    tenantId?: string,
  ): Promise<ISkillSyncStatus | null> {
    const row = await Status.findOne({
      provider,
      sourceId,
      ...tenantStatusCondition(tenantId),
    });
    return (row as ISkillSyncStatus | null) ?? null;
  }

  async function upsertSkillSyncStatus(input: SkillSyncStatusInput): Promise<ISkillSyncStatus> {
    const now = new Date();
    /* A partial run published skills, so it advances `lastSuccessAt` the same
       way a clean run does; the dropped skills live in `skippedSkills`. */
    const success = input.status === 'succeeded' || input.status === 'partial';
    const failure = input.status === 'failed';
    const setPayload: Partial<ISkillSyncStatus> = {
      status: input.status,
      credentialKey: input.credentialKey,
      owner: input.owner,
      repo: input.repo,
      ref: input.ref,
      paths: input.paths,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      syncedSkillCount: input.syncedSkillCount ?? 0,
      syncedFileCount: input.syncedFileCount ?? 0,
      deletedSkillCount: input.deletedSkillCount ?? 0,
      deletedFileCount: input.deletedFileCount ?? 0,
      skippedSkillCount: input.skippedSkillCount ?? 0,
      skippedSkills: input.skippedSkills ?? [],
      skippedFileCount: input.skippedFileCount ?? 0,
      skippedFiles: input.skippedFiles ?? [],
      ...(success ? { lastSuccessAt: input.finishedAt ?? now } : {}),
      ...(failure ? { lastFailureAt: input.finishedAt ?? now } : {}),
    };
    if (failure) {
      setPayload.errorCode = input.errorCode;
      setPayload.errorMessage = input.errorMessage;
    }
    const unsetPayload = failure ? {} : { errorCode: '', errorMessage: '' };
    const row = await Status.findOneAndUpdateLean(
      {
        provider: input.provider,
        sourceId: input.sourceId,
        ...tenantStatusCondition(input.tenantId),
      },
      {
        $set: setPayload,
        ...(failure ? {} : { $unset: unsetPayload }),
        $setOnInsert: {
          provider: input.provider,
          sourceId: input.sourceId,
          ...(input.tenantId ? { tenantId: input.tenantId } : {}),
        },
      },
      { upsert: true, new: true },
    );
    return row as unknown as ISkillSyncStatus;
  }

  async function tryAcquireSkillSyncLock(params: SkillSyncLockInput): Promise<boolean> {
    const now = new Date();
    const lockExpiresAt = new Date(now.getTime() + params.leaseMs);
    const existing = (await Status.findOne({
      provider: params.provider,
      sourceId: LOCK_SOURCE_ID,
      ...tenantStatusCondition(params.tenantId),
    })) as ISkillSyncStatus | null;
    if (existing?.lockOwner && existing.lockExpiresAt && existing.lockExpiresAt > now) {
      return false;
    }
    if (!existing) {
      try {
        await Status.create({
          provider: params.provider,
          sourceId: LOCK_SOURCE_ID,
          ...(params.tenantId ? { tenantId: params.tenantId } : {}),
          status: 'running',
          lockOwner: params.lockOwner,
          lockExpiresAt,
          startedAt: now,
        });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) {
          return false;
        }
        throw error;
      }
    }
    try {
      const row = await Status.findOneAndUpdateLean(
        {
          provider: params.provider,
          sourceId: LOCK_SOURCE_ID,
          ...tenantStatusCondition(params.tenantId),
          $or: [{ lockExpiresAt: { $exists: false } }, { lockExpiresAt: { $lte: now } }],
        },
        {
          $set: {
            status: 'running',
            lockOwner: params.lockOwner,
            lockExpiresAt,
            startedAt: now,
          },
          $setOnInsert: {
            provider: params.provider,
            sourceId: LOCK_SOURCE_ID,
            ...(params.tenantId ? { tenantId: params.tenantId } : {}),
          },
        },
        { upsert: true, new: true },
      );
      return (row as ISkillSyncStatus | null)?.lockOwner === params.lockOwner;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        return false;
      }
      throw error;
    }
  }

  async function refreshSkillSyncLock(params: SkillSyncLockInput): Promise<boolean> {
    const now = new Date();
    const row = await Status.findOneAndUpdateLean(
      {
        provider: params.provider,
        sourceId: LOCK_SOURCE_ID,
        ...tenantStatusCondition(params.tenantId),
        lockOwner: params.lockOwner,
        lockExpiresAt: { $gt: now },
      },
      {
        $set: {
          status: 'running',
          lockExpiresAt: new Date(now.getTime() + params.leaseMs),
        },
      },
      { new: true },
    );
    return Boolean(row);
  }

  async function releaseSkillSyncLock(params: SkillSyncReleaseLockInput): Promise<void> {
    await Status.updateOne(
      {
        provider: params.provider,
        sourceId: LOCK_SOURCE_ID,
        ...tenantStatusCondition(params.tenantId),
        lockOwner: params.lockOwner,
      },
      {
        $set: {
          status: 'idle',
          finishedAt: new Date(),
        },
        $unset: {
          lockOwner: '',
          lockExpiresAt: '',
        },
      },
    );
  }

  return {
    upsertSkillSyncCredential,
    deleteSkillSyncCredential,
    listSkillSyncCredentials,
    getSkillSyncCredentialToken,
    getSkillSyncCredentialSummary,
    listSkillSyncStatuses,
    getSkillSyncStatus,
    upsertSkillSyncStatus,
    tryAcquireSkillSyncLock,
    refreshSkillSyncLock,
    releaseSkillSyncLock,
  };
}
