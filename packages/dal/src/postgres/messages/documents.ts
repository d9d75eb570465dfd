/** How message rows become what upstream's mongoose queries return. */
import { createRequire } from 'node:module';
import type { Document } from 'mongoose';
import { Params } from '../../filters/params.js';
import { hotQuery } from '../pool.js';
import type { Filter, PgCollection, Sort } from '../store/collection.js';
import { type Doc, rowToDoc, selectList } from '../store/rows.js';
import type { TableSpec } from '../store/tableSpec.js';
import { RAW_JSON_TYPES } from '../store/values.js';

/** The `select: false` paths of a collection's schema, as mongoose's default exclusion projection. */
export function hiddenProjection(collection: PgCollection): Record<string, 0> {
  return Object.fromEntries(collection.spec.columns.filter((c) => c.hidden).map((c) => [c.field, 0]));
}

/**
 * A stored row as the hydrated document a non-lean `findOne`/`findOneAndUpdate` returns: hidden
 * fields excluded, schema defaults applied to missing paths on init (as mongoose does).
 */
export function hydrate(collection: PgCollection, stored: Doc): Document & Doc {
  const visible: Doc = { ...stored };
  for (const col of collection.spec.columns) if (col.hidden) delete visible[col.field];
  return collection.model.hydrate(visible, hiddenProjection(collection)) as Document & Doc;
}

const require = createRequire(import.meta.url);
/** mongoose's own minimize (what toObject does to empty objects). */
const minimize = require('mongoose/lib/helpers/minimize.js') as (obj: Doc) => Doc | undefined;

/**
 * What `hydrate(collection, stored).toObject()` returns, without building a Document (the hot
 * save path): defaults for absent paths as mongoose applies them on init (`Model.applyDefaults`),
 * hidden fields left out, empty objects minimised. `stored` is consumed.
 */
export function hydratedObject(collection: PgCollection, stored: Doc): Doc {
  const doc = collection.model.applyDefaults(stored) as Doc;
  for (const col of collection.spec.columns) if (col.hidden) delete doc[col.field];
  return minimize(doc) ?? {};
}

/**
 * `find(filter).sort().limit().lean()` without a projection: only the columns a default read
 * returns (no select:false ones) are selected, and each row becomes the document directly — the
 * conversation fetch, the chat's hottest read.
 */
export async function findVisible(
  collection: PgCollection,
  filter: Filter,
  options: { sort?: Sort; limit?: number } = {},
): Promise<Doc[]> {
  const spec = visibleSpec(collection);
  const params = new Params();
  const where = collection.where(filter, params);
  let sql = `SELECT ${selectList(spec)} FROM "${spec.table}" WHERE ${where} ORDER BY ${collection.orderBy(options.sort)}`;
  if (options.limit != null && options.limit > 0) sql += ` LIMIT ${params.add(options.limit, 'bigint')}`;
  const { rows } = await collection.pool.query(hotQuery(collection.pool, sql, params.values, RAW_JSON_TYPES));
  return rows.map((row) => rowToDoc(spec, row));
}

const visibleSpecs = new WeakMap<PgCollection, TableSpec>();
function visibleSpec(collection: PgCollection): TableSpec {
  let spec = visibleSpecs.get(collection);
  if (!spec) {
    const columns = collection.spec.columns.filter((c) => !c.hidden);
    spec = { ...collection.spec, columns, byField: new Map(columns.map((c) => [c.field, c])) };
    visibleSpecs.set(collection, spec);
  }
  return spec;
}
