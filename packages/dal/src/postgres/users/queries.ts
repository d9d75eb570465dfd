/** findUser, findUsers, countUsers, getUserById, searchUsers. */

import type { UserMethods } from '@librechat/data-schemas';
import { escapeRegExp } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { normalizeEmailInCriteria } from './emailCriteria.js';

type Pick_ = Pick<UserMethods, 'findUser' | 'findUsers' | 'countUsers' | 'getUserById' | 'searchUsers'>;

export function createUserQueries({ collections }: PgContext): Pick_ {
  const users = collections.users;

  const findUser: UserMethods['findUser'] = async (criteria, fieldsToSelect) =>
    (await users.findOne(normalizeEmailInCriteria(criteria as Record<string, unknown>), {
      select: fieldsToSelect || undefined,
    })) as never;

  const findUsers: UserMethods['findUsers'] = async (criteria, fieldsToSelect, options) =>
    (await users.find(normalizeEmailInCriteria(criteria as Record<string, unknown>), {
      select: fieldsToSelect || undefined,
      sort: options?.sort ?? undefined,
      skip: options?.offset ?? undefined,
      limit: options?.limit != null && options.limit > 0 ? options.limit : undefined,
    })) as never;

  const countUsers: UserMethods['countUsers'] = async (filter = {}) =>
    users.count(filter as Record<string, unknown>);

  const getUserById: UserMethods['getUserById'] = async (userId, fieldsToSelect) =>
    (await users.findOne({ _id: userId }, { select: fieldsToSelect || undefined })) as never;

  /** Regex match on email/name/username, fetch 2×limit, score in memory as upstream does. */
  const searchUsers: UserMethods['searchUsers'] = async ({
    searchPattern,
    limit = 20,
    fieldsToSelect = null,
  }) => {
    if (!searchPattern || searchPattern.trim().length === 0) return [];
    const trimmed = searchPattern.trim();
    const regex = new RegExp(escapeRegExp(trimmed), 'i');
    const found = await users.find(
      { $or: [{ email: regex }, { name: regex }, { username: regex }] },
      { select: fieldsToSelect || undefined, limit: limit * 2 },
    );
    const pattern = trimmed.toLowerCase();
    const scored = found.map((user) => {
      const fields = [user.name, user.email, user.username].filter(
        (f): f is string => typeof f === 'string' && f.length > 0,
      );
      let maxScore = 0;
      for (const field of fields) {
        const lower = field.toLowerCase();
        const score =
          lower === pattern ? 100 : lower.startsWith(pattern) ? 80 : lower.includes(pattern) ? 50 : 10;
        maxScore = Math.max(maxScore, score);
      }
      return { user, score: maxScore };
    });
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ user }) => user) as never;
  };

  return { findUser, findUsers, countUsers, getUserById, searchUsers };
}
