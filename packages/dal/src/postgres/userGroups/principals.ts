/**
 * getUserPrincipals (the principal list every permission check ORs over), syncUserEntraGroups and
 * searchPrincipals (upstream methods/userGroup.ts).
 */
import type { IGroup, IUser, UserGroupMethods } from '@librechat/data-schemas';
import { escapeRegExp } from '@librechat/data-schemas';
import type { TPrincipalSearchResult } from 'librechat-data-provider';
import { PrincipalType, SystemRoles } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import type { MemberCache } from './memberCache.js';
import { findUserById } from './queries.js';

type Principals = Pick<UserGroupMethods, 'getUserPrincipals' | 'syncUserEntraGroups' | 'searchPrincipals'>;

type Siblings = Pick<
  UserGroupMethods,
  'findGroupByExternalId' | 'createGroup' | 'addUserToGroup' | 'removeUserFromGroup'
>;

export function createPrincipalMethods(ctx: PgContext, cache: MemberCache, siblings: Siblings): Principals {
  const { groups, users } = ctx.collections;
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;

  const getUserPrincipals: Principals['getUserPrincipals'] = async (params, session) => {
    const { userId, role, idOnTheSource } = params;
    /** `userId` must be an `ObjectId` for USER principal since ACL entries store `ObjectId`s */
    const userObjectId = typeof userId === 'string' ? new ObjectId(userId) : userId;
    const principals: Array<{ principalType: PrincipalType; principalId?: string | Types.ObjectId }> = [
      { principalType: PrincipalType.USER, principalId: userObjectId },
    ];
    let userRole = role;
    let memberIdOnTheSource = idOnTheSource;
    if (userRole === undefined || memberIdOnTheSource === undefined) {
      const user = (await findUserById(ctx, userId, 'role idOnTheSource')) as Pick<
        IUser,
        'role' | 'idOnTheSource'
      > | null;
      if (userRole === undefined) userRole = user?.role;
      if (memberIdOnTheSource === undefined) memberIdOnTheSource = user?.idOnTheSource ?? null;
    }
    if (userRole?.trim()) principals.push({ principalType: PrincipalType.ROLE, principalId: userRole });
    const memberId = memberIdOnTheSource || userId.toString();
    for (const groupId of await cache.getMemberGroupIds(memberId, session)) {
      principals.push({ principalType: PrincipalType.GROUP, principalId: groupId });
    }
    principals.push({ principalType: PrincipalType.PUBLIC });
    return principals;
  };

  const syncUserEntraGroups: Principals['syncUserEntraGroups'] = async (userId, entraGroups, session) => {
    const user = await findUserById(ctx, userId, { idOnTheSource: 1 });
    if (!user) throw new Error(`User not found: ${userId}`);
    const userIdOnTheSource = (user.idOnTheSource as string | undefined) || userId.toString();
    const entraIdMap = new Map<string, boolean>();
    const addedGroups: IGroup[] = [];
    const removedGroups: IGroup[] = [];

    for (const entraGroup of entraGroups) {
      entraIdMap.set(entraGroup.id, true);
      let group = await siblings.findGroupByExternalId(entraGroup.id, 'entra', {}, session);
      if (!group) {
        group = await siblings.createGroup(
          {
            name: entraGroup.name,
            description: entraGroup.description,
            email: entraGroup.email,
            idOnTheSource: entraGroup.id,
            source: 'entra',
            memberIds: [userIdOnTheSource],
          },
          session,
        );
        addedGroups.push(group);
      } else if (!group.memberIds?.includes(userIdOnTheSource)) {
        const { group: updatedGroup } = await siblings.addUserToGroup(userId, group._id, session);
        if (updatedGroup) addedGroups.push(updatedGroup);
      }
    }

    const existingGroups = await groups.find(
      { source: 'entra', memberIds: userIdOnTheSource },
      { select: { _id: 1, idOnTheSource: 1 } },
    );
    for (const group of existingGroups) {
      const externalId = group.idOnTheSource as string | undefined;
      if (externalId && !entraIdMap.has(externalId)) {
        const { group: removedGroup } = await siblings.removeUserFromGroup(
          userId,
          group._id as Types.ObjectId,
          session,
        );
        if (removedGroup) removedGroups.push(removedGroup);
      }
    }

    const updatedUser = await findUserById(ctx, userId);
    if (!updatedUser) throw new Error(`User not found after update: ${userId}`);
    return { user: updatedUser as unknown as IUser, addedGroups, removedGroups };
  };

  function groupResult(group: Record<string, unknown>): TPrincipalSearchResult {
    const memberIds = group.memberIds as unknown[] | undefined;
    return {
      id: group._id?.toString(),
      type: PrincipalType.GROUP,
      name: group.name as string,
      email: group.email as string | undefined,
      avatar: group.avatar as string | undefined,
      description: group.description as string | undefined,
      source: (group.source as 'local' | 'entra' | undefined) || 'local',
      memberCount: memberIds ? memberIds.length : 0,
      idOnTheSource: (group.idOnTheSource as string | undefined) || group._id?.toString(),
    } as TPrincipalSearchResult;
  }

  const searchPrincipals: Principals['searchPrincipals'] = async (
    searchPattern,
    limitPerType = 10,
    typeFilter = null,
  ) => {
    if (!searchPattern || searchPattern.trim().length === 0) return [];
    const trimmedPattern = searchPattern.trim();
    const escapedPattern = escapeRegExp(trimmedPattern);
    const wants = (type: PrincipalType) => !typeFilter || (typeFilter as string[]).includes(type);
    const regex = new RegExp(escapedPattern, 'i');

    const usersFound = wants(PrincipalType.USER)
      ? users
          .find(
            { $or: [{ name: regex }, { email: regex }, { username: regex }] },
            { select: 'name email username avatar provider idOnTheSource role', limit: limitPerType },
          )
          .then((rows) =>
            rows.map((user) => {
              const id = user._id?.toString() || '';
              return {
                id,
                type: PrincipalType.USER,
                name: (user.name as string | undefined) || (user.email as string | undefined),
                email: user.email as string | undefined,
                username: user.username as string | undefined,
                avatar: user.avatar as string | undefined,
                provider: user.provider as string | undefined,
                source: 'local',
                idOnTheSource: (user.idOnTheSource as string | undefined) || id,
                isAdmin: user.role === SystemRoles.ADMIN,
              } as TPrincipalSearchResult;
            }),
          )
      : Promise.resolve([]);

    const groupsFound = wants(PrincipalType.GROUP)
      ? groups
          .find({ $or: [{ name: regex }, { email: regex }, { description: regex }] }, { limit: limitPerType })
          .then((rows) => rows.map(groupResult))
      : Promise.resolve([]);

    const rolesFound = wants(PrincipalType.ROLE)
      ? ctx.collections.roles.find({ name: regex }, { select: 'name', limit: limitPerType }).then((rows) =>
          rows.map(
            (role) =>
              ({
                id: role.name,
                type: PrincipalType.ROLE,
                name: role.name,
                source: 'local' as const,
                idOnTheSource: role.name,
                isAdmin: role.name === SystemRoles.ADMIN,
              }) as TPrincipalSearchResult,
          ),
        )
      : Promise.resolve([]);

    return (await Promise.all([usersFound, groupsFound, rolesFound])).flat();
  };

  return { getUserPrincipals, syncUserEntraGroups, searchPrincipals };
}
