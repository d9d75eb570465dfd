/**
 * MongoDB filter → SQL WHERE clause for one table, for the operator subset LibreChat's callers use:
 * equality (incl. null = null-or-missing, array contains), $eq $ne $gt $gte $lt $lte $in $nin $all
 * $exists $regex/RegExp $not $and $or $nor $size $bitsAllSet (numeric mask), dotted paths into
 * jsonb (via jsonpath, which traverses arrays as MongoDB does). Anything else throws UnsupportedFilterError naming the operator.
 * The filter must already be cast by mongoose (ObjectIds, Dates, setters applied).
 * Identifiers come only from the TableSpec; every value is a parameter.
 */
import { EJSON } from 'bson';
import { UnsupportedFilterError } from '../errors.js';
import { NULLS_COLUMN } from '../postgres/store/rows.js';
import type { ColumnSpec, TableSpec } from '../postgres/store/tableSpec.js';
import { isObjectId, toJsonb, toParam } from '../postgres/store/values.js';
import type { Params } from './params.js';

type Filter = Record<string, unknown>;

const SQL_CAST: Record<string, string> = {
  objectId: 'text',
  text: 'text',
  boolean: 'boolean',
  date: 'timestamptz',
  number: 'double precision',
};

const COMPARE: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
const JSONPATH_COMPARE: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp || isObjectId(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

export function translateFilter(spec: TableSpec, filter: Filter, params: Params, alias = ''): string {
  const t = new Translator(spec, params, alias ? `${alias}.` : '');
  return t.document(filter);
}

class Translator {
  constructor(
    private spec: TableSpec,
    private params: Params,
    private prefix: string,
  ) {}

  document(filter: Filter): string {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      // A field compared with undefined is sent by the MongoDB driver as null (ignoreUndefined is
      // off): it matches null or missing, it is not dropped.
      if (value === undefined && key.startsWith('$')) continue;
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || value.length === 0) {
          throw new UnsupportedFilterError(`${key} with a non-array or empty value`);
        }
        const subs = value.map((v) => `(${this.document(v as Filter)})`);
        if (key === '$and') parts.push(subs.join(' AND '));
        else if (key === '$or') parts.push(`(${subs.join(' OR ')})`);
        else parts.push(not(subs.join(' OR ')));
        continue;
      }
      if (key.startsWith('$')) throw new UnsupportedFilterError(key);
      parts.push(this.field(key, value));
    }
    return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
  }

  private field(path: string, condition: unknown): string {
    const [root, ...rest] = path.split('.');
    const col = this.spec.byField.get(root as string);
    if (!col) {
      // mongoose strictQuery drops unknown fields before we get here; an unknown one is a bug.
      throw new UnsupportedFilterError('unknown field', path);
    }
    if (rest.length > 0 && col.type !== 'jsonb') {
      if (col.type === 'textArray' && rest.length === 1 && /^\d+$/.test(rest[0] as string)) {
        return this.arrayIndex(col, Number(rest[0]), condition, path);
      }
      throw new UnsupportedFilterError('dotted path into a non-document field', path);
    }
    if (isOperatorObject(condition)) {
      const parts = Object.entries(condition).map(([op, v]) =>
        this.operator(col, rest, op, v, path, condition),
      );
      return parts.map((p) => `(${p})`).join(' AND ');
    }
    return this.equals(col, rest, condition, path);
  }

  private operator(
    col: ColumnSpec,
    sub: string[],
    op: string,
    value: unknown,
    path: string,
    all: Record<string, unknown>,
  ): string {
    switch (op) {
      case '$eq':
        return this.equals(col, sub, value, path);
      case '$ne':
        return not(this.equals(col, sub, value, path));
      case '$in':
      case '$nin': {
        if (!Array.isArray(value)) throw new UnsupportedFilterError(`${op} with a non-array value`, path);
        const any =
          value.length === 0 ? 'FALSE' : value.map((v) => `(${this.equals(col, sub, v, path)})`).join(' OR ');
        return op === '$in' ? any : not(any);
      }
      case '$all': {
        // Every value matches (array containment on text[]); `$all: []` matches nothing.
        if (!Array.isArray(value)) throw new UnsupportedFilterError(`${op} with a non-array value`, path);
        if (value.length === 0) return 'FALSE';
        return value.map((v) => `(${this.equals(col, sub, v, path)})`).join(' AND ');
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.compare(col, sub, op, value, path);
      case '$exists':
        return value ? this.exists(col, sub) : not(this.exists(col, sub));
      case '$regex': {
        const options = typeof all.$options === 'string' ? all.$options : '';
        const re = value instanceof RegExp ? value : new RegExp(String(value), options);
        return this.regex(col, sub, re, path);
      }
      case '$options':
        if (!('$regex' in all)) throw new UnsupportedFilterError('$options without $regex', path);
        return 'TRUE';
      case '$not': {
        if (value instanceof RegExp) return not(this.regex(col, sub, value, path));
        if (isOperatorObject(value)) {
          const inner = Object.entries(value).map(
            ([o, v]) => `(${this.operator(col, sub, o, v, path, value)})`,
          );
          return not(inner.join(' AND '));
        }
        throw new UnsupportedFilterError('$not with a non-operator value', path);
      }
      case '$elemMatch':
        return this.elemMatch(col, sub, value, path);
      case '$bitsAllSet':
        return this.bitsAllSet(col, value, path);
      case '$size': {
        if (typeof value !== 'number') throw new UnsupportedFilterError('$size with a non-number', path);
        if (col.type === 'textArray' && sub.length === 0) {
          return `COALESCE(cardinality(${this.ref(col)}), -1) = ${this.params.add(value, 'integer')}`;
        }
        if (col.type === 'jsonb') {
          // Not jsonpath: lax mode would unwrap the array and test its elements' sizes.
          const target = sub.length
            ? `(${this.ref(col)} #> ${this.params.add(sub, 'text[]')})`
            : this.ref(col);
          return `COALESCE(jsonb_typeof(${target}) = 'array' AND jsonb_array_length(${target}) = ${this.params.add(value, 'integer')}, FALSE)`;
        }
        throw new UnsupportedFilterError('$size', path);
      }
      default:
        throw new UnsupportedFilterError(op, path);
    }
  }

  private ref(col: ColumnSpec): string {
    return `${this.prefix}"${col.column}"`;
  }

  private nullsRef(): string {
    return `${this.prefix}"${NULLS_COLUMN}"`;
  }

  /** The field holds a value (null counts as present, as in MongoDB). */
  private exists(col: ColumnSpec, sub: string[]): string {
    if (sub.length === 0) {
      return `(${this.ref(col)} IS NOT NULL OR ${this.params.add(col.field, 'text')} = ANY(${this.nullsRef()}))`;
    }
    if (col.type === 'textArray') {
      return `(cardinality(${this.ref(col)}) > ${this.params.add(Number(sub[0]), 'integer')})`;
    }
    return `COALESCE(jsonb_path_exists(${this.ref(col)}, ${this.params.add(jsonPath(sub), 'jsonpath')}), FALSE)`;
  }

  private isNullish(col: ColumnSpec, sub: string[]): string {
    if (sub.length === 0) {
      if (col.type === 'textArray') {
        return `(${this.ref(col)} IS NULL OR array_position(${this.ref(col)}, NULL) IS NOT NULL)`;
      }
      if (col.type === 'jsonb') {
        return `(${this.ref(col)} IS NULL OR COALESCE(jsonb_path_exists(${this.ref(col)}, '$ ? (@ == null)'), FALSE))`;
      }
      return `${this.ref(col)} IS NULL`;
    }
    const p = jsonPath(sub);
    return `(${this.ref(col)} IS NULL OR NOT jsonb_path_exists(${this.ref(col)}, ${this.params.add(p, 'jsonpath')}) OR jsonb_path_exists(${this.ref(col)}, ${this.params.add(`${p} ? (@ == null)`, 'jsonpath')}))`;
  }

  private equals(col: ColumnSpec, sub: string[], value: unknown, path: string): string {
    if (value === null || value === undefined) return this.isNullish(col, sub);
    if (value instanceof RegExp) return this.regex(col, sub, value, path);
    if (isOperatorObject(value)) throw new UnsupportedFilterError('operator object inside $eq/$in', path);
    if (col.type === 'jsonb') return this.jsonEquals(col, sub, value, path);
    if (col.type === 'textArray') {
      if (Array.isArray(value)) {
        return `${this.ref(col)} = ${this.params.add(toParam('textArray', value), 'text[]')}`;
      }
      if (typeof value !== 'string') return 'FALSE';
      // Containment, not `= ANY(col)`: the same match, and a GIN index on the array serves it.
      return `${this.ref(col)} @> ARRAY[${this.params.add(value, 'text')}]`;
    }
    if (
      Array.isArray(value) ||
      (typeof value === 'object' && !(value instanceof Date) && !isObjectId(value))
    ) {
      return 'FALSE'; // a scalar column never equals an array or a document
    }
    // Mongoose-cast filters already hold the column's type; uncast ones (aggregation $match)
    // compare as MongoDB does: a string never equals an ObjectId, a number never a string.
    if (!sameType(col, value)) return 'FALSE';
    return `${this.ref(col)} = ${this.params.add(toParam(col.type, value), SQL_CAST[col.type])}`;
  }

  private jsonEquals(col: ColumnSpec, sub: string[], value: unknown, path: string): string {
    const scalar = jsonScalar(value);
    const ref = this.ref(col);
    if (scalar) {
      const p = `${jsonPath(sub)}${scalar.suffix} ? (@ == $v)`;
      return `COALESCE(jsonb_path_exists(${ref}, ${this.params.add(p, 'jsonpath')}, jsonb_build_object('v', ${this.params.add(JSON.stringify(scalar.value), 'jsonb')})), FALSE)`;
    }
    // Whole arrays / documents: exact match of the value at the path, or an element of an array there.
    const target = sub.length ? `(${ref} #> ${this.params.add(sub, 'text[]')})` : ref;
    const v = this.params.add(toJsonb(value), 'jsonb');
    void path;
    return `COALESCE(${target} = ${v} OR (jsonb_typeof(${target}) = 'array' AND ${target} @> jsonb_build_array(${v})), FALSE)`;
  }

  private compare(col: ColumnSpec, sub: string[], op: string, value: unknown, path: string): string {
    if (value === null) {
      return op === '$gte' || op === '$lte' ? this.isNullish(col, sub) : 'FALSE';
    }
    if (col.type === 'jsonb') {
      if (value instanceof Date) return this.compareJsonDate(col, sub, op, value);
      const scalar = jsonScalar(value);
      if (!scalar) throw new UnsupportedFilterError(`${op} with a document or array value`, path);
      const p = `${jsonPath(sub)}${scalar.suffix} ? (@ ${JSONPATH_COMPARE[op]} $v)`;
      return `COALESCE(jsonb_path_exists(${this.ref(col)}, ${this.params.add(p, 'jsonpath')}, jsonb_build_object('v', ${this.params.add(JSON.stringify(scalar.value), 'jsonb')})), FALSE)`;
    }
    if (col.type === 'textArray') {
      if (typeof value !== 'string') return 'FALSE';
      return `EXISTS (SELECT 1 FROM unnest(${this.ref(col)}) AS e WHERE e ${COMPARE[op]} ${this.params.add(value, 'text')} COLLATE "C")`;
    }
    if (!sameType(col, value)) return 'FALSE'; // MongoDB compares within one BSON type only
    return `${this.ref(col)} ${COMPARE[op]} ${this.params.add(toParam(col.type, value), SQL_CAST[col.type])}`;
  }

  /**
   * A date range on a path inside jsonb. Dates are stored as EJSON `{"$date": "<ISO>"}` strings
   * whose text order is not time order ("…:00Z" > "…:00.005Z"), so the values at the path are
   * compared as timestamps (lax jsonpath: arrays on the way are traversed, as MongoDB does).
   */
  private compareJsonDate(col: ColumnSpec, sub: string[], op: string, value: Date): string {
    const at = this.params.add(`${jsonPath(sub)}."$date"`, 'jsonpath');
    const bound = this.params.add(value, 'timestamptz');
    return `EXISTS (SELECT 1 FROM jsonb_path_query(${this.ref(col)}, ${at}) AS d WHERE (CASE WHEN jsonb_typeof(d) = 'string' THEN (d #>> '{}')::timestamptz END) ${COMPARE[op]} ${bound})`;
  }

  private regex(col: ColumnSpec, sub: string[], re: RegExp, path: string): string {
    const flags = re.flags.replace(/[gu]/g, '');
    if (/[^imsx]/.test(flags)) throw new UnsupportedFilterError(`$regex flag ${flags}`, path);
    if (col.type === 'jsonb') {
      const pattern = re.source.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      const p = `${jsonPath(sub)} ? (@ like_regex "${pattern}"${flags ? ` flag "${flags}"` : ''})`;
      return `COALESCE(jsonb_path_exists(${this.ref(col)}, ${this.params.add(p, 'jsonpath')}), FALSE)`;
    }
    if (col.type !== 'text' && col.type !== 'textArray' && col.type !== 'objectId') return 'FALSE';
    const op = flags.includes('i') ? '~*' : '~';
    const pattern = this.params.add(`(?${aresOptions(flags)})${re.source}`, 'text');
    if (col.type === 'textArray') {
      return `EXISTS (SELECT 1 FROM unnest(${this.ref(col)}) AS e WHERE e ${op} ${pattern})`;
    }
    return `COALESCE(${this.ref(col)} ${op} ${pattern}, FALSE)`;
  }

  /**
   * `$elemMatch` on an array of documents in a jsonb column, as one jsonpath filter over the
   * elements: field conditions ($eq $ne $gt $gte $lt $lte $in $nin $exists, null = null or
   * missing) combined with $and/$or/$nor.
   */
  private elemMatch(col: ColumnSpec, sub: string[], value: unknown, path: string): string {
    if (col.type !== 'jsonb' || !value || typeof value !== 'object' || isOperatorObject(value)) {
      throw new UnsupportedFilterError('$elemMatch', path);
    }
    const vars: Record<string, unknown> = {};
    const predicate = elemMatchPredicate(value as Record<string, unknown>, vars, path);
    const p = `${jsonPath(sub)}[*] ? (${predicate})`;
    return `COALESCE(jsonb_path_exists(${this.ref(col)}, ${this.params.add(p, 'jsonpath')}, ${this.params.add(JSON.stringify(vars), 'jsonb')}), FALSE)`;
  }

  /**
   * `$bitsAllSet` with a numeric mask on a number column: only integral values match (MongoDB
   * ignores non-integral doubles and values outside the 64-bit range).
   */
  private bitsAllSet(col: ColumnSpec, value: unknown, path: string): string {
    if (col.type !== 'number' || typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new UnsupportedFilterError('$bitsAllSet', path);
    }
    const ref = this.ref(col);
    const mask = this.params.add(value, 'bigint');
    return `(${ref} = trunc(${ref}) AND ${ref} BETWEEN -9.2e18 AND 9.2e18 AND (${ref}::bigint & ${mask}) = ${mask})`;
  }

  private arrayIndex(col: ColumnSpec, index: number, condition: unknown, path: string): string {
    const element = `${this.ref(col)}[${this.params.add(index + 1, 'integer')}]`;
    if (isOperatorObject(condition) && Object.keys(condition).length === 1 && '$exists' in condition) {
      const present = `COALESCE(cardinality(${this.ref(col)}), 0) > ${this.params.add(index, 'integer')}`;
      return condition.$exists ? present : not(present);
    }
    if (typeof condition === 'string')
      return `COALESCE(${element} = ${this.params.add(condition, 'text')}, FALSE)`;
    throw new UnsupportedFilterError('array index condition', path);
  }
}

/**
 * Negation with MongoDB's two-valued logic. Positive predicates stay plain (`col = $1`, which can
 * use an index) and may be SQL NULL for a NULL column; `IS NOT TRUE` counts that as "no match".
 */
function not(predicate: string): string {
  return `((${predicate}) IS NOT TRUE)`;
}

/** JavaScript regex flags → PostgreSQL ARE embedded options with the same newline behaviour. */
function aresOptions(flags: string): string {
  const m = flags.includes('m');
  const dotAll = flags.includes('s');
  const mode = m ? (dotAll ? 'w' : 'n') : dotAll ? 's' : 'p';
  return flags.includes('x') ? `${mode}x` : mode;
}

function sameType(col: ColumnSpec, value: unknown): boolean {
  switch (col.type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return value instanceof Date;
    case 'objectId':
      return isObjectId(value);
    default:
      return true;
  }
}

/** A scalar as stored in EJSON jsonb, with the accessor suffix that reaches it. */
function jsonScalar(value: unknown): { value: unknown; suffix: string } | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { value, suffix: '' };
  }
  if (value instanceof Date) {
    // The form EJSON stores (relaxed: whole seconds have no ".000"), so equal instants are equal strings.
    const stored = (EJSON.serialize(value, { relaxed: true }) as { $date?: unknown }).$date;
    return typeof stored === 'string' ? { value: stored, suffix: '."$date"' } : null;
  }
  if (isObjectId(value)) return { value: value.toHexString(), suffix: '."$oid"' };
  return null;
}

/** Dotted sub-path → SQL/JSON path in lax mode (arrays are traversed like MongoDB does). */
export function jsonPath(sub: string[]): string {
  return sub.reduce(
    (acc, seg) =>
      /^\d+$/.test(seg) ? `${acc}[${seg}]` : `${acc}."${seg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    '$',
  );
}

/** One `$elemMatch` document as a jsonpath predicate on `@` (variables collected in `vars`). */
function elemMatchPredicate(
  doc: Record<string, unknown>,
  vars: Record<string, unknown>,
  path: string,
): string {
  const parts: string[] = [];
  for (const [field, cond] of Object.entries(doc)) {
    if (cond === undefined) continue;
    if (field === '$and' || field === '$or' || field === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) {
        throw new UnsupportedFilterError(`${field} with a non-array or empty value inside $elemMatch`, path);
      }
      const subs = cond.map((c) => `(${elemMatchPredicate(c as Record<string, unknown>, vars, path)})`);
      if (field === '$and') parts.push(subs.join(' && '));
      else if (field === '$or') parts.push(`(${subs.join(' || ')})`);
      else parts.push(`!(${subs.join(' || ')})`);
      continue;
    }
    if (field.startsWith('$')) throw new UnsupportedFilterError(`${field} inside $elemMatch`, path);
    const target = `@${jsonPath(field.split('.')).slice(1)}`;
    const ops = isOperatorObject(cond) ? Object.entries(cond) : [['$eq', cond] as [string, unknown]];
    for (const [op, v] of ops) parts.push(elemMatchCondition(target, op, v, vars, path));
  }
  return parts.length ? parts.map((p) => `(${p})`).join(' && ') : 'exists(@)';
}

function elemMatchCondition(
  target: string,
  op: string,
  value: unknown,
  vars: Record<string, unknown>,
  path: string,
): string {
  const equals = (v: unknown): string => {
    if (v === null) return `(!exists(${target}) || ${target} == null)`;
    const scalar = jsonScalar(v);
    if (!scalar)
      throw new UnsupportedFilterError(`${op} with a document or array value inside $elemMatch`, path);
    const name = `v${Object.keys(vars).length}`;
    vars[name] = scalar.value;
    return `${target}${scalar.suffix} == $${name}`;
  };
  switch (op) {
    case '$eq':
      return equals(value);
    case '$ne':
      return `!(${equals(value)})`;
    case '$in':
    case '$nin': {
      if (!Array.isArray(value) || value.length === 0) {
        throw new UnsupportedFilterError(`${op} with a non-array or empty value inside $elemMatch`, path);
      }
      const any = `(${value.map((v) => `(${equals(v)})`).join(' || ')})`;
      return op === '$in' ? any : `!${any}`;
    }
    case '$exists':
      return value ? `exists(${target})` : `!exists(${target})`;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const scalar = jsonScalar(value);
      if (!scalar)
        throw new UnsupportedFilterError(`${op} with a document or array value inside $elemMatch`, path);
      const name = `v${Object.keys(vars).length}`;
      vars[name] = scalar.value;
      return `${target}${scalar.suffix} ${JSONPATH_COMPARE[op]} $${name}`;
    }
    default:
      throw new UnsupportedFilterError(`${op} inside $elemMatch`, path);
  }
}
