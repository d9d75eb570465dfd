/** Creating and updating skills (validation, derived columns, optimistic versions) (upstream methods/skill.ts). */
import {
  deriveStructuredFrontmatterFields,
  isValidObjectIdString,
  normalizeSkillFrontmatterKeys,
  partitionIssues,
  type ValidationIssue,
  validateSkillBody,
  validateSkillDescription,
  validateSkillFrontmatter,
  validateSkillName,
} from '@librechat/data-schemas';

import { ObjectId } from 'bson';
import type { PgContext } from '../context.js';
import {
  extractAlwaysApplyFromBody,
  getAlwaysApplyFrontmatterValue,
  isPlainObject,
  resolveAlwaysApplyFromInput,
  validateAlwaysApply,
  validateSkillDisplayTitle,
} from './helpers.js';
import type {
  CreateSkillInput,
  CreateSkillResult,
  ISkill,
  UpdateSkillInput,
  UpdateSkillResult,
} from './types.js';

export function createSkillWrites(ctx: PgContext) {
  const skillsTable = ctx.collections.skills;

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

  return { createSkill, updateSkill };
}
