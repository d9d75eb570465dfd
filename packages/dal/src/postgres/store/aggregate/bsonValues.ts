/**
 * BSON value semantics the aggregation stages need in JavaScript: type-aware equality keys, the
 * BSON comparison order (for $sort, $max, $min) and MongoDB's field-path resolution.
 */
import { EJSON } from 'bson';
import { isObjectId, plain } from '../values.js';

export type Doc = Record<string, unknown>;

/** A plain sub-document (not a Date, ObjectId, RegExp, Buffer or array). */
export function isDocument(value: unknown): value is Doc {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !Buffer.isBuffer(value) &&
    !isObjectId(value)
  );
}

/** Equality key: equal for values MongoDB deems equal (1 and 1.0; never a string and an ObjectId). */
export function equalityKey(value: unknown): string {
  return JSON.stringify(EJSON.serialize({ v: plain(value ?? null) }, { relaxed: true }));
}

/** BSON's canonical type order (MongoDB comparison/sort order). */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 2;
  if (typeof value === 'string') return 3;
  if (isObjectId(value)) return 7;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  if (Buffer.isBuffer(value)) return 6;
  if (Array.isArray(value)) return 5;
  return 4;
}

/** Compares two values in BSON order: negative, zero or positive. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
      return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
    case 3:
      return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string));
    case 7:
      return Buffer.compare(
        Buffer.from((a as { toHexString(): string }).toHexString(), 'hex'),
        Buffer.from((b as { toHexString(): string }).toHexString(), 'hex'),
      );
    case 8:
      return Number(a) - Number(b);
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 4: {
      const x = Object.entries(a as Doc);
      const y = Object.entries(b as Doc);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [kx, vx] = x[i] as [string, unknown];
        const [ky, vy] = y[i] as [string, unknown];
        const c = compareValues(vx, vy) || Buffer.compare(Buffer.from(kx), Buffer.from(ky));
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

/**
 * An expression field path (`a.b`): through an array of documents it yields the array of each
 * element's value (elements without it are skipped), as MongoDB's `$a.b` does.
 */
export function resolvePath(value: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      if (!isDocument(element)) continue;
      const r = resolvePath(element, parts);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  if (isDocument(value)) return resolvePath(value[head], rest);
  return undefined;
}

/** The values a document holds at a path for matching ($lookup localField): array elements unwound, missing → null. */
export function matchValues(doc: Doc, path: string): unknown[] {
  const value = resolvePath(doc, path.split('.'));
  if (value === undefined || value === null) return [null];
  if (Array.isArray(value)) return value.length ? value.flat() : [null];
  return [value];
}
