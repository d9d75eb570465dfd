/**
 * upstream methods/skill.ts's module-private helpers, verbatim (the package does not export
 * them); the exported ones (validators, deriveStructuredFrontmatterFields, …) are imported.
 */
import {
  deriveStructuredFrontmatterFields,
  stripYamlTrailingComment,
  type ValidationIssue,
} from '@librechat/data-schemas';
import { SKILL_DISPLAY_TITLE_MAX_LENGTH } from 'librechat-data-provider';

const SKILL_DISPLAY_TITLE_MAX = SKILL_DISPLAY_TITLE_MAX_LENGTH;

export type BodyAlwaysApplyResult =
  | { status: 'absent' }
  | { status: 'valid'; value: boolean }
  | { status: 'invalid' };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function validateSkillDisplayTitle(displayTitle: unknown): ValidationIssue[] {
  if (displayTitle === undefined || displayTitle === null) {
    return [];
  }
  if (typeof displayTitle !== 'string') {
    return [{ field: 'displayTitle', code: 'INVALID_TYPE', message: 'Display title must be a string' }];
  }
  if (displayTitle.length > SKILL_DISPLAY_TITLE_MAX) {
    return [
      {
        field: 'displayTitle',
        code: 'TOO_LONG',
        message: `Display title must be ${SKILL_DISPLAY_TITLE_MAX} characters or less`,
      },
    ];
  }
  return [];
}

export function validateAlwaysApply(alwaysApply: unknown): ValidationIssue[] {
  if (alwaysApply === undefined) {
    return [];
  }
  if (typeof alwaysApply !== 'boolean') {
    return [
      {
        field: 'alwaysApply',
        code: 'INVALID_TYPE',
        message: 'alwaysApply must be a boolean',
      },
    ];
  }
  return [];
}

export function backfillDerivedFromFrontmatter<
  T extends {
    frontmatter?: Record<string, unknown>;
    disableModelInvocation?: boolean;
    userInvocable?: boolean;
    allowedTools?: string[];
  },
>(skill: T | null): T | null {
  if (!skill?.frontmatter) {
    return skill;
  }
  const derived = deriveStructuredFrontmatterFields(skill.frontmatter);
  if (skill.disableModelInvocation === undefined && derived.disableModelInvocation !== undefined) {
    skill.disableModelInvocation = derived.disableModelInvocation;
  }
  if (skill.userInvocable === undefined && derived.userInvocable !== undefined) {
    skill.userInvocable = derived.userInvocable;
  }
  if (skill.allowedTools === undefined && derived.allowedTools !== undefined) {
    skill.allowedTools = derived.allowedTools;
  }
  return skill;
}

export function getAlwaysApplyFrontmatterValue(
  frontmatter: Record<string, unknown> | undefined,
): boolean | undefined {
  const canonical = frontmatter?.['always-apply'];
  if (typeof canonical === 'boolean') {
    return canonical;
  }
  const camelAlias = frontmatter?.alwaysApply;
  if (typeof camelAlias === 'boolean') {
    return camelAlias;
  }
  return undefined;
}

export function extractAlwaysApplyFromBody(body: string | undefined): BodyAlwaysApplyResult {
  if (typeof body !== 'string' || body.length === 0) {
    return { status: 'absent' };
  }
  const trimmed = body.trim();
  if (!trimmed.startsWith('---')) {
    return { status: 'absent' };
  }
  const after = trimmed.slice(3);
  const closingIdx = after.indexOf('\n---');
  if (closingIdx === -1) {
    return { status: 'absent' };
  }
  const block = after.slice(0, closingIdx);
  let aliasResult: BodyAlwaysApplyResult | undefined;
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) {
      continue;
    }
    const key = line.slice(0, colon).trim();
    const normalizedKey = key.toLowerCase();
    if (normalizedKey !== 'always-apply' && normalizedKey !== 'alwaysapply') {
      continue;
    }
    // Strip the YAML inline comment BEFORE unquoting — a line like
    // `always-apply: "true" # note` has both, and if we only handled
    // whole-line quoting first, the quoted branch wouldn't match and
    // the comment-strip would leave `"true"` which parses as invalid.
    let value = stripYamlTrailingComment(line.slice(colon + 1).trim()).trim();
    if (value === '') {
      const result: BodyAlwaysApplyResult = { status: 'absent' };
      if (normalizedKey === 'always-apply') {
        return result;
      }
      aliasResult = result;
      continue;
    }
    if (
      value.length >= 2 &&
      ((value[0] === '"' && value[value.length - 1] === '"') ||
        (value[0] === "'" && value[value.length - 1] === "'"))
    ) {
      value = value.slice(1, -1);
    }
    value = value.trim();
    if (value === '') {
      const result: BodyAlwaysApplyResult = { status: 'absent' };
      if (normalizedKey === 'always-apply') {
        return result;
      }
      aliasResult = result;
      continue;
    }
    const lowered = value.toLowerCase();
    let result: BodyAlwaysApplyResult;
    if (lowered === 'true') {
      result = { status: 'valid', value: true };
    } else if (lowered === 'false') {
      result = { status: 'valid', value: false };
    } else {
      result = { status: 'invalid' };
    }
    if (normalizedKey === 'always-apply') {
      return result;
    }
    aliasResult = result;
  }
  return aliasResult ?? { status: 'absent' };
}

export function resolveAlwaysApplyFromInput(
  explicit: boolean | undefined,
  frontmatter: Record<string, unknown> | undefined,
  body: string | undefined,
  fallback: boolean,
  /* Callers that have already parsed the body (e.g. because they also
     ran body-level validation) can thread the result in to avoid a
     second parse. Leave undefined to let the helper parse on demand. */
  precomputedBody?: BodyAlwaysApplyResult,
): boolean {
  if (typeof explicit === 'boolean') {
    return explicit;
  }
  const fromFrontmatter = getAlwaysApplyFrontmatterValue(frontmatter);
  if (typeof fromFrontmatter === 'boolean') {
    return fromFrontmatter;
  }
  const fromBody = precomputedBody ?? extractAlwaysApplyFromBody(body);
  if (fromBody.status === 'valid') {
    return fromBody.value;
  }
  return fallback;
}
