/**
 * The decision a differential test makes from the two normalised results, kept pure so it can
 * be unit-tested: equal, different, or (FerretDB only) explained by an allow-list entry.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AllowListEntry } from './allowlist.js';

export interface EngineResults {
  mongodb: unknown;
  postgresql: unknown;
}

export type Verdict =
  | { kind: 'equal' }
  | { kind: 'different' }
  /** Allow-listed, different, and the MongoDB side shows the listed FerretDB error. */
  | { kind: 'allowed-gap'; entry: AllowListEntry }
  /** Allow-listed but the results are equal now: the entry must go. */
  | { kind: 'stale-entry'; entry: AllowListEntry }
  /** Allow-listed, different, but not because of the listed FerretDB error. */
  | { kind: 'unexplained'; entry: AllowListEntry };

/** `{ error: { name, code } }`: a captured error without its message. */
export function withoutErrorMessage(result: unknown): unknown {
  if (result && typeof result === 'object' && Object.keys(result).length === 1) {
    const error = (result as { error?: unknown }).error;
    if (error && typeof error === 'object') {
      const { message: _message, ...rest } = error as { message?: unknown };
      return { error: rest };
    }
  }
  return result;
}

/** What is compared: with `allowMessages`, captured errors without their messages. */
export function comparable(full: EngineResults, allowMessages: boolean): EngineResults {
  if (!allowMessages) return full;
  return { mongodb: withoutErrorMessage(full.mongodb), postgresql: withoutErrorMessage(full.postgresql) };
}

/** Whether any string inside `value` contains `text`. */
export function containsText(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value.includes(text);
  if (Array.isArray(value)) return value.some((v) => containsText(v, text));
  if (value && typeof value === 'object') return Object.values(value).some((v) => containsText(v, text));
  return false;
}

/**
 * @param full the normalised results
 * @param allowMessages the scenario allows error messages to differ
 * @param entry the allow-list entry, only when the MongoDB side is FerretDB
 * @param setupErrors FerretDB errors seen while preparing this file's database (failed index
 *   builds): a gap such as a missing partial unique index shows there, not in the result
 */
export function verdict(
  full: EngineResults,
  allowMessages: boolean,
  entry?: AllowListEntry,
  setupErrors: readonly string[] = [],
): Verdict {
  const { mongodb, postgresql } = comparable(full, allowMessages);
  const equal = isDeepStrictEqual(mongodb, postgresql);
  if (!entry) return equal ? { kind: 'equal' } : { kind: 'different' };
  if (equal) return { kind: 'stale-entry', entry };
  return containsText(full.mongodb, entry.ferretdbError) || containsText(setupErrors, entry.ferretdbError)
    ? { kind: 'allowed-gap', entry }
    : { kind: 'unexplained', entry };
}

/**
 * A scenario's own mistake (a misspelt name, calling what is not a function in the test file)
 * would throw the same on both engines and compare equal: it fails the test instead of becoming
 * the compared result. Errors thrown by the methods (any class, from the dal or upstream) are results.
 */
export function isScenarioBug(error: unknown): boolean {
  if (error instanceof ReferenceError || error instanceof SyntaxError) return true;
  if (!(error instanceof TypeError)) return false;
  const top = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return !!top && /\.test\.ts:\d+/.test(top);
}
