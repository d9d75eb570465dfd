/**
 * Applies a mongoose-cast MongoDB update ($set, $unset, $inc, $push, $pull, $pullAll, $addToSet, $min, $max,
 * $setOnInsert, $currentDate, `$push` with `$each`/`$slice`, positional `$`) to a plain stored document, as the MongoDB server would.
 */
import lodash from 'lodash';
import * as siftModule from 'sift';
import { UnsupportedFilterError } from '../../errors.js';
import type { Doc } from './rows.js';
import { plain } from './values.js';

const { get, set, unset, isEqual } = lodash;
// sift ships CommonJS with a default export; normalise across ESM/CJS builds.
const sift = ((siftModule as unknown as { default?: typeof siftModule.default }).default ??
  siftModule) as unknown as (query: object) => (item: unknown) => boolean;

type Update = Record<string, unknown>;

const SUPPORTED = new Set([
  '$set',
  '$unset',
  '$inc',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$min',
  '$max',
  '$setOnInsert',
  '$currentDate',
]);

/** Resolves `arr.$.x` against the query filter: the first element of `arr` the filter matches. */
function resolvePositional(doc: Doc, path: string, filter: Record<string, unknown>): string {
  const index = path.indexOf('.$');
  if (index < 0) return path;
  const arrayPath = path.slice(0, index);
  const array = get(doc, arrayPath);
  const condition: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith(`${arrayPath}.`)) condition[k.slice(arrayPath.length + 1)] = v;
  }
  // The query's condition on the array itself selects the element too: `{ arr: { $elemMatch:
  // {…} } }` by that document, `{ tags: 'x' }` or `{ tags: { $in: […] } }` by the element's value.
  const direct = filter[arrayPath];
  let element: ((item: unknown) => boolean) | undefined;
  if (direct && typeof direct === 'object' && '$elemMatch' in (direct as Record<string, unknown>)) {
    Object.assign(condition, (direct as { $elemMatch: Record<string, unknown> }).$elemMatch);
  } else if (direct !== undefined) {
    const isOperators =
      direct !== null &&
      typeof direct === 'object' &&
      Object.getPrototypeOf(direct) === Object.prototype &&
      Object.keys(direct).length > 0 &&
      Object.keys(direct).every((k) => k.startsWith('$'));
    element = isOperators
      ? sift(direct as Record<string, unknown>)
      : (item) => isEqual(plain(item), plain(direct));
  }
  const matches = sift(condition);
  const position = Array.isArray(array)
    ? array.findIndex((item) => (element ? element(item) : true) && matches(item))
    : -1;
  if (position < 0) {
    throw Object.assign(new Error('The positional operator did not find the match needed from the query.'), {
      code: 2,
    });
  }
  return `${arrayPath}.${position}${path.slice(index + 2)}`;
}

export function applyUpdate(
  original: Doc,
  update: Update,
  options: { isInsert: boolean; filter: Record<string, unknown> },
): Doc {
  const doc = plain(original) as Doc;
  // MongoDB resolves `$` once, from the document the query matched, before any change applies.
  const matched = plain(original) as Doc;
  for (const [op, fields] of Object.entries(update)) {
    if (!op.startsWith('$')) throw new UnsupportedFilterError(`replacement update field ${op}`);
    if (!SUPPORTED.has(op)) throw new UnsupportedFilterError(op);
    if (op === '$setOnInsert' && !options.isInsert) continue;
    for (const [rawPath, rawValue] of Object.entries(fields as Record<string, unknown>)) {
      const path = resolvePositional(matched, rawPath, options.filter);
      const value = plain(rawValue);
      switch (op) {
        case '$set':
        case '$setOnInsert':
          set(doc, path, value);
          break;
        case '$currentDate':
          // `true` or `{ $type: 'date' }`: the server's clock (timestamps are not supported).
          if (value && typeof value === 'object' && (value as Doc).$type === 'timestamp') {
            throw new UnsupportedFilterError('$currentDate $type timestamp');
          }
          set(doc, path, new Date());
          break;
        case '$unset':
          unset(doc, path);
          break;
        case '$inc': {
          const current = get(doc, path);
          set(doc, path, (typeof current === 'number' ? current : 0) + (value as number));
          break;
        }
        case '$min':
        case '$max': {
          const current = get(doc, path) as number | Date | undefined;
          if (
            current === undefined ||
            (op === '$min'
              ? (value as number) < (current as number)
              : (value as number) > (current as number))
          ) {
            set(doc, path, value);
          }
          break;
        }
        case '$push':
        case '$addToSet': {
          const each =
            value && typeof value === 'object' && '$each' in (value as Doc)
              ? ((value as Doc).$each as unknown[])
              : [value];
          const current = get(doc, path);
          const array = Array.isArray(current) ? [...current] : [];
          for (const item of each) {
            if (op === '$addToSet' && array.some((a) => isEqual(a, item))) continue;
            array.push(item);
          }
          const slice =
            op === '$push' && value && typeof value === 'object' && '$slice' in (value as Doc)
              ? Number((value as Doc).$slice)
              : undefined;
          // `$slice`: n keeps the first n, -n the last n, 0 none (MongoDB's $push modifier).
          if (slice !== undefined) {
            set(doc, path, slice === 0 ? [] : slice > 0 ? array.slice(0, slice) : array.slice(slice));
          } else {
            set(doc, path, array);
          }
          break;
        }
        case '$pullAll': {
          const current = get(doc, path);
          if (!Array.isArray(current)) break;
          const remove = Array.isArray(value) ? value : [value];
          set(
            doc,
            path,
            current.filter((item) => !remove.some((r) => isEqual(item, r))),
          );
          break;
        }
        case '$pull': {
          const current = get(doc, path);
          if (!Array.isArray(current)) break;
          const matches =
            value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)
              ? sift(value as Record<string, unknown>)
              : (item: unknown) => isEqual(item, value);
          set(
            doc,
            path,
            current.filter((item) => !matches(item)),
          );
          break;
        }
      }
    }
  }
  return doc;
}
