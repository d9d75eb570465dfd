/**
 * MongoDB's filtered positional operator (`content.$[part].x` with `arrayFilters`) and in-memory
 * MongoDB predicates (sift) for the conditions on Mixed content parts that the SQL translator
 * does not express (`$elemMatch` with `$or`/`$in`/null/regex, `$expr`). Used by the background
 * tool and subagent methods, whose rows are located by indexed scalar fields first.
 */
import lodash from 'lodash';
import type pg from 'pg';
import * as siftModule from 'sift';
import { withTransaction } from '../pool.js';
import type { Filter, PgCollection, Sort } from '../store/collection.js';
import type { Doc } from '../store/rows.js';

const { get } = lodash;
// sift ships CommonJS with a default export; normalise across ESM/CJS builds.
const sift = ((siftModule as unknown as { default?: typeof siftModule.default }).default ??
  siftModule) as unknown as (query: object) => (item: unknown) => boolean;

/** A MongoDB query as an in-memory predicate. */
export function matcher(query: Filter): (item: unknown) => boolean {
  return sift(query);
}

/** An arrayFilters entry (`{ 'part.type': …, $or: [{ 'part.x': … }] }`) as a predicate on one element. */
function elementMatcher(arrayFilter: Filter, name: string): (item: unknown) => boolean {
  const strip = (query: unknown): unknown => {
    if (Array.isArray(query)) return query.map(strip);
    if (!query || typeof query !== 'object' || query instanceof Date || query instanceof RegExp) return query;
    const out: Doc = {};
    for (const [key, value] of Object.entries(query as Doc)) {
      if (key === '$and' || key === '$or' || key === '$nor') out[key] = strip(value);
      else if (key.startsWith(`${name}.`)) out[key.slice(name.length + 1)] = value;
      else if (key === name) out.$eq = value;
      else out[key] = value;
    }
    return out;
  };
  return sift(strip(arrayFilter) as object);
}

const FILTERED = /\.\$\[([A-Za-z][A-Za-z0-9]*)\]\./;

/**
 * Rewrites every `arr.$[name].rest` path of `$set`/`$unset` into the concrete `arr.<i>.rest` paths
 * of the elements of `doc` that the named array filter matches.
 */
export function expandFilteredPositional(doc: Doc, update: Doc, arrayFilters: readonly Filter[]): Doc {
  const matchers = new Map<string, (item: unknown) => boolean>();
  for (const filter of arrayFilters) {
    const name =
      Object.keys(filter)
        .find((k) => !k.startsWith('$'))
        ?.split('.')[0] ?? findName(filter);
    if (name) matchers.set(name, elementMatcher(filter, name));
  }
  const out: Doc = {};
  for (const [op, fields] of Object.entries(update)) {
    const expanded: Doc = {};
    for (const [path, value] of Object.entries(fields as Doc)) {
      const m = FILTERED.exec(path);
      if (!m) {
        expanded[path] = value;
        continue;
      }
      const prefix = path.slice(0, m.index);
      const rest = path.slice(m.index + m[0].length);
      const match = matchers.get(m[1] as string);
      if (!match)
        throw Object.assign(new Error(`No array filter found for identifier '${m[1]}' in path '${path}'`), {
          code: 2,
        });
      const array = get(doc, prefix);
      if (!Array.isArray(array)) continue;
      array.forEach((element, index) => {
        if (match(element)) expanded[`${prefix}.${index}.${rest}`] = value;
      });
    }
    if (Object.keys(expanded).length) out[op] = expanded;
  }
  return out;
}

function findName(filter: Filter): string | undefined {
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or') && Array.isArray(value)) {
      for (const sub of value) {
        const name = findName(sub as Filter);
        if (name) return name;
      }
    } else if (!key.startsWith('$')) {
      return key.split('.')[0];
    }
  }
  return undefined;
}

export interface LocatedUpdate {
  /** Rows are located with this (translatable, indexed) filter … */
  sql: Filter;
  /** … and must also match this MongoDB query in memory (conditions on Mixed parts). */
  also?: Filter;
  /** … and pass this check (what an `$expr` or `$type` condition tests). */
  check?: (doc: Doc) => boolean;
  sort?: Sort;
}

/** The first stored row matching both parts of a located filter (row-locked inside `client`). */
export async function findLocated(
  collection: PgCollection,
  where: LocatedUpdate,
  client?: pg.PoolClient,
): Promise<Doc | null> {
  const rows = await collection.findRaw(
    where.sql,
    {
      sort: where.sort,
      ...(client ? { forUpdate: true } : {}),
      ...(where.also || where.check ? {} : { limit: 1 }),
    },
    client ?? collection.pool,
  );
  const test = where.also ? matcher(where.also) : undefined;
  return rows.find((row) => (!test || test(row)) && (!where.check || where.check(row))) ?? null;
}

/**
 * `findOneAndUpdate(filter, update, { new: true, arrayFilters })`: the row is located and locked,
 * the filtered positional paths are expanded against it, and the update is applied in the same
 * transaction. Resolves the stored document after the update, or null when nothing matched.
 */
export async function updateLocated(
  collection: PgCollection,
  where: LocatedUpdate,
  update: Doc | ((current: Doc) => Doc),
  arrayFilters: readonly Filter[] = [],
): Promise<{ before: Doc; after: Doc } | null> {
  return withTransaction(collection.pool, async (client) => {
    const current = await findLocated(collection, where, client);
    if (!current) return null;
    const resolved = typeof update === 'function' ? update(current) : update;
    const concrete = expandFilteredPositional(current, resolved, arrayFilters);
    const r = await collection.findOneAndUpdate({ _id: current._id }, concrete, { new: true }, client);
    return r.after ? { before: current, after: r.after } : null;
  });
}
