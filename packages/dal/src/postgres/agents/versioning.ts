/**
 * Pure helpers of upstream methods/agent.ts that are not exported by @librechat/data-schemas:
 * the MCP server index, version de-duplication and the operator mutation check. Kept line by
 * line with upstream's logic.
 */
import { Constants, isActionTool, SkillsScope } from 'librechat-data-provider';

const { mcp_delimiter } = Constants;

/** Whether emptying an allowlist has to fall back to disabling skills (upstream requiresSkillsDisable). */
export function requiresSkillsDisable(scope: unknown): boolean {
  return scope !== SkillsScope.all && scope !== SkillsScope.selected;
}

/** Unique MCP server names from tool keys ("toolName_mcp_serverName"). */
export function extractMCPServerNames(tools: string[] | undefined | null): string[] {
  if (!tools || !Array.isArray(tools)) return [];
  const serverNames = new Set<string>();
  for (const tool of tools) {
    if (!tool || !tool.includes(mcp_delimiter) || isActionTool(tool)) continue;
    const parts = tool.split(mcp_delimiter);
    if (parts.length >= 2) serverNames.add(parts[parts.length - 1] as string);
  }
  return Array.from(serverNames);
}

/** Rebuilds the MCP server index across a tools update, keeping names already resolved. */
export function rebuildMCPServerNames(tools: string[] | undefined | null, priorNames: string[]): string[] {
  if (priorNames.length === 0) return extractMCPServerNames(tools);
  const retained = new Set<string>();
  const unmatched: string[] = [];
  for (const tool of tools ?? []) {
    if (!tool || !tool.includes(mcp_delimiter) || isActionTool(tool)) continue;
    const match = priorNames
      .filter((name) => tool.endsWith(`${mcp_delimiter}${name}`))
      .sort((a, b) => b.length - a.length)[0];
    if (match) retained.add(match);
    else unmatched.push(tool);
  }
  for (const name of extractMCPServerNames(unmatched)) retained.add(name);
  return Array.from(retained);
}

export const hasOperatorKeys = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value as object).length > 0;

function resolveDocumentPath(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = current instanceof Map ? current.get(segment) : (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Removes a dotted operator path from an in-memory version projection. */
export function deleteDocumentPath(source: Record<string, unknown>, path: string): void {
  const segments = path.split('.');
  const leaf = segments.pop();
  if (leaf == null) return;
  let current: Record<string, unknown> = source;
  for (const segment of segments) {
    const next = current[segment];
    if (typeof next !== 'object' || next === null || next instanceof Map) return;
    current = next as Record<string, unknown>;
  }
  delete current[leaf];
}

function addToSetCandidates(spec: unknown): unknown[] {
  if (typeof spec === 'object' && spec !== null && Array.isArray((spec as { $each?: unknown }).$each)) {
    return (spec as { $each: unknown[] }).$each;
  }
  return [spec];
}

/** Whether an update's atomic operators can still change the stored document. */
export function operatorsMutateDocument(
  currentObject: Record<string, unknown>,
  $push: unknown,
  $pull: unknown,
  $addToSet: unknown,
  $unset: unknown,
): boolean {
  if (hasOperatorKeys($push) || hasOperatorKeys($pull)) return true;
  if (hasOperatorKeys($unset)) {
    for (const path of Object.keys($unset as Record<string, unknown>)) {
      if (resolveDocumentPath(currentObject, path) !== undefined) return true;
    }
  }
  if (!hasOperatorKeys($addToSet)) return false;
  for (const [path, spec] of Object.entries($addToSet as Record<string, unknown>)) {
    const existing = resolveDocumentPath(currentObject, path);
    const stored = Array.isArray(existing) ? existing : [];
    for (const candidate of addToSetCandidates(spec)) {
      if (typeof candidate === 'object' && candidate !== null) return true;
      if (!stored.includes(candidate)) return true;
    }
  }
  return false;
}

const EXCLUDED_FIELDS = [
  '_id',
  'id',
  'createdAt',
  'updatedAt',
  'author',
  'updatedBy',
  'created_at',
  'updated_at',
  '__v',
  'versions',
  'actionsHash',
];

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value == null ? [] : [value];
}

/** The newest version when the update would snapshot an identical one, else null. */
export function isDuplicateVersion(
  updateData: Record<string, unknown>,
  currentData: Record<string, unknown>,
  versions: Record<string, unknown>[],
  actionsHash: string | null = null,
): Record<string, unknown> | null {
  if (!versions || versions.length === 0) return null;
  const { $push: _push, $pull: _pull, $addToSet: _addToSet, $unset, ...directUpdates } = updateData;
  if (Object.keys(directUpdates).length === 0 && !hasOperatorKeys($unset) && !actionsHash) return null;

  const wouldBeVersion = { ...currentData, ...directUpdates } as Record<string, unknown>;
  if (hasOperatorKeys($unset)) {
    for (const path of Object.keys($unset as Record<string, unknown>))
      deleteDocumentPath(wouldBeVersion, path);
  }
  const lastVersion = versions[versions.length - 1] as Record<string, unknown>;
  if (actionsHash && lastVersion.actionsHash !== actionsHash) return null;

  const allFields = new Set([...Object.keys(wouldBeVersion), ...Object.keys(lastVersion)]);
  const importantFields = Array.from(allFields).filter((field) => !EXCLUDED_FIELDS.includes(field));
  for (const field of importantFields) {
    const wouldBeValue = wouldBeVersion[field];
    const lastVersionValue = lastVersion[field];
    if (!wouldBeValue && !lastVersionValue) continue;
    if (Array.isArray(wouldBeValue) || Array.isArray(lastVersionValue)) {
      const wouldBeArr = asArray(wouldBeValue);
      const lastVersionArr = asArray(lastVersionValue);
      if (wouldBeArr.length !== lastVersionArr.length) return null;
      if (wouldBeArr.length > 0 && typeof wouldBeArr[0] === 'object' && wouldBeArr[0] !== null) {
        const a = wouldBeArr.map((item) => JSON.stringify(item)).sort();
        const b = lastVersionArr.map((item) => JSON.stringify(item)).sort();
        if (!a.every((item, i) => item === b[i])) return null;
      } else {
        const a = [...wouldBeArr].sort() as string[];
        const b = [...lastVersionArr].sort() as string[];
        if (!a.every((item, i) => item === b[i])) return null;
      }
    } else if (typeof wouldBeValue === 'object' && wouldBeValue !== null) {
      const lastVersionObj =
        typeof lastVersionValue === 'object' && lastVersionValue !== null ? lastVersionValue : {};
      if (Object.keys(wouldBeValue).length === 0 && Object.keys(lastVersionObj).length === 0) continue;
      if (JSON.stringify(wouldBeValue) !== JSON.stringify(lastVersionObj)) return null;
    } else if (wouldBeValue !== lastVersionValue) {
      if (typeof wouldBeValue === 'boolean' && wouldBeValue === false && lastVersionValue === undefined)
        continue;
      if (typeof wouldBeValue === 'string' && wouldBeValue === '' && lastVersionValue === undefined) continue;
      return null;
    }
  }
  return lastVersion;
}
