/**
 * Group writes (upstream methods/userGroup.ts). Every membership change invalidates the affected
 * member keys of the USER_PRINCIPALS cache afterwards, as upstream does; a write that replaces
 * `memberIds` reads the pre-image in the same atomic update so concurrently added members are
 * invalidated too.
 */
import type { IGroup, IUser, UserGroupMethods } from '@librechat/data-schemas';
import type { Model } from 'mongoose';
import type { PgContext } from '../context.js';
import type { MemberCache } from './memberCache.js';
import { findUserById } from './queries.js';
import { collectMemberIdsFromGroupUpdate } from './updateMembers.js';

type Writes = Pick<
  UserGroupMethods,
  | 'createGroup'
  | 'upsertGroupByExternalId'
  | 'addUserToGroup'
  | 'removeUserFromGroup'
  | 'removeUserFromAllGroups'
  | 'updateGroupById'
  | 'bulkUpdateGroups'
  | 'deleteGroup'
  | 'removeMemberById'
>;

export function createGroupWrites(ctx: PgContext, cache: MemberCache): Writes {
  const groups = ctx.collections.groups;
  const hydrate = (doc: Record<string, unknown>) => (groups.model as Model<IGroup>).hydrate(doc);
  const lean = <T>(value: unknown) => value as T;

  const createGroup: Writes['createGroup'] = async (groupData) => {
    const group = await groups.create(groupData as Record<string, unknown>);
    await cache.invalidateMemberGroupsCache(groupData.memberIds ?? []);
    return group;
  };

  const upsertGroupByExternalId: Writes['upsertGroupByExternalId'] = async (
    idOnTheSource,
    source,
    updateData,
  ) => {
    const filter = { idOnTheSource, source };
    const update = { $set: updateData };
    if (updateData.memberIds === undefined) {
      // Not lean upstream: a hydrated Group document.
      const r = await groups.findOneAndUpdate(filter, update, { new: true, upsert: true });
      return r.after ? hydrate(r.after) : null;
    }
    const previous = await groups.findOneAndUpdateLean(filter, update, { new: false, upsert: true });
    await cache.invalidateMemberGroupsCache([
      ...((previous?.memberIds as string[] | undefined) ?? []),
      ...(updateData.memberIds ?? []),
    ]);
    return lean<IGroup | null>(await groups.findOne({ idOnTheSource, source }));
  };

  /** Upstream's add/remove: the user's member key ($addToSet / $pullAll), user and new group returned. */
  async function changeMembership(
    userId: unknown,
    groupId: unknown,
    operator: '$addToSet' | '$pullAll',
  ): Promise<{ user: IUser; group: IGroup | null }> {
    const user = await findUserById(ctx, userId, 'idOnTheSource');
    if (!user) throw new Error(`User not found: ${userId}`);
    const memberKey = (user.idOnTheSource as string | undefined) || String(userId);
    const update =
      operator === '$addToSet'
        ? { $addToSet: { memberIds: memberKey } }
        : { $pullAll: { memberIds: [memberKey] } };
    const group = await groups.findOneAndUpdateLean({ _id: groupId }, update, { new: true });
    await cache.invalidateMemberGroupsCache([memberKey]);
    return { user: user as unknown as IUser, group: lean<IGroup | null>(group) };
  }

  const addUserToGroup: Writes['addUserToGroup'] = (userId, groupId) =>
    changeMembership(userId, groupId, '$addToSet');

  const removeUserFromGroup: Writes['removeUserFromGroup'] = (userId, groupId) =>
    changeMembership(userId, groupId, '$pullAll');

  const removeUserFromAllGroups: Writes['removeUserFromAllGroups'] = async (userId) => {
    await groups.updateMany({ memberIds: userId }, { $pullAll: { memberIds: [userId] } });
    await cache.invalidateMemberGroupsCache([userId]);
  };

  const updateGroupById: Writes['updateGroupById'] = async (groupId, data) => {
    if (data.memberIds === undefined) {
      return lean<IGroup | null>(
        await groups.findOneAndUpdateLean({ _id: groupId }, { $set: data }, { new: true }),
      );
    }
    const previous = await groups.findOneAndUpdateLean({ _id: groupId }, { $set: data }, { new: false });
    const nextMemberIds = Array.isArray(data.memberIds)
      ? data.memberIds.filter(
          (memberId): memberId is string =>
            typeof memberId === 'string' || (memberId as { _bsontype?: string })?._bsontype === 'ObjectId',
        )
      : [];
    await cache.invalidateMemberGroupsCache([
      ...((previous?.memberIds as string[] | undefined) ?? []),
      ...nextMemberIds,
    ]);
    return previous ? lean<IGroup | null>(await groups.findOne({ _id: groupId })) : null;
  };

  const bulkUpdateGroups: Writes['bulkUpdateGroups'] = async (filter, update) => {
    const result = await groups.updateMany(filter, update);
    if (result.modifiedCount === 0 && result.upsertedCount === 0) return result as never;
    const { memberIds, indeterminate } = collectMemberIdsFromGroupUpdate(update);
    if (indeterminate) await cache.clearMemberGroupsCache();
    else if (memberIds.length > 0) await cache.invalidateMemberGroupsCache(memberIds);
    return result as never;
  };

  const deleteGroup: Writes['deleteGroup'] = async (groupId) => {
    const group = await groups.findOneAndDelete({ _id: groupId });
    await cache.invalidateMemberGroupsCache((group?.memberIds as string[] | undefined) ?? []);
    return lean<IGroup | null>(group);
  };

  const removeMemberById: Writes['removeMemberById'] = async (groupId, memberId) => {
    const group = await groups.findOneAndUpdateLean(
      { _id: groupId },
      { $pull: { memberIds: memberId } },
      { new: true },
    );
    await cache.invalidateMemberGroupsCache([memberId]);
    return lean<IGroup | null>(group);
  };

  return {
    createGroup,
    upsertGroupByExternalId,
    addUserToGroup,
    removeUserFromGroup,
    removeUserFromAllGroups,
    updateGroupById,
    bulkUpdateGroups,
    deleteGroup,
    removeMemberById,
  };
}
