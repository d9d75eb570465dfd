/**
 * Mongoose `select` semantics on a lean document: `select: false` fields hidden unless asked with
 * `+field` or named in an inclusive projection; `-field` excludes; `_id` kept unless `-_id`.
 */

import type { Doc } from './rows.js';
import type { TableSpec } from './tableSpec.js';

export type Select = string | string[] | Record<string, 0 | 1 | boolean> | null | undefined;

interface Projection {
  include: string[];
  exclude: string[];
  force: string[];
}

/** Parsed string selects, as the same few strings come with every call of a method. */
const parsedStrings = new Map<string, Projection>();
const PARSED_STRINGS_MAX = 1000;

function parse(select: Select): Projection {
  if (typeof select !== 'string') return parseSelect(select);
  let p = parsedStrings.get(select);
  if (!p) {
    p = parseSelect(select);
    if (parsedStrings.size >= PARSED_STRINGS_MAX) parsedStrings.clear();
    parsedStrings.set(select, p);
  }
  return p;
}

function parseSelect(select: Select): Projection {
  const p: Projection = { include: [], exclude: [], force: [] };
  if (!select) return p;
  const tokens: [string, number | boolean | string][] = Array.isArray(select)
    ? select.map((s) => [s, 1])
    : typeof select === 'string'
      ? select
          .split(/\s+/)
          .filter(Boolean)
          .map((s) => [s, 1])
      : Object.entries(select);
  for (const [raw, flag] of tokens) {
    if (raw.startsWith('+')) p.force.push(raw.slice(1));
    else if (raw.startsWith('-') || flag === 0 || flag === false) p.exclude.push(raw.replace(/^-/, ''));
    else p.include.push(raw);
  }
  return p;
}

function isPlainObject(value: unknown): value is Doc {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    (value as { _bsontype?: string })._bsontype === undefined
  );
}

/**
 * Inclusion of a dotted path. Through an array, as MongoDB does: each document element keeps only
 * the path (an element without it becomes `{}`), scalar elements are left out.
 */
function pickInto(value: unknown, rest: string, existing: unknown): unknown {
  if (Array.isArray(value)) {
    const previous = Array.isArray(existing) ? existing : [];
    const out: unknown[] = [];
    let i = 0;
    for (const element of value) {
      if (!isPlainObject(element) && !Array.isArray(element)) continue;
      out.push(pickInto(element, rest, previous[i]));
      i++;
    }
    return out;
  }
  if (isPlainObject(value)) {
    const child = isPlainObject(existing) ? existing : {};
    pick(value, rest, child);
    return child;
  }
  return undefined;
}

function pick(doc: Doc, path: string, out: Doc): void {
  if (!path.includes('.')) {
    if (path in doc) out[path] = doc[path];
    return;
  }
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in doc)) return;
  const value = doc[head];
  if (rest.length === 0) {
    out[head] = value;
    return;
  }
  const picked = pickInto(value, rest.join('.'), out[head]);
  if (picked === undefined) return;
  if (isPlainObject(picked) && Object.keys(picked).length === 0 && !Array.isArray(value)) return;
  out[head] = picked;
}

/** Exclusion of a dotted path; through an array it applies to every document element. */
function dropFrom(value: unknown, rest: string): unknown {
  if (Array.isArray(value)) return value.map((element) => dropFrom(element, rest));
  if (isPlainObject(value)) {
    const copy = { ...value };
    drop(copy, rest);
    return copy;
  }
  return value;
}

function drop(doc: Doc, path: string): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in doc)) return;
  if (rest.length === 0) {
    delete doc[head];
    return;
  }
  doc[head] = dropFrom(doc[head], rest.join('.'));
}

/** Applies a projection to a document read from the table. */
export function project(spec: TableSpec, doc: Doc, select: Select): Doc {
  const p = parse(select);
  if (p.include.length > 0) {
    const out: Doc = {};
    const keepId = !p.exclude.includes('_id');
    if (keepId && '_id' in doc) out._id = doc._id;
    for (const path of p.include) pick(doc, path, out);
    for (const path of p.force) pick(doc, path, out);
    return out;
  }
  // Built without the hidden fields rather than copied and deleted from (keeps the object fast).
  const hidden = spec.columns.filter((col) => col.hidden && !p.force.includes(col.field) && col.field in doc);
  let out: Doc;
  if (hidden.length === 0) {
    out = { ...doc };
  } else {
    out = {};
    for (const key in doc) if (!hidden.some((col) => col.field === key)) out[key] = doc[key];
  }
  for (const path of p.exclude) drop(out, path);
  return out;
}
