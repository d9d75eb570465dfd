/**
 * listChatProjects' keyset pagination (upstream methods/chatProject.ts, not exported): sort by
 * name, createdAt or lastConversationAt with `_id` as tie-break, an opaque base64 JSON cursor
 * `{ primary, id }`, and the null bucket of never-used projects (`lastConversationAt: null`
 * sorts last descending, so it gets its own branch once the dated projects are passed).
 */
import { isValidObjectIdString, logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { Filter } from '../store/collection.js';

export type ChatProjectSortBy = 'name' | 'createdAt' | 'lastConversationAt';
export type ChatProjectSortDirection = 'asc' | 'desc';
type ProjectCursor = { primary: string | null; id: string };
type Doc = Record<string, unknown>;

const VALID_SORT_FIELDS = new Set<ChatProjectSortBy>(['name', 'createdAt', 'lastConversationAt']);

export function normalizeSortBy(sortBy?: string): ChatProjectSortBy {
  return VALID_SORT_FIELDS.has(sortBy as ChatProjectSortBy)
    ? (sortBy as ChatProjectSortBy)
    : 'lastConversationAt';
}

export function normalizeSortDirection(sortDirection?: string): ChatProjectSortDirection {
  return sortDirection === 'asc' ? 'asc' : 'desc';
}

export function normalizeLimit(limit?: number): number {
  if (!Number.isFinite(limit) || !limit) return 25;
  return Math.min(Math.max(Math.floor(limit), 1), 100);
}

export function parseCursor(cursor?: string | null): ProjectCursor | null {
  if (!cursor) return null;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString()) as ProjectCursor;
    if (!decoded.id || !isValidObjectIdString(decoded.id)) return null;
    return { primary: decoded.primary ?? null, id: decoded.id };
  } catch {
    logger.warn('[listChatProjects] Invalid cursor format, starting from beginning');
    return null;
  }
}

export function encodeCursor(project: Doc, sortBy: ChatProjectSortBy): string {
  let primary: string | null = null;
  if (sortBy === 'name') {
    primary = project.name as string;
  } else {
    const date = project[sortBy];
    primary = date instanceof Date ? date.toISOString() : null;
  }
  return Buffer.from(JSON.stringify({ primary, id: String(project._id) })).toString('base64');
}

function cursorPrimaryValue(
  primary: string | null,
  sortBy: ChatProjectSortBy,
): string | Date | null | undefined {
  if (primary == null) return sortBy === 'lastConversationAt' ? null : undefined;
  if (sortBy === 'name') return primary;
  const date = new Date(primary);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function createCursorFilter(
  cursor: ProjectCursor | null,
  sortBy: ChatProjectSortBy,
  sortDirection: ChatProjectSortDirection,
): Filter | null {
  if (!cursor) return null;
  const op = sortDirection === 'asc' ? '$gt' : '$lt';
  const id = new Types.ObjectId(cursor.id);
  const primary = cursorPrimaryValue(cursor.primary, sortBy);
  if (primary === undefined) {
    logger.warn('[listChatProjects] Invalid cursor primary value, starting from beginning');
    return null;
  }
  const branches: Filter[] = [{ [sortBy]: { [op]: primary } }, { [sortBy]: primary, _id: { [op]: id } }];
  if (sortBy === 'lastConversationAt' && sortDirection === 'desc' && primary instanceof Date) {
    branches.push({ lastConversationAt: null });
  }
  return { $or: branches };
}
