/**
 * Registration and removal leases of code environments, and a deleted user's environments
 * (upstream methods/codeEnvironment.ts).
 */
import type { CodeEnvironmentMethods } from '@librechat/data-schemas';
import { ObjectId } from 'bson';
import { ResourceType } from 'librechat-data-provider';
import * as siftModule from 'sift';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import { project } from '../store/projection.js';
import { retire } from './tombstones.js';

type M = CodeEnvironmentMethods;

const sift = ((siftModule as unknown as { default?: typeof siftModule.default }).default ??
  siftModule) as unknown as (query: object) => (item: unknown) => boolean;

const REMOVAL_LEASE_MS = 2 * 60_000;

function agentReferenceFilter(environmentId: string, tenantId?: string) {
  return {
    code_environment_id: environmentId,
    ...(tenantId == null ? { tenantId: { $exists: false } } : { tenantId }),
  };
}

export function createCodeEnvironmentLifecycle(ctx: PgContext) {
  const environments = ctx.collections.codeenvironments;

  const deleteCodeEnvironmentById: M['deleteCodeEnvironmentById'] = async (id) => {
    const environment = (await environments.findOne({ _id: id })) as {
      environmentId: string;
      tenantId?: string;
    } | null;
    if (environment == null) return null;
    await retire(ctx.pool, environment.environmentId, environment.tenantId);
    return (await environments.findOneAndDelete({ _id: id })) as never;
  };

  const discardCodeEnvironmentById: M['discardCodeEnvironmentById'] = async (id) => {
    await environments.deleteOne({ _id: id });
  };

  const completeCodeEnvironmentRegistration: M['completeCodeEnvironmentRegistration'] = async (id) => {
    const result = await environments.updateOne(
      { _id: id, registrationPendingAt: { $exists: true }, registrationLeaseId: { $exists: false } },
      { $unset: { registrationPendingAt: 1, registrationReconcileAfter: 1 } },
    );
    if (result.matchedCount !== 1) {
      throw new Error('Code environment registration could not be committed');
    }
  };

  /**
   * Upstream's conditional findOneAndUpdate: the lease and live-reference conditions
   * ($elemMatch on the reservation array) are checked with MongoDB semantics on the row locked
   * for the update.
   */
  const beginCodeEnvironmentRemoval: M['beginCodeEnvironmentRemoval'] = async (id) => {
    const now = new Date();
    const leaseId = new ObjectId().toHexString();
    const removable = sift({
      $and: [
        { $or: [{ deletionStartedAt: { $exists: false } }, { deletionLeaseExpiresAt: { $lte: now } }] },
        {
          $or: [
            { pendingAgentReferences: { $exists: false } },
            { pendingAgentReferences: { $size: 0 } },
            { pendingAgentReferences: { $not: { $elemMatch: { expiresAt: { $gt: now } } } } },
          ],
        },
      ],
    });
    const filter = { _id: id, deletionCommittedAt: { $exists: false } };
    const after = await withTransaction(ctx.pool, async (client) => {
      const [current] = await environments.findRaw(filter, { limit: 1, forUpdate: true }, client);
      if (!current || !removable(current)) return null;
      const result = await environments.findOneAndUpdate(
        { _id: current._id },
        {
          $set: {
            deletionStartedAt: now,
            deletionLeaseId: leaseId,
            deletionLeaseExpiresAt: new Date(now.getTime() + REMOVAL_LEASE_MS),
          },
          $pull: { pendingAgentReferences: { expiresAt: { $lte: now } } },
        },
        { new: true },
        client,
      );
      return result.after;
    });
    return after ? (project(environments.spec, after, undefined) as never) : null;
  };

  const cancelCodeEnvironmentRemoval: M['cancelCodeEnvironmentRemoval'] = async (id, leaseId) => {
    await environments.updateOne(
      { _id: id, deletionLeaseId: leaseId, deletionCommittedAt: { $exists: false } },
      { $unset: { deletionStartedAt: 1, deletionLeaseId: 1, deletionLeaseExpiresAt: 1 } },
    );
  };

  const commitCodeEnvironmentRemoval: M['commitCodeEnvironmentRemoval'] = async (id, leaseId) => {
    const result = await environments.updateOne(
      { _id: id, deletionLeaseId: leaseId },
      { $set: { deletionCommittedAt: new Date() }, $unset: { deletionLeaseExpiresAt: 1 } },
    );
    if (result.matchedCount !== 1) {
      throw new Error('Code environment removal lease was lost');
    }
  };

  /** Deletes unreferenced creator-owned environments and their grants after user removal. */
  const deleteUserCodeEnvironments: M['deleteUserCodeEnvironments'] = async (userId) => {
    const creatorId = typeof userId === 'string' ? new ObjectId(userId) : userId;
    const candidates = (await environments.find(
      {
        createdBy: creatorId,
        revocationPendingAt: { $exists: false },
        deletionCommittedAt: { $exists: false },
      },
      { select: '_id' },
    )) as Array<{ _id: ObjectId }>;
    if (candidates.length === 0) return 0;
    let deleted = 0;
    for (const candidate of candidates) {
      const claimed = (await beginCodeEnvironmentRemoval(candidate._id)) as {
        environmentId: string;
        tenantId?: string;
        deletionLeaseId?: string;
      } | null;
      if (claimed == null || claimed.deletionLeaseId == null) continue;
      const referenced =
        (await ctx.collections.agents.exists(
          agentReferenceFilter(claimed.environmentId, claimed.tenantId),
        )) != null;
      if (referenced) {
        await cancelCodeEnvironmentRemoval(candidate._id, claimed.deletionLeaseId);
        continue;
      }
      await retire(ctx.pool, claimed.environmentId, claimed.tenantId);
      await ctx.collections.aclentries.deleteMany({
        resourceType: ResourceType.CODE_ENVIRONMENT,
        resourceId: candidate._id,
      });
      const result = await environments.deleteOne({
        _id: candidate._id,
        deletionLeaseId: claimed.deletionLeaseId,
      });
      deleted += result.deletedCount ?? 0;
    }
    return deleted;
  };

  return {
    deleteCodeEnvironmentById,
    discardCodeEnvironmentById,
    completeCodeEnvironmentRegistration,
    beginCodeEnvironmentRemoval,
    cancelCodeEnvironmentRemoval,
    commitCodeEnvironmentRemoval,
    deleteUserCodeEnvironments,
  };
}
