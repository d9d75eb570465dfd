/**
 * Upstream's collectMemberIdsFromGroupUpdate: the member ids a raw group update touches, or
 * "indeterminate" when they cannot be enumerated (wholesale replacement, pipeline updates).
 */
import { isObjectId } from '../store/values.js';

export function collectMemberIdsFromGroupUpdate(update: Record<string, unknown>): {
  memberIds: string[];
  indeterminate: boolean;
} {
  if (Array.isArray(update)) return { memberIds: [], indeterminate: true };
  const memberIds: string[] = [];

  const collect = (value: unknown): boolean => {
    if (typeof value === 'string') {
      memberIds.push(value);
      return true;
    }
    if (isObjectId(value)) {
      memberIds.push(value.toString());
      return true;
    }
    if (Array.isArray(value)) return value.every(collect);
    if (value !== null && typeof value === 'object') {
      const modifiers = value as { $each?: unknown; $in?: unknown };
      if (Array.isArray(modifiers.$each)) return modifiers.$each.every(collect);
      if (Array.isArray(modifiers.$in)) return modifiers.$in.every(collect);
    }
    return false;
  };

  let indeterminate = false;
  for (const [operator, operand] of Object.entries(update)) {
    const touchesMembers =
      operator === 'memberIds' ||
      (operand !== null &&
        typeof operand === 'object' &&
        'memberIds' in (operand as Record<string, unknown>));
    if (!touchesMembers) continue;
    if (operator === '$addToSet' || operator === '$push' || operator === '$pull') {
      indeterminate = !collect((operand as Record<string, unknown>).memberIds) || indeterminate;
    } else if (operator === '$pullAll') {
      const values = (operand as Record<string, unknown>).memberIds;
      indeterminate = !Array.isArray(values) || !values.every(collect) || indeterminate;
    } else {
      indeterminate = true;
    }
  }
  return { memberIds, indeterminate };
}
