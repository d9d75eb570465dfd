/**
 * The sidebar page (getConvosByCursor) and the message-search page (getConvosQueried).
 *
 * getConvosByCursor builds upstream's MongoDB filter clause for clause (so the translator gives
 * exactly its semantics, null groups included) and adds predicates that the filter already implies
 * but that PostgreSQL can use as index conditions: `is_archived IS NOT TRUE` for the active list
 * (the partial sidebar indexes) and the keyset boundary as a row comparison, so a page deep in a
 * long history starts at the cursor instead of scanning to it.
 */
import { Buffer } from 'node:buffer';
import {
  activeExpirationFilter,
  type ConversationMethods,
  isValidObjectIdString,
  logger,
} from '@librechat/data-schemas';
import { Types } from 'mongoose';
import { Params } from '../../filters/params.js';
import type { PgContext } from '../context.js';
import { hotQuery } from '../pool.js';
import { project } from '../store/projection.js';
import { NULLS_COLUMN, rowToDoc } from '../store/rows.js';
import { relatedCollection } from './related.js';
import { type Doc, humanConversationFilter, visibleRetentionFilter } from './shared.js';

const MAX_CONVO_PAGE_SIZE = 100;
const DEFAULT_CONVO_PAGE_SIZE = 25;
const SHARED_FLAG = '__is_shared';
const VALID_SORT_FIELDS = ['title', 'createdAt', 'updatedAt', 'archivedAt'];
const PAGE_SELECT =
  'conversationId endpoint title createdAt updatedAt archivedAt isArchived user model agent_id assistant_id spec iconURL chatProjectId pinned';

type Paging = Pick<ConversationMethods, 'getConvosByCursor' | 'getConvosQueried'>;

interface Keyset {
  /** SQL predicate implied by the cursor clauses, over the sort columns. */
  sql: string;
}

export function createConversationPaging(ctx: PgContext): Paging {
  const { conversations } = ctx.collections;
  const sharedlinks = relatedCollection(ctx, 'sharedlinks');
  const column = (field: string) => `"${conversations.spec.byField.get(field)?.column}"`;
  /** Only the columns the page returns (and `_nulls`, which tells null from missing). */
  const PAGE_COLUMNS = ['_id', ...PAGE_SELECT.split(' ')]
    .map((field) => column(field))
    .concat(`"${NULLS_COLUMN}"`)
    .join(', ');

  /** One batched lookup of active shared links; a failure only loses the badge. */
  async function attachSharedFlags(user: string, list: Doc[]): Promise<void> {
    if (!sharedLinksShown() || list.length === 0) return;
    try {
      const shares = await sharedlinks!.find(
        {
          user,
          conversationId: { $in: list.map((convo) => convo.conversationId) },
          ...activeExpirationFilter(),
        },
        { select: 'conversationId' },
      );
      const shared = new Set(shares.map((share) => share.conversationId));
      for (const convo of list) convo.isShared = shared.has(convo.conversationId);
    } catch (error) {
      logger.error('[attachSharedFlags] Error resolving shared conversations', error);
    }
  }

  /** Upstream flags shared conversations unless the deployment turned shared links off. */
  function sharedLinksShown(): boolean {
    if (!sharedlinks) return false;
    const allowSharedLinks = process.env.ALLOW_SHARED_LINKS;
    return allowSharedLinks === undefined || allowSharedLinks.toLowerCase().trim() === 'true';
  }

  /**
   * The sidebar page's `isShared` as a column of the page query (one round trip instead of the
   * second lookup upstream makes): an active link of the user for the row's conversation.
   */
  function sharedFlagColumn(user: string, params: Params): string | null {
    if (!sharedLinksShown()) return null;
    const where = sharedlinks!.where({ user, ...activeExpirationFilter() }, params, 's');
    return `EXISTS (SELECT 1 FROM "${sharedlinks!.spec.table}" s WHERE s."${sharedlinks!.spec.byField.get('conversationId')?.column}" = "${conversations.spec.table}"."${conversations.spec.byField.get('conversationId')?.column}" AND ${where}) AS "${SHARED_FLAG}"`;
  }

  /**
   * The row comparison the cursor's `$or` clauses amount to, when it is one: `(F, S, _id) op
   * (P, S0, id)` over non-null sort values. Descending pages of a nullable field also take the
   * whole null group, which is no single range: no hint then (the filter alone decides).
   */
  function keysetHint(
    params: Params,
    sortBy: string,
    secondaryField: string,
    descending: boolean,
    primary: unknown,
    secondaryValue: Date,
    boundaryId: string | null,
  ): Keyset | null {
    const op = descending ? '<' : '>';
    const nullable = sortBy === 'title' || sortBy === 'archivedAt';
    const sortsBySecondary = sortBy === secondaryField;
    const validSecondary = !Number.isNaN(secondaryValue.getTime());
    const idParam = () => `${params.add(boundaryId, 'text')} COLLATE "C"`;
    if (primary == null) {
      if (!descending || !validSecondary) return null;
      const cols = [column(secondaryField)];
      const vals = [params.add(secondaryValue, 'timestamptz')];
      if (boundaryId) {
        cols.push('"_id"');
        vals.push(idParam());
      }
      return { sql: `${column(sortBy)} IS NULL AND ROW(${cols.join(', ')}) ${op} ROW(${vals.join(', ')})` };
    }
    if (descending && nullable) return null;
    let primaryParam: string;
    if (sortBy === 'title') {
      if (typeof primary !== 'string') return null;
      primaryParam = `${params.add(primary, 'text')} COLLATE "C"`;
    } else {
      const date = new Date(primary as string);
      if (Number.isNaN(date.getTime())) return null;
      primaryParam = params.add(date, 'timestamptz');
    }
    const cols = [column(sortBy)];
    const vals = [primaryParam];
    if (!sortsBySecondary) {
      if (!validSecondary) return null;
      cols.push(column(secondaryField));
      vals.push(params.add(secondaryValue, 'timestamptz'));
    }
    if (boundaryId) {
      cols.push('"_id"');
      vals.push(idParam());
    }
    return { sql: `ROW(${cols.join(', ')}) ${op} ROW(${vals.join(', ')})` };
  }

  const getConvosByCursor: Paging['getConvosByCursor'] = async (
    user,
    {
      cursor,
      limit = DEFAULT_CONVO_PAGE_SIZE,
      isArchived = false,
      pinned = false,
      tags,
      search,
      sortBy = 'updatedAt',
      sortDirection = 'desc',
      projectId,
    } = {},
  ) => {
    const pageSize = Number.isFinite(limit)
      ? Math.min(Math.max(Math.trunc(limit), 1), MAX_CONVO_PAGE_SIZE)
      : DEFAULT_CONVO_PAGE_SIZE;
    const filters: Doc[] = [{ user }];
    if (isArchived) filters.push({ isArchived: true });
    else filters.push({ $or: [{ isArchived: false }, { isArchived: { $exists: false } }] });
    if (pinned) filters.push({ pinned: true });
    if (Array.isArray(tags) && tags.length > 0) filters.push({ tags: { $in: tags } });
    if (projectId === 'unassigned') {
      filters.push({ $or: [{ chatProjectId: null }, { chatProjectId: { $exists: false } }] });
    } else if (projectId) {
      filters.push({ chatProjectId: projectId });
    }
    filters.push(visibleRetentionFilter());
    filters.push(humanConversationFilter());

    if (search) {
      // Meili's conversation and message hits for the user (search/postgres/queries.ts), or the
      // database fallback search when Meili is off.
      if (!ctx.search) {
        logger.error(
          '[getConvosByCursor] Error during meiliSearch',
          new Error('MeiliSearch is not configured'),
        );
        throw new Error('Error during meiliSearch');
      }
      const matchingIds = await ctx.search.conversationIdsForSearch(user, search);
      if (!matchingIds.length) return { conversations: [], nextCursor: null };
      filters.push({ conversationId: { $in: matchingIds } });
    }

    if (!VALID_SORT_FIELDS.includes(sortBy)) {
      throw new Error(`Invalid sortBy field: ${sortBy}. Must be one of ${VALID_SORT_FIELDS.join(', ')}`);
    }
    const finalSortDirection = sortDirection === 'asc' ? 'asc' : 'desc';
    const descending = finalSortDirection !== 'asc';
    const sortFieldIsNullable = sortBy === 'title' || sortBy === 'archivedAt';
    const secondaryField = sortBy === 'archivedAt' ? 'createdAt' : 'updatedAt';

    const params = new Params();
    const hints: string[] = [];
    if (!isArchived) hints.push(`${column('isArchived')} IS NOT TRUE`);

    if (cursor) {
      let cursorFilter: Doc | null = null;
      try {
        const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString());
        const { primary, secondary, id } = decoded;
        const secondaryValue = new Date(secondary);
        const op = descending ? '$lt' : '$gt';
        const sortsBySecondary = sortBy === secondaryField;
        const boundaryHex = typeof id === 'string' && isValidObjectIdString(id) ? id : null;
        const boundaryId = boundaryHex ? { [op]: new Types.ObjectId(boundaryHex) } : null;
        const clauses: Doc[] = [];
        if (primary == null) {
          clauses.push({ [sortBy]: null, [secondaryField]: { [op]: secondaryValue } });
          if (boundaryId) clauses.push({ [sortBy]: null, [secondaryField]: secondaryValue, _id: boundaryId });
          if (!descending) clauses.push({ [sortBy]: { $ne: null } });
        } else {
          const primaryValue = sortBy === 'title' ? primary : new Date(primary);
          clauses.push({ [sortBy]: { [op]: primaryValue } });
          if (!sortsBySecondary) {
            clauses.push({ [sortBy]: primaryValue, [secondaryField]: { [op]: secondaryValue } });
          }
          if (boundaryId) {
            clauses.push({
              [sortBy]: primaryValue,
              ...(sortsBySecondary ? {} : { [secondaryField]: secondaryValue }),
              _id: boundaryId,
            });
          }
          if (descending && sortFieldIsNullable) clauses.push({ [sortBy]: null });
        }
        cursorFilter = { $or: clauses };
        const hint = keysetHint(
          params,
          sortBy,
          secondaryField,
          descending,
          primary,
          secondaryValue,
          boundaryHex,
        );
        if (hint) hints.push(hint.sql);
      } catch {
        logger.warn('[getConvosByCursor] Invalid cursor format, starting from beginning');
      }
      if (cursorFilter) filters.push(cursorFilter);
    }

    try {
      const sortOrder = descending ? -1 : 1;
      const sortObj: Record<string, 1 | -1> = { [sortBy]: sortOrder };
      if (sortBy !== secondaryField) sortObj[secondaryField] = sortOrder;
      sortObj._id = sortOrder;

      const where = conversations.where({ $and: filters }, params);
      const sharedFlag = sharedFlagColumn(user, params);
      const columns = [PAGE_COLUMNS, ...(sharedFlag ? [sharedFlag] : [])].join(', ');
      const sql = `SELECT ${columns} FROM "${conversations.spec.table}" WHERE ${[where, ...hints].map((p) => `(${p})`).join(' AND ')} ORDER BY ${conversations.orderBy(sortObj)} LIMIT ${params.add(pageSize + 1, 'bigint')}`;
      const { rows } = await ctx.pool.query(hotQuery(ctx.pool, sql, params.values));
      const convos = rows.map((row) => {
        const convo = project(conversations.spec, rowToDoc(conversations.spec, row), PAGE_SELECT);
        if (sharedFlag) convo.isShared = row[SHARED_FLAG] === true;
        return convo;
      });

      let nextCursor: string | null = null;
      if (convos.length > pageSize) {
        convos.pop();
        const lastReturned = convos[convos.length - 1] as Doc;
        const primaryValue = lastReturned[sortBy] as string | Date | null | undefined;
        let primaryStr: string | null = null;
        if (sortBy === 'title') primaryStr = typeof primaryValue === 'string' ? primaryValue : null;
        else if (primaryValue != null) primaryStr = new Date(primaryValue).toISOString();
        const secondaryValueOut =
          secondaryField === 'createdAt' ? lastReturned.createdAt : lastReturned.updatedAt;
        const secondaryStr = new Date((secondaryValueOut as Date | undefined) ?? 0).toISOString();
        const composite = { primary: primaryStr, secondary: secondaryStr, id: String(lastReturned._id) };
        nextCursor = Buffer.from(JSON.stringify(composite)).toString('base64');
      }

      return { conversations: convos as never, nextCursor };
    } catch (error) {
      logger.error('[getConvosByCursor] Error getting conversations', error);
      throw new Error('Error getting conversations');
    }
  };

  /** Message-search hits: visible conversations, sorted in memory by updatedAt descending. */
  const getConvosQueried: Paging['getConvosQueried'] = async (user, convoIds, cursor = null, limit = 25) => {
    try {
      if (!convoIds?.length) return { conversations: [], nextCursor: null, convoMap: {} };
      const conversationIds = convoIds.map((convo) => convo.conversationId);
      const results = await conversations.find({
        $and: [
          { user, conversationId: { $in: conversationIds } },
          visibleRetentionFilter(),
          humanConversationFilter(),
        ],
      });
      results.sort(
        (a, b) =>
          new Date((b.updatedAt as Date) ?? 0).getTime() - new Date((a.updatedAt as Date) ?? 0).getTime(),
      );
      let filtered = results;
      if (cursor && cursor !== 'start') {
        const cursorDate = new Date(cursor);
        filtered = results.filter((convo) => new Date((convo.updatedAt as Date) ?? 0) < cursorDate);
      }
      const limited = filtered.slice(0, limit + 1);
      let nextCursor: string | null = null;
      if (limited.length > limit) {
        limited.pop();
        nextCursor = ((limited[limited.length - 1] as Doc).updatedAt as Date).toISOString();
      }
      await attachSharedFlags(user, limited);
      const convoMap: Record<string, unknown> = {};
      for (const convo of limited) convoMap[convo.conversationId as string] = convo;
      return { conversations: limited as never, nextCursor, convoMap };
    } catch (error) {
      logger.error('[getConvosQueried] Error getting conversations', error);
      throw new Error('Error fetching conversations');
    }
  };

  return { getConvosByCursor, getConvosQueried };
}
