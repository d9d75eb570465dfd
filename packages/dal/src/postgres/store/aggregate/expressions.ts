/**
 * Aggregation expressions, evaluated in JavaScript against one document: field paths (`$a.b`),
 * `$$ROOT`/`$$CURRENT`/`$$REMOVE`, literals, object expressions and the operators LibreChat's
 * pipelines use. Any other operator throws UnsupportedFilterError naming it.
 */
import { UnsupportedFilterError } from '../../../errors.js';
import { isObjectId } from '../values.js';
import { compareValues, type Doc, equalityKey, isDocument, resolvePath } from './bsonValues.js';

type Operator = (args: unknown, doc: Doc) => unknown;

function argList(args: unknown, doc: Doc): unknown[] {
  return (Array.isArray(args) ? args : [args]).map((a) => evaluate(a, doc));
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0;
}

const compare =
  (test: (c: number) => unknown): Operator =>
  (args, doc) => {
    const [a, b] = argList(args, doc);
    return test(compareValues(a, b));
  };

const OPERATORS: Record<string, Operator> = {
  $literal: (args) => args,
  $arrayElemAt: (args, doc) => {
    const [array, index] = argList(args, doc);
    if (array === undefined || array === null || index === undefined || index === null) return null;
    if (!Array.isArray(array)) throw new UnsupportedFilterError('$arrayElemAt on a non-array');
    const i = Number(index) < 0 ? array.length + Number(index) : Number(index);
    return array[i]; // out of range: missing
  },
  $first: (args, doc) => {
    const [array] = argList(args, doc);
    return Array.isArray(array) ? array[0] : array === undefined || array === null ? null : array;
  },
  $last: (args, doc) => {
    const [array] = argList(args, doc);
    return Array.isArray(array)
      ? array[array.length - 1]
      : array === undefined || array === null
        ? null
        : array;
  },
  $ifNull: (args, doc) => {
    const values = argList(args, doc);
    for (const v of values.slice(0, -1)) if (v !== undefined && v !== null) return v;
    return values[values.length - 1];
  },
  $size: (args, doc) => {
    const [array] = argList(args, doc);
    if (!Array.isArray(array)) throw new UnsupportedFilterError('$size on a non-array');
    return array.length;
  },
  $eq: compare((c) => c === 0),
  $ne: compare((c) => c !== 0),
  $gt: compare((c) => c > 0),
  $gte: compare((c) => c >= 0),
  $lt: compare((c) => c < 0),
  $lte: compare((c) => c <= 0),
  $cmp: compare((c) => Math.sign(c)),
  $and: (args, doc) => argList(args, doc).every(truthy),
  $or: (args, doc) => argList(args, doc).some(truthy),
  $not: (args, doc) => !truthy(argList(args, doc)[0]),
  $in: (args, doc) => {
    const [value, array] = argList(args, doc);
    if (!Array.isArray(array)) throw new UnsupportedFilterError('$in with a non-array');
    const key = equalityKey(value);
    return array.some((v) => equalityKey(v) === key);
  },
  $cond: (args, doc) => {
    const [cond, then, otherwise] = Array.isArray(args)
      ? args
      : [(args as Doc).if, (args as Doc).then, (args as Doc).else];
    return truthy(evaluate(cond, doc)) ? evaluate(then, doc) : evaluate(otherwise, doc);
  },
  $toString: (args, doc) => {
    const [v] = argList(args, doc);
    if (v === undefined || v === null) return null;
    if (isObjectId(v)) return v.toHexString();
    if (v instanceof Date) return v.toISOString();
    return String(v);
  },
  $concat: (args, doc) => {
    const values = argList(args, doc);
    if (values.some((v) => v === undefined || v === null)) return null;
    return values.join('');
  },
};

/** Evaluates an aggregation expression against `doc` (`root` is `$$ROOT`). */
export function evaluate(expression: unknown, doc: Doc, root: Doc = doc): unknown {
  if (typeof expression === 'string') {
    if (expression === '$$ROOT') return root;
    if (expression === '$$CURRENT') return doc;
    if (expression === '$$REMOVE') return undefined;
    if (expression.startsWith('$$')) throw new UnsupportedFilterError(`variable ${expression}`);
    if (expression.startsWith('$')) return resolvePath(doc, expression.slice(1).split('.'));
    return expression;
  }
  if (Array.isArray(expression)) return expression.map((e) => evaluate(e, doc, root));
  if (isDocument(expression)) {
    const keys = Object.keys(expression);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      const name = keys[0] as string;
      const op = OPERATORS[name];
      if (!op) throw new UnsupportedFilterError(`${name} aggregation expression`);
      return op(expression[name], doc);
    }
    const out: Doc = {};
    for (const [k, v] of Object.entries(expression)) {
      const value = evaluate(v, doc, root);
      if (value !== undefined) out[k] = value;
    }
    return out;
  }
  return expression;
}
