/**
 * test/ferretdb-allowlist.json: differential tests that may differ when the MongoDB side is
 * FerretDB, each naming the FerretDB gap that explains it. Ignored under a real MongoDB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AllowListEntry {
  /** The test's full name as vitest prints it: `suite > [differential] name`. */
  test: string;
  /** The MongoDB feature FerretDB lacks. */
  feature: string;
  /** Text of FerretDB's error that must appear in the MongoDB side's result. */
  ferretdbError: string;
}

export const ALLOW_LIST_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'ferretdb-allowlist.json',
);

/** `›` and runs of spaces are accepted for vitest's ` > ` separator. */
export function canonicalTestName(name: string): string {
  return name.replace(/\s*[›>]\s*/g, ' > ').trim();
}

export function parseAllowList(text: string, source = ALLOW_LIST_FILE): AllowListEntry[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error(`${source}: expected a JSON array of entries`);
  const seen = new Set<string>();
  return data.map((raw, i) => {
    const e = raw as Partial<Record<keyof AllowListEntry, unknown>>;
    for (const key of ['test', 'feature', 'ferretdbError'] as const) {
      if (typeof e[key] !== 'string' || (e[key] as string).trim() === '') {
        throw new Error(`${source}: entry ${i} needs a non-empty string "${key}"`);
      }
    }
    const entry = {
      test: canonicalTestName(e.test as string),
      feature: e.feature as string,
      ferretdbError: e.ferretdbError as string,
    };
    if (seen.has(entry.test)) throw new Error(`${source}: "${entry.test}" is listed twice`);
    seen.add(entry.test);
    return entry;
  });
}

let cached: AllowListEntry[] | undefined;

export function loadAllowList(): AllowListEntry[] {
  cached ??= parseAllowList(readFileSync(ALLOW_LIST_FILE, 'utf8'));
  return cached;
}

export function allowListEntry(testName: string): AllowListEntry | undefined {
  const name = canonicalTestName(testName);
  return loadAllowList().find((e) => e.test === name);
}
