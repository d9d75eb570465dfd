/**
 * Aggregation stages after the leading `$match` (which runs in SQL), evaluated in JavaScript on
 * the documents PostgreSQL returned, in MongoDB's semantics.
 */
import lodash from 'lodash';
import { UnsupportedFilterError } from '../../../errors.js';
import { compareValues, type Doc, equalityKey, isDocument } from './bsonValues.js';
import { evaluate } from './expressions.js';

const { get, set, unset, cloneDeep } = lodash;

export function sortStage(docs: Doc[], spec: Record<string, 1 | -1>): Doc[] {
  const keys = Object.entries(spec);
  return [...docs].sort((a, b) => {
    for (const [path, dir] of keys) {
      const c = compareValues(get(a, path), get(b, path));
      if (c !== 0) return dir === -1 ? -c : c;
    }
    return 0;
  });
}

function isExclusion(spec: Doc): boolean {
  return Object.entries(spec).some(([k, v]) => k !== '_id' && (v === 0 || v === false));
}

export function projectStage(docs: Doc[], spec: Doc): Doc[] {
  if (isExclusion(spec)) {
    return docs.map((doc) => {
      const out = cloneDeep(doc);
      for (const [path, v] of Object.entries(spec)) if (v === 0 || v === false) unset(out, path);
      return out;
    });
  }
  return docs.map((doc) => {
    const out: Doc = {};
    if (spec._id !== 0 && spec._id !== false && doc._id !== undefined) out._id = doc._id;
    for (const [path, v] of Object.entries(spec)) {
      if (path === '_id' && (v === 0 || v === false || v === 1 || v === true)) continue;
      const value = v === 1 || v === true ? get(doc, path) : evaluate(v, doc);
      if (value !== undefined) set(out, path, value);
    }
    return out;
  });
}

export function addFieldsStage(docs: Doc[], spec: Doc): Doc[] {
  return docs.map((doc) => {
    const out = cloneDeep(doc);
    for (const [path, expression] of Object.entries(spec)) {
      const value = evaluate(expression, doc);
      if (value === undefined) unset(out, path);
      else set(out, path, value);
    }
    return out;
  });
}

export function unsetStage(docs: Doc[], spec: string | string[]): Doc[] {
  const paths = Array.isArray(spec) ? spec : [spec];
  return docs.map((doc) => {
    const out = cloneDeep(doc);
    for (const p of paths) unset(out, p);
    return out;
  });
}

type Accumulator = { add(doc: Doc): void; value(): unknown };

function accumulator(spec: unknown): Accumulator {
  if (!isDocument(spec) || Object.keys(spec).length !== 1) {
    throw new UnsupportedFilterError('$group accumulator that is not a single operator');
  }
  const [op, arg] = Object.entries(spec)[0] as [string, unknown];
  const values: unknown[] = [];
  let seen = false;
  let first: unknown;
  let last: unknown;
  const keys = new Set<string>();
  switch (op) {
    case '$first':
    case '$last':
      return {
        add(doc) {
          const v = evaluate(arg, doc);
          if (!seen) first = v;
          seen = true;
          last = v;
        },
        value: () => (op === '$first' ? first : last) ?? null,
      };
    case '$sum':
    case '$avg':
      return {
        add(doc) {
          const v = evaluate(arg, doc);
          const items = Array.isArray(v) && op === '$sum' && typeof arg !== 'string' ? v : [v];
          for (const item of items) if (typeof item === 'number') values.push(item);
        },
        value() {
          const total = values.reduce<number>((s, n) => s + (n as number), 0);
          if (op === '$sum') return total;
          return values.length ? total / values.length : null;
        },
      };
    case '$count':
      return { add: () => void values.push(1), value: () => values.length };
    case '$max':
    case '$min':
      return {
        add(doc) {
          const v = evaluate(arg, doc);
          if (v === undefined || v === null) return;
          if (!seen || (op === '$max' ? compareValues(v, first) > 0 : compareValues(v, first) < 0)) first = v;
          seen = true;
        },
        value: () => (seen ? first : null),
      };
    case '$push':
      return {
        add(doc) {
          const v = evaluate(arg, doc);
          if (v !== undefined) values.push(v);
        },
        value: () => values,
      };
    case '$addToSet':
      return {
        add(doc) {
          const v = evaluate(arg, doc);
          if (v === undefined) return;
          const key = equalityKey(v);
          if (!keys.has(key)) {
            keys.add(key);
            values.push(v);
          }
        },
        value: () => values,
      };
    default:
      throw new UnsupportedFilterError(`${op} $group accumulator`);
  }
}

/** `$group`: groups in order of first appearance (MongoDB leaves the order unspecified). */
export function groupStage(docs: Doc[], spec: Doc): Doc[] {
  const { _id: idExpression, ...fields } = spec;
  if (idExpression === undefined) throw new UnsupportedFilterError('$group without _id');
  const groups = new Map<string, { id: unknown; accumulators: [string, Accumulator][] }>();
  for (const doc of docs) {
    const raw = evaluate(idExpression, doc);
    const id = raw === undefined ? null : raw;
    const key = equalityKey(id);
    let group = groups.get(key);
    if (!group) {
      group = { id, accumulators: Object.entries(fields).map(([name, s]) => [name, accumulator(s)]) };
      groups.set(key, group);
    }
    for (const [, acc] of group.accumulators) acc.add(doc);
  }
  return [...groups.values()].map(({ id, accumulators }) => {
    const out: Doc = { _id: id };
    for (const [name, acc] of accumulators) out[name] = acc.value();
    return out;
  });
}

export function unwindStage(docs: Doc[], spec: unknown): Doc[] {
  const options = typeof spec === 'string' ? { path: spec } : (spec as Doc);
  const path = String(options.path ?? '');
  if (!path.startsWith('$')) throw new UnsupportedFilterError('$unwind without a $path');
  const field = path.slice(1);
  const preserve = options.preserveNullAndEmptyArrays === true;
  const indexField = typeof options.includeArrayIndex === 'string' ? options.includeArrayIndex : undefined;
  const out: Doc[] = [];
  for (const doc of docs) {
    const value = get(doc, field);
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((element, i) => {
        const copy = cloneDeep(doc);
        set(copy, field, element);
        if (indexField) copy[indexField] = i;
        out.push(copy);
      });
    } else if (value !== undefined && value !== null && !Array.isArray(value)) {
      const copy = cloneDeep(doc);
      if (indexField) copy[indexField] = null;
      out.push(copy);
    } else if (preserve) {
      const copy = cloneDeep(doc);
      if (Array.isArray(value)) unset(copy, field);
      if (indexField) copy[indexField] = null;
      out.push(copy);
    }
  }
  return out;
}

export function replaceRootStage(docs: Doc[], expression: unknown): Doc[] {
  return docs.map((doc) => {
    const root = evaluate(expression, doc);
    if (!isDocument(root)) throw new UnsupportedFilterError('$replaceRoot to a non-document');
    return root;
  });
}
