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

function parse(select: Select): Projection {
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

function pick(doc: Doc, path: string, out: Doc): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in doc)) return;
  const value = doc[head];
  if (rest.length === 0) {
    out[head] = value;
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const child = (out[head] as Doc | undefined) ?? {};
    pick(value as Doc, rest.join('.'), child);
    if (Object.keys(child).length) out[head] = child;
  }
}

function drop(doc: Doc, path: string): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in doc)) return;
  if (rest.length === 0) {
    delete doc[head];
    return;
  }
  const value = doc[head];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const copy = { ...(value as Doc) };
    drop(copy, rest.join('.'));
    doc[head] = copy;
  }
}

/** Applies a projection to a document read from the table. */
export function project(spec: TableSpec, doc: Doc, select: Select): Doc {
  const p = parse(select);
  if (p.include.length > 0) {
    const out: Doc = {};
    const keepId = !p.exclude.includes('_id');
    if (keepId && '_id' in doc) out._id = doc._id;
    for (const path of [...p.include, ...p.force]) pick(doc, path, out);
    return out;
  }
  const out: Doc = { ...doc };
  for (const col of spec.columns) {
    if (col.hidden && !p.force.includes(col.field)) delete out[col.field];
  }
  for (const path of p.exclude) drop(out, path);
  return out;
}
