/** Group reads (upstream methods/userGroup.ts): lookups by id, external id, name, member; listing. */
import type { IGroup, UserGroupMethods } from '@librechat/data-schemas';
import { escapeRegExp } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';

type Queries = Pick<
  UserGroupMethods,
  | 'findGroupById'
  | 'findGroupByExternalId'
  | 'findGroupsByExternalIds'
  | 'findGroupsByNamePattern'
  | 'findGroupsByMemberId'
  | 'getUserGroups'
  | 'findGroupByQuery'
  | 'listGroups'
  | 'countGroups'
>;

/** Upstream's buildGroupQuery: source equality and a case-insensitive name/email/description search. */
export function buildGroupQuery(filter: { source?: 'local' | 'entra'; search?: string }): Filter {
  const query: Filter = {};
  if (filter.source) query.source = filter.source;
  if (filter.search) {
    const regex = new RegExp(escapeRegExp(filter.search), 'i');
    query.$or = [{ name: regex }, { email: regex }, { description: regex }];
  }
  return query;
}

/** `User.findById(id, select).lean()` (mongoose looks up a missing id as null). */
export function findUserById(ctx: PgContext, userId: unknown, select?: string | Record<string, 0 | 1>) {
  return ctx.collections.users.findOne({ _id: userId === undefined ? null : userId }, { select });
}

/** A user's member key in `groups.memberIds`: its external id, else its id string (null: no such user). */
export async function memberKeyOf(ctx: PgContext, userId: unknown): Promise<string | null> {
  const user = await findUserById(ctx, userId, 'idOnTheSource');
  if (!user) return null;
  return (user.idOnTheSource as string | undefined) || String(userId);
}

export function createGroupQueries(ctx: PgContext): Queries {
  const groups = ctx.collections.groups;
  const lean = <T>(value: unknown) => value as T;

  const findGroupById: Queries['findGroupById'] = async (groupId, projection = {}) =>
    lean<IGroup | null>(await groups.findOne({ _id: groupId }, { select: projection }));

  const findGroupByExternalId: Queries['findGroupByExternalId'] = async (
    idOnTheSource,
    source = 'entra',
    projection = {},
  ) => lean<IGroup | null>(await groups.findOne({ idOnTheSource, source }, { select: projection }));

  const findGroupsByExternalIds: Queries['findGroupsByExternalIds'] = async (
    idsOnTheSource,
    source = 'entra',
  ) =>
    lean<IGroup[]>(
      await groups.find(
        { idOnTheSource: { $in: idsOnTheSource }, source },
        { select: { idOnTheSource: 1, _id: 0 } },
      ),
    );

  const findGroupsByNamePattern: Queries['findGroupsByNamePattern'] = async (
    namePattern,
    source = null,
    limit = 20,
  ) => {
    const regex = new RegExp(escapeRegExp(namePattern), 'i');
    const query: Filter = { $or: [{ name: regex }, { email: regex }, { description: regex }] };
    if (source) query.source = source;
    return lean<IGroup[]>(await groups.find(query, { limit }));
  };

  const findGroupsByMemberId: Queries['findGroupsByMemberId'] = async (userId) => {
    const memberKey = await memberKeyOf(ctx, userId);
    if (memberKey == null) return [];
    return lean<IGroup[]>(await groups.find({ memberIds: memberKey }));
  };

  const getUserGroups: Queries['getUserGroups'] = (userId, session) => findGroupsByMemberId(userId, session);

  const findGroupByQuery: Queries['findGroupByQuery'] = async (filter) =>
    lean<IGroup | null>(await groups.findOne(filter));

  const listGroups: Queries['listGroups'] = async (filter = {}) => {
    const limit = filter.limit ?? 50;
    const offset = filter.offset ?? 0;
    return lean<IGroup[]>(
      await groups.find(buildGroupQuery(filter), { sort: { name: 1 }, skip: offset, limit }),
    );
  };

  const countGroups: Queries['countGroups'] = async (filter = {}) => groups.count(buildGroupQuery(filter));

  return {
    findGroupById,
    findGroupByExternalId,
    findGroupsByExternalIds,
    findGroupsByNamePattern,
    findGroupsByMemberId,
    getUserGroups,
    findGroupByQuery,
    listGroups,
    countGroups,
  };
}
