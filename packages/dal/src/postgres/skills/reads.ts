/** Reading and listing skills (upstream methods/skill.ts). */
import { escapeRegExp, isValidObjectIdString, logger } from '@librechat/data-schemas';

import { ObjectId } from 'bson';
import type { PgContext } from '../context.js';
import { backfillDerivedFromFrontmatter } from './helpers.js';
import type {
  FilterQuery,
  GetAuthorSkillByNameParams,
  ISkill,
  ISkillDocument,
  ISkillSummary,
  ListAlwaysApplySkillsParams,
  ListAlwaysApplySkillsResult,
  ListSkillsByAccessParams,
  ListSkillsByAccessResult,
} from './types.js';

export function createSkillReads(ctx: PgContext) {
  const skillsTable = ctx.collections.skills;

  function buildSkillFilter(
    params: Pick<ListSkillsByAccessParams, 'accessibleIds' | 'category' | 'search' | 'manageTenantId'>,
  ): FilterQuery<ISkillDocument> {
    const filter: FilterQuery<ISkillDocument> = params.manageTenantId
      ? { tenantId: params.manageTenantId }
      : { _id: { $in: params.accessibleIds } };
    if (params.category && params.category.length > 0) {
      filter.category = params.category;
    }
    if (params.search && params.search.length > 0) {
      const rx = new RegExp(escapeRegExp(params.search), 'i');
      filter.$or = [{ name: rx }, { description: rx }, { displayTitle: rx }];
    }
    return filter;
  }

  function decodeCursor(cursor: string | null | undefined): { updatedAt: Date; _id: ObjectId } | null {
    if (!cursor || cursor === 'undefined' || cursor === 'null') {
      return null;
    }
    try {
      const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
        updatedAt?: string;
        _id?: string;
      };
      if (
        !decoded.updatedAt ||
        !decoded._id ||
        Number.isNaN(new Date(decoded.updatedAt).getTime()) ||
        !isValidObjectIdString(decoded._id)
      ) {
        return null;
      }
      return { updatedAt: new Date(decoded.updatedAt), _id: new ObjectId(decoded._id) };
    } catch (error) {
      logger.warn(`[skill.decodeCursor] Invalid cursor: ${(error as Error).message}`);
      return null;
    }
  }

  function encodeCursor(row: { updatedAt: Date; _id: ObjectId }): string {
    return Buffer.from(
      JSON.stringify({ updatedAt: row.updatedAt.toISOString(), _id: row._id.toString() }),
    ).toString('base64');
  }

  /** Rows after a cursor in (updatedAt desc, _id asc) order. */
  function afterCursor(
    baseFilter: FilterQuery<ISkillDocument>,
    cursor: { updatedAt: Date; _id: ObjectId } | null,
  ): FilterQuery<ISkillDocument> {
    if (!cursor) return baseFilter;
    const cursorCondition: FilterQuery<ISkillDocument> = {
      $or: [
        { updatedAt: { $lt: cursor.updatedAt } },
        { updatedAt: cursor.updatedAt, _id: { $gt: cursor._id } },
      ],
    };
    return { $and: [baseFilter, cursorCondition] };
  }

  /** A `limit + 1` read → the page, whether more follow, and the next cursor. */
  function pageOf<T extends { updatedAt?: unknown; _id?: unknown }>(rows: T[], limit: number) {
    const has_more = rows.length > limit;
    const sliced = has_more ? rows.slice(0, limit) : rows;
    const last = sliced[sliced.length - 1];
    const after =
      has_more && last
        ? encodeCursor({ updatedAt: last.updatedAt as Date, _id: last._id as ObjectId })
        : null;
    return { has_more, sliced, after };
  }

  async function getSkillById(id: string | ObjectId): Promise<(ISkill & { _id: ObjectId }) | null> {
    if (typeof id === 'string' && !isValidObjectIdString(id)) {
      return null;
    }
    const doc = await skillsTable.findOne({ _id: id });
    return (doc as unknown as (ISkill & { _id: ObjectId }) | null) ?? null;
  }

  async function getSkillByName(
    name: string,
    accessibleIds: ObjectId[],
    options?: {
      /**
       * Manual paths (`$` popover, always-apply once Phase 5 lands) set
       * this so a same-name newer `userInvocable: false` duplicate can't
       * shadow the older user-invocable doc the popover surfaced.
       * Disable-model-invocation status is irrelevant here — manually-
       * primed disabled skills are explicitly supported (iter 4).
       */
      preferUserInvocable?: boolean;
      /**
       * Model paths (`skill` / `read_file` tool handlers) set this so a
       * same-name newer `disable-model-invocation: true` duplicate can't
       * shadow the cataloged model-invocable doc. User-invocability is
       * irrelevant here — `userInvocable: false` skills are model-only
       * and remain valid model-invocation targets.
       *
       * Both flags fall back to the newest match when no preferred doc
       * exists, so handlers can still fire their explicit-rejection
       * error paths (e.g. "cannot be invoked by the model" in the
       * disabled-only case).
       */
      preferModelInvocable?: boolean;
    },
  ): Promise<(ISkill & { _id: ObjectId }) | null> {
    const preferUserInvocable = options?.preferUserInvocable === true;
    const preferModelInvocable = options?.preferModelInvocable === true;
    /* Single-doc fast path when no preference is requested — preserves
       the previous performance characteristics for callers that just
       want "newest match". */
    if (!preferUserInvocable && !preferModelInvocable) {
      const doc = await skillsTable.findOne(
        { name, _id: { $in: accessibleIds } },
        { sort: { updatedAt: -1 } },
      );
      return backfillDerivedFromFrontmatter((doc as unknown as (ISkill & { _id: ObjectId }) | null) ?? null);
    }
    /* Multi-doc path: fetch all matching docs (typically 1, rarely 2+
       across same-name duplicates) and pick the first satisfying the
       caller's preference; fall back to newest. */
    const docs = (await skillsTable.find(
      { name, _id: { $in: accessibleIds } },
      { sort: { updatedAt: -1 } },
    )) as unknown as Array<ISkill & { _id: ObjectId }>;
    if (docs.length === 0) {
      return null;
    }
    for (const doc of docs) {
      backfillDerivedFromFrontmatter(doc);
    }
    const preferred = docs.find((d) => {
      if (preferUserInvocable && d.userInvocable === false) {
        return false;
      }
      if (preferModelInvocable && d.disableModelInvocation === true) {
        return false;
      }
      return true;
    });
    return preferred ?? docs[0];
  }

  async function getAuthorSkillByName(
    params: GetAuthorSkillByNameParams,
  ): Promise<(ISkill & { _id: ObjectId }) | null> {
    const doc = await skillsTable.findOne(
      { name: params.name, author: params.author, tenantId: params.tenantId ?? null },
      { sort: { updatedAt: -1 } },
    );
    return backfillDerivedFromFrontmatter((doc as unknown as (ISkill & { _id: ObjectId }) | null) ?? null);
  }

  async function listSkillsByAccess(params: ListSkillsByAccessParams): Promise<ListSkillsByAccessResult> {
    const limit = Math.min(Math.max(1, params.limit || 20), 100);

    const baseFilter = buildSkillFilter(params);
    const filter = afterCursor(baseFilter, decodeCursor(params.cursor));

    const rows: any[] = await skillsTable.find(filter, {
      sort: { updatedAt: -1, _id: 1 },
      limit: limit + 1,
      select:
        /* `frontmatter` is deliberately NOT projected: the structured
         columns (disableModelInvocation / userInvocable / allowedTools /
         alwaysApply) are always populated by `createSkill` / `updateSkill`
         going forward, and the branch this code ships on never shipped
         to main — so no legacy rows exist that would need a frontmatter
         read-time backfill on summaries. Skipping it saves ~2KB/skill ×
         100/page of wire traffic. `backfillDerivedFromFrontmatter` is
         still called below as defensive code; it short-circuits when
         `frontmatter` is undefined. */
        'name displayTitle description category author authorName version source sourceMetadata fileCount alwaysApply tenantId disableModelInvocation userInvocable allowedTools createdAt updatedAt',
    });

    /* Defensive read-time fallback. With `frontmatter` excluded from the
       projection, the helper short-circuits immediately; kept in the loop
       so a future projection change (or legacy rows appearing via a
       migration) continues to get runtime-column restoration for free. */
    for (const row of rows) {
      backfillDerivedFromFrontmatter(row as unknown as ISkill);
    }

    const { has_more, sliced, after } = pageOf(rows, limit);

    return {
      skills: sliced as unknown as Array<ISkillSummary & { _id: ObjectId }>,
      has_more,
      after,
    };
  }

  async function listAlwaysApplySkills(
    params: ListAlwaysApplySkillsParams,
  ): Promise<ListAlwaysApplySkillsResult> {
    if (!params.accessibleIds.length) {
      return { skills: [], has_more: false, after: null };
    }
    const limit = Math.min(Math.max(1, params.limit || 20), 100);

    const baseFilter: FilterQuery<ISkillDocument> = {
      _id: { $in: params.accessibleIds },
      alwaysApply: true,
    };
    const filter = afterCursor(baseFilter, decodeCursor(params.cursor));

    const rows: any[] = await skillsTable.find(filter, {
      sort: { updatedAt: -1, _id: 1 },
      limit: limit + 1,
      select: 'name body author frontmatter updatedAt allowedTools version',
    });

    const { has_more, sliced, after } = pageOf(rows, limit);

    /**
     * `allowedTools` is projected alongside `name`/`body`/`author` so the
     * always-apply prime pipeline (post-Phase 6) can union skill-declared
     * tool allowlists into the agent's effective tool set for the turn —
     * same symmetry as the manual-prime path, which reads the column off
     * `getSkillByName`. Older rows predating the column show up with
     * `allowedTools === undefined` (the backfill helper runs on those at
     * read time elsewhere; per-turn priming is fine with undefined).
     */
    const skills = sliced.map((row) => {
      const result: ListAlwaysApplySkillsResult['skills'][number] = {
        _id: row._id as ObjectId,
        name: row.name,
        body: row.body ?? '',
        author: row.author as ObjectId,
        version: row.version,
        frontmatter: row.frontmatter,
      };
      if (row.allowedTools !== undefined) {
        result.allowedTools = row.allowedTools;
      }
      return result;
    });

    return { skills, has_more, after };
  }

  async function findSkillBySourceIdentity(params: {
    source: 'github' | 'notion';
    upstreamId: string;
    tenantId?: string;
  }): Promise<(ISkill & { _id: ObjectId }) | null> {
    const tenantFilter: FilterQuery<ISkillDocument> = params.tenantId
      ? { tenantId: params.tenantId }
      : { $or: [{ tenantId: { $exists: false } }, { tenantId: null }] };
    const doc = await skillsTable.findOne({
      source: params.source,
      'sourceMetadata.upstreamId': params.upstreamId,
      ...tenantFilter,
    });
    return (doc as unknown as (ISkill & { _id: ObjectId }) | null) ?? null;
  }

  async function listSkillsBySource(params: {
    source: 'github' | 'notion';
    sourceId: string;
  }): Promise<Array<ISkill & { _id: ObjectId }>> {
    const rows = await skillsTable.find({
      source: params.source,
      'sourceMetadata.sourceId': params.sourceId,
    });
    return rows as unknown as Array<ISkill & { _id: ObjectId }>;
  }

  return {
    getSkillById,
    getSkillByName,
    getAuthorSkillByName,
    listSkillsByAccess,
    listAlwaysApplySkills,
    findSkillBySourceIdentity,
    listSkillsBySource,
  };
}
