/** Account-deletion and subagent-admission fences on the user row (upstream semantics, same errors). */
import type { UserMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { authUserCacheInvalidator } from './authUserCache.js';

const USER_DELETION_FENCE_STALE_MS = 15 * 60_000;
const MAX_SUBAGENT_ADMISSION_FENCES = 32;

type Fences = Pick<
  UserMethods,
  | 'beginAgentTriggerUserDeletion'
  | 'recoverStaleAgentTriggerUserDeletion'
  | 'cancelAgentTriggerUserDeletion'
  | 'isAgentTriggerPrincipalActive'
  | 'fenceSubagentAdmission'
  | 'renewSubagentAdmission'
  | 'releaseSubagentAdmission'
  | 'isSubagentOwnerAdmissible'
>;

function assertValidDate(value: unknown, name: string): void {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
}

export function createUserFences(ctx: PgContext): Fences {
  const { users } = ctx.collections;
  const invalidate = authUserCacheInvalidator(ctx.deps);

  const beginAgentTriggerUserDeletion: UserMethods['beginAgentTriggerUserDeletion'] = async (
    userId,
    startedAt,
  ) => {
    assertValidDate(startedAt, 'startedAt');
    const result = await users.updateOne(
      { _id: userId, agentTriggerDeletionStartedAt: { $exists: false } },
      { $set: { agentTriggerDeletionStartedAt: startedAt } },
    );
    if (result.modifiedCount === 1) {
      await invalidate(userId);
      return 'acquired';
    }
    return (await users.exists({ _id: userId })) == null ? 'missing' : 'in_progress';
  };

  const recoverStaleAgentTriggerUserDeletion: UserMethods['recoverStaleAgentTriggerUserDeletion'] = async (
    userId,
    recoveredAt,
  ) => {
    assertValidDate(recoveredAt, 'recoveredAt');
    const staleBefore = new Date(recoveredAt.getTime() - USER_DELETION_FENCE_STALE_MS);
    const result = await users.updateOne(
      { _id: userId, agentTriggerDeletionStartedAt: { $lte: staleBefore } },
      { $set: { agentTriggerDeletionStartedAt: recoveredAt } },
    );
    if (result.modifiedCount === 1) {
      await invalidate(userId);
      return 'acquired';
    }
    return (await users.exists({ _id: userId })) == null ? 'missing' : 'in_progress';
  };

  const cancelAgentTriggerUserDeletion: UserMethods['cancelAgentTriggerUserDeletion'] = async (
    userId,
    startedAt,
  ) => {
    const result = await users.updateOne(
      { _id: userId, agentTriggerDeletionStartedAt: startedAt },
      { $unset: { agentTriggerDeletionStartedAt: 1 } },
    );
    if (result.modifiedCount === 1) {
      await invalidate(userId);
      return true;
    }
    return false;
  };

  const isAgentTriggerPrincipalActive: UserMethods['isAgentTriggerPrincipalActive'] = async (userId) =>
    (await users.exists({ _id: userId, agentTriggerDeletionStartedAt: { $exists: false } })) != null;

  const fenceSubagentAdmission: UserMethods['fenceSubagentAdmission'] = async (
    userId,
    token,
    fencedUntil,
  ) => {
    assertValidDate(fencedUntil, 'fencedUntil');
    if (token.length === 0 || token.length > 128) {
      throw new TypeError('A subagent admission fence needs a bounded owner token');
    }
    await users.updateOne(
      { _id: userId },
      { $pull: { subagentAdmissionFences: { expiresAt: { $lte: new Date() } } } },
      { timestamps: false },
    );
    try {
      const fenced = await users.updateOne(
        { _id: userId, [`subagentAdmissionFences.${MAX_SUBAGENT_ADMISSION_FENCES - 1}`]: { $exists: false } },
        { $push: { subagentAdmissionFences: { token, expiresAt: fencedUntil } } },
        { timestamps: false },
      );
      if (fenced.matchedCount !== 1) {
        throw new Error('Too many concurrent bulk deletions are already fencing this owner.');
      }
    } finally {
      await invalidate(userId);
    }
  };

  const renewSubagentAdmission: UserMethods['renewSubagentAdmission'] = async (
    userId,
    token,
    fencedUntil,
  ) => {
    assertValidDate(fencedUntil, 'fencedUntil');
    const result = await users.updateOne(
      { _id: userId, 'subagentAdmissionFences.token': token },
      { $set: { 'subagentAdmissionFences.$.expiresAt': fencedUntil } },
      { timestamps: false },
    );
    if (result.modifiedCount === 1) await invalidate(userId);
    return result.matchedCount === 1;
  };

  const releaseSubagentAdmission: UserMethods['releaseSubagentAdmission'] = async (userId, token) => {
    const result = await users.updateOne(
      { _id: userId },
      { $pull: { subagentAdmissionFences: { token } } },
      { timestamps: false },
    );
    if (result.modifiedCount === 1) await invalidate(userId);
  };

  const isSubagentOwnerAdmissible: UserMethods['isSubagentOwnerAdmissible'] = async (userId) =>
    (await users.exists({
      _id: userId,
      agentTriggerDeletionStartedAt: { $exists: false },
      subagentAdmissionFences: { $not: { $elemMatch: { expiresAt: { $gt: new Date() } } } },
    })) != null;

  return {
    beginAgentTriggerUserDeletion,
    recoverStaleAgentTriggerUserDeletion,
    cancelAgentTriggerUserDeletion,
    isAgentTriggerPrincipalActive,
    fenceSubagentAdmission,
    renewSubagentAdmission,
    releaseSubagentAdmission,
    isSubagentOwnerAdmissible,
  };
}
