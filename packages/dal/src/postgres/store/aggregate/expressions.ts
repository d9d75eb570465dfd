/**
 * Aggregation expressions, evaluated in JavaScript against one document: field paths (`$a.b`),
 * `$$ROOT`/`$$CURRENT`/`$$REMOVE`, literals, object expressions and the operators LibreChat's
 * pipelines use. Any other operator throws UnsupportedFilterError naming it.
 */

import { ObjectId } from 'bson';
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

/** `$dateToString`'s format specifiers, rendered in `timezone` (an Olson name; default UTC). */
function formatDate(date: Date, format: string, timeZone: string): string {
  const parts = new Map(
    new Intl.DateTimeFormat('en', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const values: Record<string, string> = {
    Y: parts.get('year') ?? '',
    m: parts.get('month') ?? '',
    d: parts.get('day') ?? '',
    H: parts.get('hour') ?? '',
    M: parts.get('minute') ?? '',
    S: parts.get('second') ?? '',
    L: String(date.getUTCMilliseconds()).padStart(3, '0'),
    '%': '%',
  };
  return format.replace(/%(.)/g, (_, spec: string) => {
    const value = values[spec];
    if (value === undefined) throw new UnsupportedFilterError(`$dateToString format %${spec}`);
    return value;
  });
}

const OPERATORS: Record<string, Operator> = {
  $dateToString: (args, doc) => {
    const spec = args as Doc;
    const date = evaluate(spec.date, doc);
    if (date === undefined || date === null)
      return spec.onNull === undefined ? null : evaluate(spec.onNull, doc);
    if (!(date instanceof Date)) throw new UnsupportedFilterError('$dateToString on a non-date');
    const format = spec.format === undefined ? '%Y-%m-%dT%H:%M:%S.%LZ' : String(evaluate(spec.format, doc));
    const timeZone = spec.timezone === undefined ? 'UTC' : String(evaluate(spec.timezone, doc));
    return formatDate(date, format, timeZone);
  },
  $convert: (args, doc) => {
    const spec = args as Doc;
    const input = evaluate(spec.input, doc);
    if (input === undefined || input === null)
      return spec.onNull === undefined ? null : evaluate(spec.onNull, doc);
    const fail = () => {
      if (spec.onError === undefined) throw new UnsupportedFilterError('$convert failure without onError');
      return evaluate(spec.onError, doc);
    };
    switch (spec.to) {
      case 'objectId':
        if (isObjectId(input)) return input;
        return typeof input === 'string' && /^[0-9a-fA-F]{24}$/.test(input) ? new ObjectId(input) : fail();
      case 'string':
        if (isObjectId(input)) return input.toHexString();
        if (input instanceof Date) return input.toISOString();
        return typeof input === 'object' ? fail() : String(input);
      default:
        throw new UnsupportedFilterError(`$convert to ${String(spec.to)}`);
    }
  },
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
  /** `{ $filter: { input, as, cond, limit? } }`: `$$<as>` is bound by substitution into `cond`. */
  $filter: (args, doc) => {
    const spec = args as Doc;
    const input = evaluate(spec.input, doc);
    if (input === undefined || input === null) return null;
    if (!Array.isArray(input)) throw new UnsupportedFilterError('$filter on a non-array');
    const name = typeof spec.as === 'string' ? spec.as : 'this';
    const limit = spec.limit === undefined ? undefined : Number(evaluate(spec.limit, doc));
    const out: unknown[] = [];
    for (const element of input) {
      if (limit !== undefined && out.length >= limit) break;
      if (truthy(evaluate(bindVariable(spec.cond, name, element), doc))) out.push(element);
    }
    return out;
  },
  /** `[array, n]` (from the end when negative) or `[array, position, n]`. */
  $slice: (args, doc) => {
    const values = argList(args, doc);
    const array = values[0];
    if (values.some((v) => v === undefined || v === null)) return null;
    if (!Array.isArray(array)) throw new UnsupportedFilterError('$slice on a non-array');
    if (values.length === 2) {
      const n = Number(values[1]);
      return n >= 0 ? array.slice(0, n) : array.slice(Math.max(array.length + n, 0));
    }
    const position = Number(values[1]);
    const start = position < 0 ? Math.max(array.length + position, 0) : position;
    return array.slice(start, start + Number(values[2]));
  },
  /** Index in code points of a substring, or -1; null for a missing/null string. */
  $indexOfCP: (args, doc) => {
    const [string, substring, start, end] = argList(args, doc);
    if (string === undefined || string === null) return null;
    if (typeof string !== 'string' || typeof substring !== 'string') {
      throw new UnsupportedFilterError('$indexOfCP on a non-string');
    }
    const points = Array.from(string);
    const needle = Array.from(substring);
    const from = start === undefined ? 0 : Number(start);
    const to = end === undefined ? points.length : Math.min(Number(end), points.length);
    for (let i = from; i + needle.length <= to; i++) {
      if (needle.every((p, j) => points[i + j] === p)) return i;
    }
    return -1;
  },
};

/** `expression` with the variable `$$name` (and its sub-paths) replaced by `value` as a literal. */
function bindVariable(expression: unknown, name: string, value: unknown): unknown {
  const variable = `$$${name}`;
  if (typeof expression === 'string') {
    if (expression === variable) return { $literal: value };
    if (expression.startsWith(`${variable}.`)) {
      return { $literal: resolvePath(value, expression.slice(variable.length + 1).split('.')) };
    }
    return expression;
  }
  if (Array.isArray(expression)) return expression.map((e) => bindVariable(e, name, value));
  if (isDocument(expression)) {
    if ('$literal' in expression) return expression;
    return Object.fromEntries(Object.entries(expression).map(([k, v]) => [k, bindVariable(v, name, value)]));
  }
  return expression;
}

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
