/** SkillMethods on PostgreSQL (upstream methods/skill.ts), in upstream's control flow. */
import {
  deriveStructuredFrontmatterFields,
  escapeRegExp,
  inferSkillFileCategory,
  isValidObjectIdString,
  logger,
  normalizeSkillFrontmatterKeys,
  partitionIssues,
  type SkillMethods,
  type ValidationIssue,
  validateRelativePath,
  validateSkillBody,
  validateSkillDescription,
  validateSkillFrontmatter,
  validateSkillName,
} from '@librechat/data-schemas';
import { ObjectId } from 'bson';
import type { CodeEnvRef } from 'librechat-data-provider';
import { ResourceType, SkillsScope } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import { project } from '../store/projection.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';
import {
  backfillDerivedFromFrontmatter,
  extractAlwaysApplyFromBody,
  getAlwaysApplyFrontmatterValue,
  isPlainObject,
  resolveAlwaysApplyFromInput,
  validateAlwaysApply,
  validateSkillDisplayTitle,
} from './helpers.js';

type M = SkillMethods;
type FilterQuery<_T> = Record<string, any>;
type ISkillDocument = any;
type ISkill = any;
type ISkillFile = any;
type ISkillSummary = any;
type CreateSkillInput = Parameters<M['createSkill']>[0];
type UpdateSkillInput = Parameters<M['updateSkill']>[0]['update'];
type GetAuthorSkillByNameParams = Parameters<M['getAuthorSkillByName']>[0];
type ListSkillsByAccessParams = Parameters<M['listSkillsByAccess']>[0];
type ListSkillsByAccessResult = Awaited<ReturnType<M['listSkillsByAccess']>>;
type ListAlwaysApplySkillsParams = Parameters<M['listAlwaysApplySkills']>[0];
type ListAlwaysApplySkillsResult = Awaited<ReturnType<M['listAlwaysApplySkills']>>;
type CreateSkillResult = Awaited<ReturnType<M['createSkill']>>;
type UpdateSkillResult = Awaited<ReturnType<M['updateSkill']>>;
type DeleteSkillResult = Awaited<ReturnType<M['deleteSkill']>>;
type DeleteSkillCleanupStep = DeleteSkillResult['failedCleanupSteps'][number];
type UpsertSkillFileInput = Parameters<M['upsertSkillFile']>[0];
type SkillFileUpsertResult = {
  value: (ISkillFile & { _id: ObjectId }) | null;
  lastErrorObject?: { updatedExisting?: boolean };
};

export interface PgSkillDeps {
  removeAllPermissions: (params: { resourceType: string; resourceId: unknown }) => Promise<void>;
  getSoleOwnedResourceIds: (userObjectId: any, resourceTypes: string | string[]) => Promise<ObjectId[]>;
}

export function createSkillMethods(ctx: PgContext, deps: PgSkillDeps): SkillMethods {
  const skillsTable = ctx.collections.skills;
  const skillFiles = ctx.collections.skillfiles;

  /**
   * Upstream's `Agent.updateMany({ skills: { $in: ids, $not: { $elemMatch: { $nin: ids } } }, … },
   * { $set: { skills: [], skills_enabled: false } }, { timestamps: false })`: the rows are locked
   * and the "every entry is being deleted" condition checked on them, in one transaction.
   */
  async function pruneWholeAllowlists(ids: string[], filter: Record<string, unknown>): Promise<void> {
    const agents = ctx.collections.agents;
    await withTransaction(ctx.pool, async (client) => {
      const rows = await agents.findRaw(filter, { forUpdate: true }, client);
      const whole = rows.filter((row) =>
        ((row.skills as string[] | undefined) ?? []).every((s) => ids.includes(s)),
      );
      if (whole.length === 0) return;
      await agents.updateMany(
        { _id: { $in: whole.map((row) => row._id) } },
        { $set: { skills: [], skills_enabled: false } },
        { timestamps: false },
        client,
      );
    });
  }

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

  async function createSkill(data: CreateSkillInput): Promise<CreateSkillResult> {
    const normalizedFrontmatter = isPlainObject(data.frontmatter)
      ? normalizeSkillFrontmatterKeys(data.frontmatter)
      : undefined;
    const frontmatter =
      normalizedFrontmatter && 'frontmatter' in normalizedFrontmatter
        ? normalizedFrontmatter.frontmatter
        : data.frontmatter;
    const bodyIssues = validateSkillBody(data.body);
    /* Parse body's always-apply status once — reused for validation
       (below) and derivation in `resolveAlwaysApplyFromInput`. Avoids
       parsing the same YAML frontmatter block twice per create. */
    const bodyAlwaysApply =
      bodyIssues.length === 0 && data.body !== undefined ? extractAlwaysApplyFromBody(data.body) : undefined;
    const issues: ValidationIssue[] = [
      ...validateSkillName(data.name),
      ...validateSkillDescription(data.description),
      ...bodyIssues,
      ...validateSkillDisplayTitle(data.displayTitle),
      ...validateSkillFrontmatter(frontmatter),
      ...validateAlwaysApply(data.alwaysApply),
    ];
    /* Body-level `always-apply:` only needs to be well-formed when a
       higher-precedence source won't override it (see
       `resolveAlwaysApplyFromInput` for the cascade). A caller sending
       an explicit top-level `alwaysApply` or a structured
       an always-apply value in structured `frontmatter` has the body value overridden at
       derivation time, so rejecting them for a typo they aren't relying
       on would be user-hostile. */
    if (
      bodyAlwaysApply?.status === 'invalid' &&
      typeof data.alwaysApply !== 'boolean' &&
      getAlwaysApplyFrontmatterValue(frontmatter) === undefined
    ) {
      issues.push({
        field: 'body.frontmatter.alwaysApply',
        code: 'INVALID_TYPE',
        message: '"always-apply" or "alwaysApply" in SKILL.md frontmatter must be a boolean (true or false)',
      });
    }
    const { errors, warnings } = partitionIssues(issues);
    if (errors.length > 0) {
      const error = new Error('Skill validation failed');
      (error as Error & { issues?: ValidationIssue[]; code?: string }).issues = errors;
      (error as Error & { code?: string }).code = 'SKILL_VALIDATION_FAILED';
      throw error;
    }

    // Application-level uniqueness check on (name, author, tenantId).
    // The unique index in the schema is the persistent guarantee, but Mongoose
    // creates indexes asynchronously and tests can race ahead of index creation,
    // so we also enforce it here for deterministic behavior and a clean error.
    const existing = await skillsTable.findOne(
      { name: data.name, author: data.author, tenantId: data.tenantId ?? null },
      { select: '_id' },
    );
    if (existing) {
      const error = new Error(`A skill with name "${data.name}" already exists for this author`);
      (error as Error & { code?: string | number }).code = 11000;
      throw error;
    }

    const derived = deriveStructuredFrontmatterFields(frontmatter);
    const doc = await skillsTable.create({
      name: data.name,
      displayTitle: data.displayTitle,
      description: data.description,
      body: data.body ?? '',
      frontmatter: frontmatter ?? {},
      category: data.category ?? '',
      author: data.author,
      authorName: data.authorName,
      version: 1,
      source: data.source ?? 'inline',
      sourceMetadata: data.sourceMetadata,
      fileCount: 0,
      alwaysApply: resolveAlwaysApplyFromInput(
        data.alwaysApply,
        frontmatter,
        data.body,
        false,
        bodyAlwaysApply,
      ),
      tenantId: data.tenantId,
      ...derived,
    });
    return {
      skill: doc.toObject() as unknown as ISkill & { _id: ObjectId },
      warnings,
    };
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
    const cursor = decodeCursor(params.cursor);

    let filter: FilterQuery<ISkillDocument> = baseFilter;
    if (cursor) {
      const cursorCondition: FilterQuery<ISkillDocument> = {
        $or: [
          { updatedAt: { $lt: cursor.updatedAt } },
          { updatedAt: cursor.updatedAt, _id: { $gt: cursor._id } },
        ],
      };
      filter = { $and: [baseFilter, cursorCondition] };
    }

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

    const has_more = rows.length > limit;
    const sliced = has_more ? rows.slice(0, limit) : rows;
    const last = sliced[sliced.length - 1];
    const after =
      has_more && last
        ? encodeCursor({
            updatedAt: last.updatedAt as Date,
            _id: last._id as ObjectId,
          })
        : null;

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
    const cursor = decodeCursor(params.cursor);

    let filter: FilterQuery<ISkillDocument> = baseFilter;
    if (cursor) {
      const cursorCondition: FilterQuery<ISkillDocument> = {
        $or: [
          { updatedAt: { $lt: cursor.updatedAt } },
          { updatedAt: cursor.updatedAt, _id: { $gt: cursor._id } },
        ],
      };
      filter = { $and: [baseFilter, cursorCondition] };
    }

    const rows: any[] = await skillsTable.find(filter, {
      sort: { updatedAt: -1, _id: 1 },
      limit: limit + 1,
      select: 'name body author frontmatter updatedAt allowedTools version',
    });

    const has_more = rows.length > limit;
    const sliced = has_more ? rows.slice(0, limit) : rows;
    const last = sliced[sliced.length - 1];
    const after =
      has_more && last
        ? encodeCursor({
            updatedAt: last.updatedAt as Date,
            _id: last._id as ObjectId,
          })
        : null;

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

  async function updateSkill(params: {
    id: string;
    expectedVersion: number;
    update: UpdateSkillInput;
  }): Promise<UpdateSkillResult> {
    const { id, expectedVersion, update } = params;
    if (!isValidObjectIdString(id)) {
      return { status: 'not_found' };
    }
    const normalizedFrontmatter = isPlainObject(update.frontmatter)
      ? normalizeSkillFrontmatterKeys(update.frontmatter)
      : undefined;
    const frontmatter =
      normalizedFrontmatter && 'frontmatter' in normalizedFrontmatter
        ? normalizedFrontmatter.frontmatter
        : update.frontmatter;

    const bodyIssues = update.body !== undefined ? validateSkillBody(update.body) : [];
    /* Parse body's always-apply status once — reused for validation
       (precedence-aware, below) and the derivation cascade further
       down. Avoids parsing the same YAML frontmatter block twice per
       update. */
    const bodyAlwaysApply =
      bodyIssues.length === 0 && update.body !== undefined
        ? extractAlwaysApplyFromBody(update.body)
        : undefined;
    const issues: ValidationIssue[] = [];
    if (update.name !== undefined) issues.push(...validateSkillName(update.name));
    if (update.description !== undefined) issues.push(...validateSkillDescription(update.description));
    issues.push(...bodyIssues);
    if (update.displayTitle !== undefined) issues.push(...validateSkillDisplayTitle(update.displayTitle));
    if (update.frontmatter !== undefined) issues.push(...validateSkillFrontmatter(frontmatter));
    if (update.alwaysApply !== undefined) issues.push(...validateAlwaysApply(update.alwaysApply));
    /* Body-level `always-apply:` only needs to be well-formed when a
       higher-precedence source won't override it (see
       `resolveAlwaysApplyFromInput` for precedence). Rejecting a typo
       the caller is already overriding would be user-hostile, and the
       body-inline derivation branch below is skipped for those
       payloads anyway. */
    if (
      bodyAlwaysApply?.status === 'invalid' &&
      update.alwaysApply === undefined &&
      getAlwaysApplyFrontmatterValue(frontmatter) === undefined
    ) {
      issues.push({
        field: 'body.frontmatter.alwaysApply',
        code: 'INVALID_TYPE',
        message: '"always-apply" or "alwaysApply" in SKILL.md frontmatter must be a boolean (true or false)',
      });
    }
    const { errors, warnings } = partitionIssues(issues);
    if (errors.length > 0) {
      const error = new Error('Skill validation failed');
      (error as Error & { issues?: ValidationIssue[]; code?: string }).issues = errors;
      (error as Error & { code?: string }).code = 'SKILL_VALIDATION_FAILED';
      throw error;
    }

    const setPayload: Record<string, unknown> = {};
    const unsetPayload: Record<string, ''> = {};
    if (update.name !== undefined) setPayload.name = update.name;
    if (update.displayTitle !== undefined) setPayload.displayTitle = update.displayTitle;
    if (update.description !== undefined) setPayload.description = update.description;
    if (update.body !== undefined) setPayload.body = update.body;
    if (update.source !== undefined) setPayload.source = update.source;
    if (update.sourceMetadata !== undefined) setPayload.sourceMetadata = update.sourceMetadata;
    if (update.frontmatter !== undefined) {
      setPayload.frontmatter = frontmatter;
      /**
       * Derived columns track frontmatter — when frontmatter changes, the
       * derived view must follow. Fields the new frontmatter omits are
       * unset (back to schema default) so removing `disable-model-invocation`
       * from a SKILL.md re-enables model invocation on the next save.
       */
      const derived = deriveStructuredFrontmatterFields(frontmatter);
      for (const key of ['disableModelInvocation', 'userInvocable', 'allowedTools'] as const) {
        if (derived[key] !== undefined) {
          setPayload[key] = derived[key];
        } else {
          unsetPayload[key] = '';
        }
      }
    }
    if (update.category !== undefined) setPayload.category = update.category;
    /**
     * Keep the indexed `alwaysApply` column in sync with whatever the update
     * is carrying: an explicit top-level `alwaysApply` always wins; a
     * structured `frontmatter` with `always-apply: true/false` or the
     * accepted `alwaysApply` alias is next; and a `body` update is scanned last for an inline `always-apply:` line
     * inside the SKILL.md frontmatter block. The body path is load-bearing
     * for the REST edit flow — the current UI sends `body` without a
     * parallel `frontmatter` object, so inline edits to `always-apply:` / `alwaysApply:`
     * would otherwise leave the column stale and auto-priming / pin
     * badges would keep using the old value.
     *
     * When a `body` is submitted with NO `always-apply:` line (e.g. the
     * user removed the line from SKILL.md), that counts as a positive
     * declaration of "not always-apply" — the column flips to `false`.
     * Leaving it untouched would leave a skill that was once always-apply
     * silently auto-priming even after its own SKILL.md no longer
     * declares the flag.
     *
     * Important: the gates key off the *presence of an always-apply value*
     * at each level, not the presence of the parent field. An API caller
     * that sends both `body` and an unrelated `frontmatter` bag (e.g.
     * editing category + rewriting SKILL.md in one PATCH) still gets the
     * body-inline flag respected because no structured always-apply key
     * is absent in that payload.
     */
    let derivedAlwaysApply: boolean | undefined;
    if (update.alwaysApply !== undefined) {
      derivedAlwaysApply = update.alwaysApply;
    }
    if (derivedAlwaysApply === undefined && update.frontmatter !== undefined) {
      const fromFrontmatter = getAlwaysApplyFrontmatterValue(frontmatter);
      if (typeof fromFrontmatter === 'boolean') {
        derivedAlwaysApply = fromFrontmatter;
      }
    }
    if (derivedAlwaysApply === undefined && bodyAlwaysApply !== undefined) {
      if (bodyAlwaysApply.status === 'valid') {
        derivedAlwaysApply = bodyAlwaysApply.value;
      } else if (bodyAlwaysApply.status === 'absent') {
        /* An `absent` result means the user submitted a new body that
           declares no `always-apply:` key (either the key was removed or
           no frontmatter block was ever there). The body is the
           authoritative source for this skill's declared state: editing
           it to drop the flag intends to turn auto-priming off, so flip
           the column to `false`. Without this, a skill that was once
           `alwaysApply: true` would keep auto-priming after the user
           removed the declaration from SKILL.md — a persistent,
           invisible mismatch between the file and runtime behavior.
           `invalid` is rejected upstream by `validateAlwaysApplyInBody`
           so this branch only handles the legitimate absence case. */
        derivedAlwaysApply = false;
      }
    }
    if (derivedAlwaysApply !== undefined) {
      setPayload.alwaysApply = derivedAlwaysApply;
    }

    const updateOps: Record<string, unknown> = {
      $set: setPayload,
      $inc: { version: 1 },
    };
    if (Object.keys(unsetPayload).length > 0) {
      updateOps.$unset = unsetPayload;
    }
    const result = await skillsTable.findOneAndUpdateLean(
      { _id: new ObjectId(id), version: expectedVersion },
      updateOps,
      {
        new: true,
      },
    );

    if (result) {
      return {
        status: 'updated',
        skill: result as unknown as ISkill & { _id: ObjectId },
        warnings,
      };
    }

    const current = await skillsTable.findOne({ _id: id });
    if (!current) {
      return { status: 'not_found' };
    }
    return {
      status: 'conflict',
      current: current as unknown as ISkill & { _id: ObjectId },
    };
  }

  /**
   * Removes deleted skill ids from every agent's `skills` allowlist. A dangling
   * id is invisible in the builder yet keeps the allowlist non-empty, so the
   * runtime scopes the catalog to an empty intersection and the agent silently
   * loses all skills. Direct `updateMany` on purpose: hygiene, not an authored
   * edit — no version entry, timestamps untouched.
   *
   * Ids are lowercased first: allowlists store canonical `_id.toString()`
   * values, and an uppercase-but-valid id would delete the Skill doc yet
   * leave the dangling entry behind.
   *
   * Agents whose ENTIRE allowlist is being deleted fail closed instead:
   * an emptied allowlist with `skills_enabled: true` means the full
   * accessible catalog at runtime, so a plain `$pull` would silently widen
   * a deliberately restricted agent. Disabling skills preserves the
   * restriction until an author makes a new explicit choice.
   *
   * That inference only applies to agents with no explicit `skills_scope`.
   * With a scope persisted, the field already says what an empty allowlist
   * means -- `selected` resolves to no skills on its own, and `all` means the
   * full catalog on purpose -- so disabling them would turn skills off behind
   * the author's back.
   */
  async function removeSkillsFromAgentAllowlists(skillIds: string[]): Promise<boolean> {
    if (skillIds.length === 0) {
      return true;
    }
    const ids = skillIds.map((id) => id.toLowerCase());
    try {
      await pruneWholeAllowlists(ids, {
        skills: { $in: ids },
        /** Only `all` and `selected` opt out: each already defines what an
         *  empty allowlist means. A missing field (matched here because
         *  `$nin` also matches absent) is the legacy shape, and an explicit
         *  `none` with the master flag still true is a contradictory shape
         *  the API accepts, which `skillDeps` would otherwise keep reading
         *  as permission to expose the skill-authoring tools. */
        skills_scope: { $nin: [SkillsScope.all, SkillsScope.selected] },
      });
      await ctx.collections.agents.updateMany(
        { skills: { $in: ids } },
        { $pull: { skills: { $in: ids } } },
        { timestamps: false },
      );
      return true;
    } catch (error) {
      logger.error('[removeSkillsFromAgentAllowlists] Error pruning agent skill allowlists:', error);
      return false;
    }
  }

  async function deleteSkill(id: string): Promise<DeleteSkillResult> {
    if (!isValidObjectIdString(id)) {
      return {
        deleted: false,
        skillAbsent: false,
        cleanupComplete: false,
        failedCleanupSteps: [],
      };
    }
    const objectId = new ObjectId(id);
    const res = await skillsTable.deleteOne({ _id: objectId });
    const failedCleanupSteps: DeleteSkillCleanupStep[] = [];
    const allowlistsRemoved = await removeSkillsFromAgentAllowlists([id]);
    if (!allowlistsRemoved) {
      failedCleanupSteps.push('agent_allowlists');
    }

    const [filesResult, permissionsResult] = await Promise.allSettled([
      skillFiles.deleteMany({ skillId: objectId }),
      deps.removeAllPermissions({ resourceType: ResourceType.SKILL, resourceId: id }),
    ]);
    if (filesResult.status === 'rejected') {
      failedCleanupSteps.push('skill_files');
      logger.error(`[deleteSkill] Error removing files for ${id}:`, filesResult.reason);
    }
    if (permissionsResult.status === 'rejected') {
      failedCleanupSteps.push('permissions');
      logger.error(`[deleteSkill] Error removing permissions for ${id}:`, permissionsResult.reason);
    }

    return {
      deleted: Boolean(res.deletedCount),
      skillAbsent: true,
      cleanupComplete: failedCleanupSteps.length === 0,
      failedCleanupSteps,
    };
  }

  async function deleteUserSkills(userId: ObjectId | string): Promise<number> {
    const userObjectId = typeof userId === 'string' ? new ObjectId(userId) : userId;
    const soleOwned = await deps.getSoleOwnedResourceIds(userObjectId, ResourceType.SKILL);
    if (soleOwned.length === 0) {
      return 0;
    }
    await skillFiles.deleteMany({ skillId: { $in: soleOwned } });
    const res = await skillsTable.deleteMany({ _id: { $in: soleOwned } });
    await removeSkillsFromAgentAllowlists(soleOwned.map((rid) => rid.toString()));
    await Promise.allSettled(
      soleOwned.map((rid) =>
        deps
          .removeAllPermissions({
            resourceType: ResourceType.SKILL,
            resourceId: rid.toString(),
          })
          .catch((error) => logger.error(`[deleteUserSkills] Error removing permissions for ${rid}:`, error)),
      ),
    );
    return res.deletedCount ?? 0;
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

  /**
   * Atomically bumps `Skill.version` and adjusts `fileCount` by `delta`.
   * `delta` is `+1` when a new file is inserted, `-1` when one is deleted, and
   * `0` when an existing file is replaced in place.
   *
   * NOTE on consistency: this runs as a **separate** MongoDB operation from
   * the `upsertSkillFile` / `deleteSkillFile` that triggers it. MongoDB only
   * provides multi-document ACID via transactions (which require a replica
   * set), and LibreChat does not currently require that deployment shape. In
   * the rare case where a SkillFile write succeeds but the subsequent
   * `findByIdAndUpdate` here fails (connection drop, primary failover mid-
   * request), the `fileCount` on the parent Skill will drift from the true
   * row count until the next successful upsert/delete corrects it. Options if
   * this ever shows up in practice:
   *   - wrap both ops in a transaction (requires a replica set)
   *   - periodic reconciliation: `fileCount = count(skill_files where skillId = ?)`
   *   - treat `fileCount` as advisory and recompute on read when accuracy
   *     matters
   * For phase 1, skill files are stubbed at the upload boundary, so the risk
   * window doesn't open in practice.
   */
  async function bumpSkillVersionAndAdjustFileCount(
    skillId: ObjectId | string,
    delta: number,
  ): Promise<void> {
    const updateOps: Record<string, Record<string, number>> = { $inc: { version: 1 } };
    if (delta !== 0) {
      (updateOps.$inc as Record<string, number>).fileCount = delta;
    }
    await skillsTable.findOneAndUpdate({ _id: skillId }, updateOps);
  }

  async function listSkillFiles(skillId: ObjectId | string): Promise<Array<ISkillFile & { _id: ObjectId }>> {
    const rows = await skillFiles.find({ skillId }, { select: '-content', sort: { relativePath: 1 } });
    return rows as unknown as Array<ISkillFile & { _id: ObjectId }>;
  }

  async function upsertSkillFile(row: UpsertSkillFileInput): Promise<ISkillFile & { _id: ObjectId }> {
    const issues = validateRelativePath(row.relativePath);
    if (issues.length > 0) {
      const error = new Error('Skill file validation failed');
      (error as Error & { issues?: ValidationIssue[]; code?: string }).issues = issues;
      (error as Error & { code?: string }).code = 'SKILL_FILE_VALIDATION_FAILED';
      throw error;
    }
    const category = inferSkillFileCategory(row.relativePath);
    const upserted = await skillFiles.findOneAndUpdate(
      { skillId: row.skillId, relativePath: row.relativePath },
      {
        $set: {
          skillId: row.skillId,
          relativePath: row.relativePath,
          file_id: row.file_id,
          filename: row.filename,
          filepath: row.filepath,
          storageKey: row.storageKey,
          storageRegion: row.storageRegion,
          source: row.source,
          sourceMetadata: row.sourceMetadata,
          mimeType: row.mimeType,
          bytes: row.bytes,
          category,
          isExecutable: row.isExecutable ?? false,
          author: row.author,
          tenantId: row.tenantId,
        },
        $unset: { content: '', isBinary: '', codeEnvRef: '', codeEnvRefs: '' },
      },
      { new: true, upsert: true },
    );
    // includeResultMetadata: the lean document and whether an existing row was updated.
    const result: SkillFileUpsertResult = {
      value: upserted.after ? (project(skillFiles.spec, upserted.after, undefined) as never) : null,
      lastErrorObject: { updatedExisting: upserted.matched },
    };
    const current = result.value;
    if (!current) {
      const error = new Error('Skill file upsert failed to read the saved file row');
      (error as Error & { code?: string }).code = 'SKILL_FILE_UPSERT_NOT_FOUND';
      throw error;
    }
    const delta = result.lastErrorObject?.updatedExisting === false ? 1 : 0;
    await bumpSkillVersionAndAdjustFileCount(row.skillId, delta);
    return current;
  }

  async function deleteSkillFile(
    skillId: ObjectId | string,
    relativePath: string,
  ): Promise<{ deleted: boolean }> {
    const res = await skillFiles.deleteOne({ skillId, relativePath });
    if (!res.deletedCount) {
      return { deleted: false };
    }
    await bumpSkillVersionAndAdjustFileCount(skillId, -1);
    return { deleted: true };
  }

  // The public surface is scoped to methods that handlers and the user
  async function getSkillFileByPath(
    skillId: ObjectId | string,
    relativePath: string,
  ): Promise<(ISkillFile & { _id: ObjectId }) | null> {
    const row = await skillFiles.findOne({ skillId, relativePath });
    return row as unknown as (ISkillFile & { _id: ObjectId }) | null;
  }

  async function updateSkillFileContent(
    skillId: ObjectId | string,
    relativePath: string,
    update: { content?: string; isBinary?: boolean },
  ): Promise<void> {
    await skillFiles.updateOne({ skillId, relativePath }, { $set: update });
  }

  async function updateSkillFileCodeEnvIds(
    updates: Array<{
      skillId: ObjectId | string;
      relativePath: string;
      codeEnvRef: CodeEnvRef;
    }>,
  ): Promise<{ matchedCount: number; modifiedCount: number }> {
    if (updates.length === 0) return { matchedCount: 0, modifiedCount: 0 };
    const ops = updates.map((u) => {
      const routeKey = u.codeEnvRef.executionRouteKey ?? u.codeEnvRef.executionProfile ?? 'default';
      return {
        updateOne: {
          filter: { skillId: u.skillId, relativePath: u.relativePath },
          update: {
            $set: {
              codeEnvRef: u.codeEnvRef,
              [`codeEnvRefs.${routeKey}`]: u.codeEnvRef,
            },
          },
        },
      };
    });

    /**
     * The returned `{matchedCount, modifiedCount}` lets callers warn on
     * partial writes — a silent miss here turns every subsequent prime
     * into a fresh upload (massive egress at scale). If the wrapper's
     * tenant injection ends up dropping rows, the warn log makes it
     * visible instead of failing closed.
     */
    const result = await tenantBulkWrite(skillFiles, ops);
    if (result.modifiedCount < updates.length) {
      logger.warn(
        `[updateSkillFileCodeEnvIds] Persisted ${result.modifiedCount}/${updates.length} codeEnvRefs (matched ${result.matchedCount}). Subsequent primes for unmatched files will re-upload.`,
      );
    }
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount };
  }

  return {
    createSkill,
    getSkillById,
    getSkillByName,
    getAuthorSkillByName,
    listSkillsByAccess,
    listAlwaysApplySkills,
    updateSkill,
    deleteSkill,
    deleteUserSkills,
    findSkillBySourceIdentity,
    listSkillsBySource,
    listSkillFiles,
    upsertSkillFile,
    deleteSkillFile,
    getSkillFileByPath,
    updateSkillFileContent,
    updateSkillFileCodeEnvIds,
  } as unknown as SkillMethods;
}
