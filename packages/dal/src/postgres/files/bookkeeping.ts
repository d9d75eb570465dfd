/**
 * TTL and sweep bookkeeping on files (upstream methods/file.ts), all without bumping `updatedAt`
 * where upstream passes `timestamps: false`: incrementFileDeletionAttempts, deferExpiredFile,
 * extendFilesTTL (a renewable upload hold that only ever widens and never re-adds a cleared TTL)
 * and sweepOrphanedPreviews.
 */
import type { FileMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { PgContext } from '../context.js';
import { live } from './liveness.js';
import { withOwnerScope } from './scope.js';
import { fileBulkWrite } from './writes.js';

type Bookkeeping = Pick<
  FileMethods,
  'incrementFileDeletionAttempts' | 'deferExpiredFile' | 'extendFilesTTL' | 'sweepOrphanedPreviews'
>;

export function createFileBookkeeping({ collections }: PgContext): Bookkeeping {
  const files = collections.files;

  /** The count comes back from the increment itself (one row-locked update). */
  const incrementFileDeletionAttempts: FileMethods['incrementFileDeletionAttempts'] = async (file_id) => {
    const file = await files.findOneAndUpdateLean(
      live({ file_id }),
      { $inc: { deletionAttempts: 1 } },
      { new: true, select: { deletionAttempts: 1 }, timestamps: false },
    );
    return (file?.deletionAttempts as number | undefined) ?? 0;
  };

  /** `$max`: a deferral only ever moves later. */
  const deferExpiredFile: FileMethods['deferExpiredFile'] = async (file_id, deletionRetryAt) => {
    await files.updateOne(live({ file_id }), { $max: { deletionRetryAt } }, { timestamps: false });
  };

  const extendFilesTTL: FileMethods['extendFilesTTL'] = async (fileIds, hold, owner) => {
    const renewMs = hold?.renewMs;
    const maxLifetimeMs = hold?.maxLifetimeMs;
    if (fileIds.length === 0 || !owner?.user || !(renewMs > 0) || !(maxLifetimeMs > 0)) return 0;
    const filter = withOwnerScope(
      { file_id: { $in: [...new Set(fileIds)] }, expiresAt: { $exists: true }, createdAt: { $exists: true } },
      { userId: owner.user, tenantId: owner.tenantId },
    );
    const renewUntil = Date.now() + renewMs;
    const candidates = (await files.find(live(filter), {
      select: { _id: 1, expiresAt: 1, createdAt: 1 },
    })) as { _id: unknown; expiresAt?: Date; createdAt?: Date }[];
    const holdOps = candidates.flatMap((file) => {
      if (!file.createdAt || !file.expiresAt) return [];
      const next = new Date(Math.min(renewUntil, file.createdAt.getTime() + maxLifetimeMs));
      if (file.expiresAt.getTime() >= next.getTime()) return [];
      return [
        {
          updateOne: {
            filter: live({ _id: file._id, expiresAt: { $exists: true, $lt: next } }),
            update: { $set: { expiresAt: next } },
          },
        },
      ];
    });
    if (holdOps.length === 0) return 0;
    const result = await fileBulkWrite(files, holdOps as AnyBulkWriteOperation[], { timestamps: false });
    return result.modifiedCount ?? 0;
  };

  /** Pending previews older than the cutoff (a render lost to a restart) become failed/orphaned. */
  const sweepOrphanedPreviews: FileMethods['sweepOrphanedPreviews'] = async (maxAgeMs = 5 * 60 * 1000) => {
    const cutoff = new Date(Date.now() - maxAgeMs);
    const result = await files.updateMany(live({ status: 'pending', updatedAt: { $lt: cutoff } }), {
      $set: { status: 'failed', previewError: 'orphaned' },
    });
    if (result.modifiedCount > 0) {
      logger.info(
        `[sweepOrphanedPreviews] Marked ${result.modifiedCount} stale 'pending' files as 'failed' (cutoff: ${cutoff.toISOString()})`,
      );
    }
    return result.modifiedCount ?? 0;
  };

  return { incrementFileDeletionAttempts, deferExpiredFile, extendFilesTTL, sweepOrphanedPreviews };
}
