/** Converting document values to SQL parameters and back, per column type. */
import { EJSON, ObjectId } from 'bson';
import pg from 'pg';
import type { ColumnType } from './tableSpec.js';

/** Plain JSON-able form: Map → object, mongoose arrays/subdocs → plain, then EJSON (relaxed). */
export function toJsonb(value: unknown): string {
  return JSON.stringify(EJSON.serialize(plain(value), { relaxed: true }));
}

/** A json/jsonb column's text, as the RAW_JSON_TYPES parser hands it over (not yet parsed). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * A jsonb value → the document value. Raw text (RawJson) is parsed once: plain JSON when no key
 * can be an EJSON wrapper (`"$…`), else EJSON with revival. A value pg already parsed goes
 * through EJSON.deserialize (which stringifies and re-parses it).
 */
export function fromJsonb(value: unknown): unknown {
  if (value instanceof RawJson) {
    return value.text.includes('"$') ? EJSON.parse(value.text, { relaxed: true }) : JSON.parse(value.text);
  }
  return EJSON.deserialize(value as object, { relaxed: true });
}

const rawJson = (text: string) => new RawJson(text);
/** Per-query pg type parsers that hand json/jsonb columns over as RawJson, for fromJsonb. */
export const RAW_JSON_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 3802 || oid === 114) return rawJson;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Deep copy into plain objects: Maps become objects, class instances other than Date/ObjectId/RegExp are spread. */
export function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (isObjectId(value)) return new ObjectId(value.toHexString());
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = plain(v);
    return out;
  }
  if (Array.isArray(value)) return Array.from(value, plain);
  const obj = value as { toObject?: (o?: object) => unknown };
  if (typeof obj.toObject === 'function' && !(Object.getPrototypeOf(value) === Object.prototype)) {
    return plain(obj.toObject({ flattenMaps: true, depopulate: true }));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = plain(v);
  }
  return out;
}

export function isObjectId(value: unknown): value is ObjectId {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as { _bsontype?: string })._bsontype === 'ObjectId' ||
      (value as { _bsontype?: string })._bsontype === 'ObjectID')
  );
}

/** A document value → the parameter for its column (null stays null). */
export function toParam(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'objectId':
      return isObjectId(value) ? value.toHexString() : String(value);
    case 'date':
      return value instanceof Date ? value : new Date(value as string);
    case 'jsonb':
      return toJsonb(value);
    case 'textArray':
      return Array.from(value as unknown[], (v) => (v == null ? null : String(v)));
    default:
      return value;
  }
}

/** A column value from pg → the document value. */
export function fromColumn(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (type) {
    case 'objectId':
      return new ObjectId(value as string);
    case 'jsonb':
      return fromJsonb(value);
    case 'number':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}

/** Deep copy of plain objects/arrays; leaves Dates, ObjectIds, RegExps as they are. */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePlain(v)])) as T;
  }
  return value;
}
