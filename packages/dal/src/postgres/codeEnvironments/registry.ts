/** Creating, reading and updating code environments (upstream methods/codeEnvironment.ts). */
import { createHash } from 'node:crypto';
import type { CodeEnvironmentMethods } from '@librechat/data-schemas';
import { ObjectId } from 'bson';
import type { PgContext } from '../context.js';
import { isRetired } from './tombstones.js';

type M = CodeEnvironmentMethods;

function ownerSlotId(ownerId: ObjectId, slot: number): ObjectId {
  const hex = createHash('sha256')
    .update(`librechat-code-environment-slot\0${ownerId.toHexString()}\0${slot}`)
    .digest('hex')
    .slice(0, 24);
  return new ObjectId(hex);
}

export function createCodeEnvironmentRegistry(ctx: PgContext) {
  const environments = ctx.collections.codeenvironments;

  const createCodeEnvironment: M['createCodeEnvironment'] = async (input) => {
    if (await isRetired(ctx.pool, input.environmentId)) {
      throw new Error(`Code environment id was previously retired: ${input.environmentId}`);
    }
    return (await environments.create({ ...input, registrationPendingAt: new Date() })).toObject();
  };

  const createCodeEnvironmentWithinOwnerLimit: M['createCodeEnvironmentWithinOwnerLimit'] = async (
    input,
    maxOwned,
  ) => {
    if (await isRetired(ctx.pool, input.environmentId)) {
      throw new Error(`Code environment id was previously retired: ${input.environmentId}`);
    }
    const existing = (await environments.find(
      { createdBy: input.createdBy },
      { select: 'ownerSlot' },
    )) as Array<{
      ownerSlot?: unknown;
    }>;
    if (existing.length >= maxOwned) return null;
    const reserved = new Set(
      existing
        .map(({ ownerSlot }) => ownerSlot)
        .filter(
          (slot): slot is number =>
            typeof slot === 'number' && Number.isSafeInteger(slot) && slot >= 0 && slot < maxOwned,
        ),
    );
    for (let ownerSlot = 0; reserved.size < existing.length && ownerSlot < maxOwned; ownerSlot++) {
      reserved.add(ownerSlot);
    }
    for (let ownerSlot = 0; ownerSlot < maxOwned; ownerSlot++) {
      if (reserved.has(ownerSlot)) continue;
      try {
        return (
          await environments.create({
            ...input,
            _id: ownerSlotId(input.createdBy as unknown as ObjectId, ownerSlot),
            ownerSlot,
            registrationPendingAt: new Date(),
          })
        ).toObject();
      } catch (error) {
        const duplicateOwnerSlot =
          typeof error === 'object' &&
          error != null &&
          'code' in error &&
          error.code === 11000 &&
          'keyPattern' in error &&
          typeof error.keyPattern === 'object' &&
          error.keyPattern != null &&
          ('_id' in error.keyPattern || 'ownerSlot' in error.keyPattern);
        if (!duplicateOwnerSlot) {
          throw error;
        }
      }
    }
    return null;
  };

  const findCodeEnvironmentsByIds: M['findCodeEnvironmentsByIds'] = async (ids) => {
    if (ids.length === 0) return [];
    return (await environments.find({ _id: { $in: ids } }, { sort: { createdAt: 1, _id: 1 } })) as never;
  };

  const findCodeEnvironmentByEnvironmentId: M['findCodeEnvironmentByEnvironmentId'] = async (environmentId) =>
    (await environments.findOne({ environmentId })) as never;

  const updateCodeEnvironmentSettings: M['updateCodeEnvironmentSettings'] = async (
    environmentId,
    settings,
  ) => {
    const updates: Record<string, string> = {};
    if (settings.permissions?.fileWrite != null) {
      updates['settings.permissions.fileWrite'] = settings.permissions.fileWrite;
    }
    if (settings.permissions?.commandExecution != null) {
      updates['settings.permissions.commandExecution'] = settings.permissions.commandExecution;
    }
    const lifecycleFilter = {
      environmentId,
      registrationPendingAt: { $exists: false },
      deletionStartedAt: { $exists: false },
      deletionCommittedAt: { $exists: false },
    };
    if (Object.keys(updates).length === 0) {
      return (await environments.findOne(lifecycleFilter)) as never;
    }
    return (await environments.findOneAndUpdateLean(
      lifecycleFilter,
      { $set: updates },
      { new: true, runValidators: true },
    )) as never;
  };

  const listCodeEnvironmentIds: M['listCodeEnvironmentIds'] = async () =>
    (await environments.distinct('environmentId')) as string[];

  const findCodeEnvironmentsByCreator: M['findCodeEnvironmentsByCreator'] = async (userId) => {
    const creatorId = typeof userId === 'string' ? new ObjectId(userId) : userId;
    return (await environments.find({ createdBy: creatorId }, { sort: { createdAt: 1, _id: 1 } })) as never;
  };

  return {
    createCodeEnvironment,
    createCodeEnvironmentWithinOwnerLimit,
    findCodeEnvironmentsByIds,
    findCodeEnvironmentByEnvironmentId,
    updateCodeEnvironmentSettings,
    listCodeEnvironmentIds,
    findCodeEnvironmentsByCreator,
  };
}
