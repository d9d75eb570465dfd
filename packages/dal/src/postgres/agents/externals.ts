/**
 * What AgentMethods reach in other groups' tables: skill existence (upstream
 * filterExistingSkillIds, on SkillMethods' skills table) and code-environment reference leases
 * (upstream withCodeEnvironmentReference on the codeenvironments table and its tombstones).
 * Skill ids the external registry recognizes need no table.
 */
import { isValidObjectIdString, logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import { isRetired } from '../codeEnvironments/tombstones.js';
import type { PgContext } from '../context.js';

/** Upstream's reference lease and its renewal interval. */
const REFERENCE_LEASE_MS = 2 * 60_000;
const REFERENCE_RENEW_INTERVAL_MS = REFERENCE_LEASE_MS / 3;

interface Reservation {
  environmentId: string;
  reservationId: string;
}

/** Upstream's CodeEnvironmentReferenceError (not exported by @librechat/data-schemas). */
export class CodeEnvironmentReferenceError extends Error {
  readonly statusCode = 409;
  constructor(environmentId: string) {
    super(`Code environment is being removed: ${environmentId}`);
    this.name = 'CodeEnvironmentReferenceError';
  }
}

export interface AgentExternals {
  filterExistingSkillIds(skillIds: string[]): Promise<string[]>;
  withCodeEnvironmentReference<T>(
    environmentId: string | undefined,
    operation: () => Promise<T>,
    onReferenceLoss?: (result: T) => Promise<void>,
  ): Promise<T>;
}

export function createAgentExternals(ctx: PgContext): AgentExternals {
  const isExternalSkillId = ctx.deps.isExternalSkillId;
  const environments = ctx.collections.codeenvironments;

  async function reserve(environmentId: string | undefined): Promise<Reservation | undefined> {
    if (environmentId == null || environmentId.length === 0) return undefined;
    const reservationId = new Types.ObjectId().toHexString();
    const expiresAt = new Date(Date.now() + REFERENCE_LEASE_MS);
    const reserved = await environments.findOneAndUpdateLean(
      {
        environmentId,
        registrationPendingAt: { $exists: false },
        deletionCommittedAt: { $exists: false },
        deletionStartedAt: { $exists: false },
      },
      { $push: { pendingAgentReferences: { reservationId, expiresAt } } },
      { new: true },
    );
    if (reserved != null) return { environmentId, reservationId };
    const [persisted, tombstone] = await Promise.all([
      environments.exists({ environmentId }),
      isRetired(ctx.pool, environmentId),
    ]);
    if (persisted != null || tombstone) throw new CodeEnvironmentReferenceError(environmentId);
    // Deployment-owned configuration does not have a registry row.
    return undefined;
  }

  async function renew(reservation: Reservation): Promise<void> {
    const result = await environments.updateOne(
      {
        environmentId: reservation.environmentId,
        deletionStartedAt: { $exists: false },
        'pendingAgentReferences.reservationId': reservation.reservationId,
      },
      { $set: { 'pendingAgentReferences.$.expiresAt': new Date(Date.now() + REFERENCE_LEASE_MS) } },
    );
    if (result.matchedCount !== 1) throw new CodeEnvironmentReferenceError(reservation.environmentId);
  }

  async function release(reservation: Reservation | undefined): Promise<void> {
    if (reservation == null) return;
    await environments.updateOne(
      { environmentId: reservation.environmentId },
      { $pull: { pendingAgentReferences: { reservationId: reservation.reservationId } } },
    );
  }

  return {
    async filterExistingSkillIds(skillIds) {
      const candidates = [...new Set(skillIds.filter(isValidObjectIdString).map((id) => id.toLowerCase()))];
      if (candidates.length === 0) return [];
      const stored = candidates.filter((id) => isExternalSkillId?.(id) !== true);
      let existing = new Set<string>();
      if (stored.length > 0) {
        const docs = await ctx.collections.skills.find({ _id: { $in: stored } }, { select: '_id' });
        existing = new Set(docs.map((doc) => String(doc._id)));
      }
      return candidates.filter((id) => existing.has(id) || isExternalSkillId?.(id) === true);
    },

    /** Upstream's withCodeEnvironmentReference: reserve, renew while the operation runs, release. */
    async withCodeEnvironmentReference(environmentId, operation, onReferenceLoss) {
      const reservation = await reserve(environmentId);
      if (reservation == null) return await operation();
      let renewal = Promise.resolve();
      let renewalError: unknown;
      const timer = setInterval(() => {
        renewal = renewal
          .then(() => renew(reservation))
          .catch((error) => {
            renewalError ??= error;
            logger.error('[code-environments] agent reference lease renewal failed:', error);
          });
      }, REFERENCE_RENEW_INTERVAL_MS);
      timer.unref();
      try {
        const result = await operation();
        clearInterval(timer);
        await renewal;
        if (renewalError != null) {
          try {
            await renew(reservation);
            renewalError = undefined;
          } catch (error) {
            await onReferenceLoss?.(result);
            throw error;
          }
        }
        return result;
      } finally {
        clearInterval(timer);
        await renewal;
        await release(reservation);
      }
    },
  };
}
