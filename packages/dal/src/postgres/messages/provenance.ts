/**
 * Message provenance (which parts of a message the user submitted) and subagent control-receipt
 * retention: upstream's private helpers in methods/message.ts, ported verbatim (they are not
 * exported by @librechat/data-schemas). Pure functions, no database.
 */
import type { IMessage } from '@librechat/data-schemas';
import type { UserSubmittedMessageFieldPath } from 'librechat-data-provider';
import { HITL_MESSAGE_FILTER_FIELDS } from 'librechat-data-provider';

const MAX_STORED_USER_SUBMITTED_PATHS = 256;
const MAX_NORMALIZED_USER_SUBMITTED_PATHS = MAX_STORED_USER_SUBMITTED_PATHS + 1;
const MAX_STORED_USER_SUBMITTED_FIELD_PATHS = MAX_NORMALIZED_USER_SUBMITTED_PATHS;
const MAX_USER_SUBMITTED_PATH_LENGTH = 2048;
export const MAX_PROVENANCE_CAS_ATTEMPTS = 8;
export const MAX_SUBAGENT_CONTROL_RECEIPTS = 64;
export const MAX_SUBAGENT_CONTROL_MESSAGE_LENGTH = 4 * 1024;
export const MAX_SUBAGENT_CONTROL_RECEIPT_CAS_ATTEMPTS = 64;
const HITL_MESSAGE_FILTER_FIELD_SET = new Set<string>(HITL_MESSAGE_FILTER_FIELDS);

export function normalizeUserSubmittedPaths(paths: unknown): string[] {
  if (!Array.isArray(paths)) return [];
  const normalized: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (
      typeof path !== 'string' ||
      !path.startsWith('/') ||
      path.length > MAX_USER_SUBMITTED_PATH_LENGTH ||
      seen.has(path)
    ) {
      continue;
    }
    seen.add(path);
    normalized.push(path);
    if (normalized.length >= MAX_NORMALIZED_USER_SUBMITTED_PATHS) break;
  }
  return normalized;
}

export function normalizeUserSubmittedMessageFieldPaths(values: unknown): UserSubmittedMessageFieldPath[] {
  if (!Array.isArray(values)) return [];
  const normalized: UserSubmittedMessageFieldPath[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    if (value == null || typeof value !== 'object') continue;
    const { path, field } = value as { path?: unknown; field?: unknown };
    if (
      typeof path !== 'string' ||
      !path.startsWith('/') ||
      path.length > MAX_USER_SUBMITTED_PATH_LENGTH ||
      typeof field !== 'string' ||
      !HITL_MESSAGE_FILTER_FIELD_SET.has(field)
    ) {
      continue;
    }
    const key = `${field}:${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    normalized.push({ path, field: field as UserSubmittedMessageFieldPath['field'] });
    if (normalized.length >= MAX_NORMALIZED_USER_SUBMITTED_PATHS) break;
  }
  return normalized;
}

export function capNormalizedProvenance(
  userSubmittedPaths: readonly string[],
  userSubmittedMessageFieldPaths: readonly UserSubmittedMessageFieldPath[],
): {
  userSubmittedPaths: string[];
  userSubmittedMessageFieldPaths: UserSubmittedMessageFieldPath[];
  promoteWholeMessage: boolean;
} {
  return {
    userSubmittedPaths: userSubmittedPaths.slice(0, MAX_STORED_USER_SUBMITTED_PATHS),
    userSubmittedMessageFieldPaths: userSubmittedMessageFieldPaths.slice(
      0,
      MAX_STORED_USER_SUBMITTED_FIELD_PATHS,
    ),
    promoteWholeMessage: userSubmittedPaths.length > MAX_STORED_USER_SUBMITTED_PATHS,
  };
}

export type StoredSubagentControlReceipt = NonNullable<
  NonNullable<IMessage['subagentTask']>['controlReceipts']
>[number];

const terminalControlReceipt = (receipt: StoredSubagentControlReceipt): boolean =>
  receipt.status === 'applied' || receipt.status === 'rejected' || receipt.status === 'failed';

const byOccurrence = (left: StoredSubagentControlReceipt, right: StoredSubagentControlReceipt) =>
  left.createdAt.getTime() - right.createdAt.getTime() || left.invocationId.localeCompare(right.invocationId);

export function retainSubagentControlReceipts(
  current: StoredSubagentControlReceipt[],
  receipt: StoredSubagentControlReceipt,
): {
  status: 'updated' | 'unchanged' | 'conflict' | 'capacity';
  receipts: StoredSubagentControlReceipt[];
} {
  const existingIndex = current.findIndex((candidate) => candidate.invocationId === receipt.invocationId);
  let merged: StoredSubagentControlReceipt[];
  if (existingIndex < 0) {
    merged = [...current, receipt];
  } else {
    const existing = current[existingIndex] as StoredSubagentControlReceipt;
    if (existing.fingerprint !== receipt.fingerprint) return { status: 'conflict', receipts: current };
    if (
      terminalControlReceipt(existing) ||
      existing.status === receipt.status ||
      (existing.status === 'accepted' && receipt.status === 'reserved')
    ) {
      return { status: 'unchanged', receipts: current };
    }
    merged = current.map((candidate, index) => (index === existingIndex ? receipt : candidate));
  }
  const accepted = merged.filter(
    (candidate) => candidate.status === 'reserved' || candidate.status === 'accepted',
  );
  if (accepted.length > MAX_SUBAGENT_CONTROL_RECEIPTS) return { status: 'capacity', receipts: current };
  const terminalAllowance = Math.max(0, MAX_SUBAGENT_CONTROL_RECEIPTS - accepted.length);
  let terminal =
    terminalAllowance === 0
      ? []
      : merged
          .filter((candidate) => candidate.status !== 'reserved' && candidate.status !== 'accepted')
          .sort(byOccurrence)
          .slice(-terminalAllowance);
  const advancesActiveFence =
    existingIndex >= 0 &&
    !terminalControlReceipt(current[existingIndex] as StoredSubagentControlReceipt) &&
    terminalControlReceipt(receipt);
  if (advancesActiveFence && !terminal.some((candidate) => candidate.invocationId === receipt.invocationId)) {
    const otherAllowance = Math.max(0, terminalAllowance - 1);
    terminal = [
      ...(otherAllowance === 0
        ? []
        : terminal
            .filter((candidate) => candidate.invocationId !== receipt.invocationId)
            .slice(-otherAllowance)),
      receipt,
    ].sort(byOccurrence);
  }
  const receipts = [...accepted, ...terminal];
  if (!receipts.some((candidate) => candidate.invocationId === receipt.invocationId)) {
    return { status: 'capacity', receipts: current };
  }
  return { status: 'updated', receipts };
}

export type MessageProvenance = Pick<
  IMessage,
  'isUserSubmitted' | 'userSubmittedPaths' | 'userSubmittedMessageFieldPaths'
>;

export function mergeMessageProvenance(
  current: MessageProvenance | null,
  userSubmittedPaths: readonly string[],
  userSubmittedMessageFieldPaths: readonly UserSubmittedMessageFieldPath[],
  stampModelOutputOnInsert = false,
  explicitIsUserSubmitted?: boolean,
  preserveStoredIsUserSubmitted = true,
): MessageProvenance {
  const provenance = capNormalizedProvenance(
    normalizeUserSubmittedPaths([...(current?.userSubmittedPaths ?? []), ...userSubmittedPaths]),
    normalizeUserSubmittedMessageFieldPaths([
      ...(current?.userSubmittedMessageFieldPaths ?? []),
      ...userSubmittedMessageFieldPaths,
    ]),
  );
  let isUserSubmitted = preserveStoredIsUserSubmitted ? current?.isUserSubmitted : undefined;
  if (typeof explicitIsUserSubmitted === 'boolean') {
    isUserSubmitted = explicitIsUserSubmitted;
  } else if (stampModelOutputOnInsert && isUserSubmitted == null) {
    isUserSubmitted = false;
  }
  if (provenance.promoteWholeMessage) isUserSubmitted = true;
  return {
    userSubmittedPaths: provenance.userSubmittedPaths,
    userSubmittedMessageFieldPaths: provenance.userSubmittedMessageFieldPaths,
    ...(typeof isUserSubmitted === 'boolean' && { isUserSubmitted }),
  };
}

const has = (value: object, key: string) => Object.hasOwn(value, key);

export function getProvenanceSnapshotFilter(current: MessageProvenance): Record<string, unknown> {
  return {
    userSubmittedPaths: !has(current, 'userSubmittedPaths') ? { $exists: false } : current.userSubmittedPaths,
    userSubmittedMessageFieldPaths: !has(current, 'userSubmittedMessageFieldPaths')
      ? { $exists: false }
      : current.userSubmittedMessageFieldPaths,
    isUserSubmitted: !has(current, 'isUserSubmitted') ? { $exists: false } : current.isUserSubmitted,
  };
}

export function getMissingProvenanceFilter(): Record<string, unknown> {
  return {
    userSubmittedPaths: { $exists: false },
    userSubmittedMessageFieldPaths: { $exists: false },
    isUserSubmitted: { $exists: false },
  };
}

export function isDuplicateKeyError(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

export function getSteerUserSubmittedPaths(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  const paths: string[] = [];
  for (let index = 0; index < content.length; index++) {
    const part = content[index] as { type?: unknown } | null | undefined;
    if (part?.type === 'steer') paths.push(`/content/${index}`);
  }
  return paths;
}
