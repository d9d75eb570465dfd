/**
 * getSharedLinks' list cursor (upstream methods/share.ts, not exported): base64 JSON
 * `{ primary, id }` — the sort value and the `_id` that broke its tie. Older plain-value cursors
 * decode to null and fall back to a single-field boundary. BSON orders a missing/null title
 * before every string, which the resume clauses respect.
 */
import type { ISharedLink } from '@librechat/data-schemas';
import { isValidObjectIdString } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { Filter } from '../store/collection.js';

export type SharedLinksCursor = { primary: string | null; id: string };

export function decodeSharedLinksCursor(pageParam: Date | string): SharedLinksCursor | null {
  if (typeof pageParam !== 'string') return null;
  try {
    const decoded = JSON.parse(Buffer.from(pageParam, 'base64').toString());
    const hasPrimary = typeof decoded?.primary === 'string' || decoded?.primary === null;
    if (hasPrimary && isValidObjectIdString(decoded?.id)) return decoded as SharedLinksCursor;
  } catch {
    return null;
  }
  return null;
}

export function buildSharedLinksCursorClauses(
  cursor: SharedLinksCursor,
  sortBy: string,
  descending: boolean,
): Filter[] {
  const op = descending ? '$lt' : '$gt';
  const boundaryId = { [op]: new Types.ObjectId(cursor.id) };
  if (cursor.primary === null) {
    return descending
      ? [{ [sortBy]: null, _id: boundaryId }]
      : [{ [sortBy]: null, _id: boundaryId }, { [sortBy]: { $ne: null } }];
  }
  const primaryValue = sortBy === 'createdAt' ? new Date(cursor.primary) : cursor.primary;
  const clauses: Filter[] = [
    { [sortBy]: { [op]: primaryValue } },
    { [sortBy]: primaryValue, _id: boundaryId },
  ];
  /* `$lt` against a string never matches a missing field, which sorts after every title descending. */
  if (descending && typeof primaryValue === 'string') clauses.push({ [sortBy]: null });
  return clauses;
}

export function encodeSharedLinksCursor(link: ISharedLink | Record<string, unknown>, sortBy: string): string {
  const value = (link as Record<string, unknown>)[sortBy];
  let primary: string | null = null;
  if (value instanceof Date) primary = value.toISOString();
  else if (value != null) primary = String(value);
  const composite: SharedLinksCursor = { primary, id: String((link as { _id: unknown })._id) };
  return Buffer.from(JSON.stringify(composite)).toString('base64');
}
