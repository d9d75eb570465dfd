/**
 * `Message.findOneAndUpdate({ messageId, user }, update, { upsert: true, new: true })` as ONE
 * statement (saveMessage/recordMessage are the chat's hottest writes): the matching row is locked
 * and updated, or the new document is inserted, and a concurrent insert of the same key turns
 * into the same update through `ON CONFLICT` on the (messageId, user, tenantId) unique index.
 * The update is cast by mongoose (strict, types, timestamps) exactly as PgCollection casts it;
 * only top-level `$set`/`$unset`/`$setOnInsert` paths take this route, anything else returns
 * undefined so the caller uses the general row-locked path.
 */
import { createRequire } from 'node:module';
import type { Model } from 'mongoose';
import { Params } from '../../filters/params.js';
import { translateFilter } from '../../filters/translate.js';
import { hotQuery } from '../pool.js';
import type { Filter, PgCollection } from '../store/collection.js';
import { toDuplicateKeyError } from '../store/duplicateKey.js';
import { columnList, type Doc, docToParams, NULLS_COLUMN, rowToDoc } from '../store/rows.js';
import type { ColumnSpec } from '../store/tableSpec.js';
import { stampUpdate } from '../store/timestamps.js';
import { applyUpdate } from '../store/updates.js';
import { clonePlain, plain, RAW_JSON_TYPES, toParam } from '../store/values.js';

const SQL_TYPE: Record<ColumnSpec['type'], string> = {
  objectId: 'text',
  text: 'text',
  boolean: 'boolean',
  date: 'timestamptz',
  number: 'double precision',
  jsonb: 'jsonb',
  textArray: 'text[]',
};

type Casting = {
  _conditions: Doc;
  _mongooseOptions: object;
  _castUpdate(u: Doc): Doc | false;
};

const require = createRequire(import.meta.url);
/** What Model.findOneAndUpdate adds to an upsert: `$setOnInsert: { __v: 0 }` unless the update sets it. */
const decorateUpdateWithVersionKey =
  require('mongoose/lib/helpers/update/decorateUpdateWithVersionKey.js') as (
    update: Doc,
    options: object,
    versionKey: unknown,
  ) => void;

/** One unexecuted `findOneAndUpdate({}, {}, { upsert: true })` per model does the casting. */
const castingQueries = new WeakMap<Model<any>, Casting>();

/**
 * mongoose's cast of an upsert update, as `Model.findOneAndUpdate` builds it: version key on
 * insert, timestamps (updatedAt now, a client-sent createdAt dropped, createdAt on insert), then
 * the schema cast (a plain object becomes `$set`, strict, immutable paths, types). The Query is
 * built once per model and reused (casting is synchronous), which halves the cost of a save.
 */
export function castUpsert(model: Model<any>, filter: Filter, update: Doc, timestamps: boolean): Doc {
  let query = castingQueries.get(model);
  if (!query) {
    query = model.findOneAndUpdate({}, {}, { upsert: true }) as unknown as Casting;
    castingQueries.set(model, query);
  }
  const copy = clonePlain(update);
  decorateUpdateWithVersionKey(copy, { upsert: true }, model.schema.options.versionKey);
  if (timestamps) stampUpdate(copy, query._mongooseOptions);
  query._conditions = filter;
  try {
    return (query._castUpdate(copy) || {}) as Doc;
  } finally {
    query._conditions = {};
  }
}

function topLevelOnly(casted: Doc): boolean {
  for (const [op, fields] of Object.entries(casted)) {
    if (op !== '$set' && op !== '$unset' && op !== '$setOnInsert') return false;
    if (Object.keys(fields as Doc).some((k) => k.includes('.') || k.includes('$'))) return false;
  }
  return true;
}

/** Top-level equality conditions: what MongoDB copies into an upserted document. */
function equalityFields(filter: Filter): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith('$') || k.includes('.')) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      if (Object.keys(v).some((x) => x.startsWith('$'))) continue;
    }
    out[k] = v;
  }
  return out;
}

/**
 * Runs the upsert; resolves the stored document (every column, hidden ones included), or
 * undefined when the update needs the general path. Unique violations (an update that renames
 * the message onto an existing one) become MongoDB's E11000 error.
 */
export async function upsertByKey(
  collection: PgCollection,
  filter: Filter,
  update: Doc,
  conflictColumns: readonly string[],
  database: () => Promise<string>,
): Promise<Doc | undefined> {
  const { spec, model } = collection;
  const casted = castUpsert(model, filter, update, spec.timestamps);
  if (!topLevelOnly(casted)) return undefined;
  const castedFilter = collection.castFilter(filter);
  const inserted = applyUpdate(equalityFields(castedFilter), casted, {
    isInsert: true,
    filter: castedFilter,
  });
  // The schema's defaults (and a new _id) on the already cast insert, as mongoose's
  // Model.applyDefaults does to a plain object: no Document is built (a third of the cost), and
  // nothing is minimised, so the empty objects the update wrote survive as on MongoDB.
  const stored = plain(model.applyDefaults(inserted)) as Doc;

  const columns = columnList(spec);
  const params = new Params();
  const types = [
    ...spec.columns.map((c) => (c.field === '__v' ? 'integer' : SQL_TYPE[c.type])),
    'jsonb',
    'text[]',
  ];
  const insertValues = docToParams(spec, stored);
  const values = insertValues.map((v, i) => params.add(v, types[i]));
  /** The insert's parameter for a column when it holds the same value: each value is sent once. */
  const reuse = (col: ColumnSpec, param: unknown): string | undefined => {
    const i = spec.columns.indexOf(col);
    const inserted = insertValues[i];
    if (inserted === param) return values[i];
    if (typeof param !== 'object' || param === null || typeof inserted !== 'object' || inserted === null)
      return undefined;
    if (param instanceof Date)
      return inserted instanceof Date && inserted.getTime() === param.getTime() ? values[i] : undefined;
    return JSON.stringify(inserted) === JSON.stringify(param) ? values[i] : undefined;
  };

  const sets: string[] = [];
  const touched: string[] = [];
  const nulls: string[] = [];
  for (const [field, raw] of Object.entries((casted.$set ?? {}) as Doc)) {
    const col = spec.byField.get(field);
    if (!col || field === '_id') continue;
    touched.push(field);
    const value = plain(raw);
    if (value === null || value === undefined) {
      sets.push(`"${col.column}" = NULL`);
      if (value === null) nulls.push(field);
    } else {
      const param = toParam(col.type, value);
      sets.push(`"${col.column}" = ${reuse(col, param) ?? params.add(param, SQL_TYPE[col.type])}`);
    }
  }
  for (const field of Object.keys((casted.$unset ?? {}) as Doc)) {
    const col = spec.byField.get(field);
    if (!col || field === '_id') continue;
    touched.push(field);
    sets.push(`"${col.column}" = NULL`);
  }
  sets.push(
    `"${NULLS_COLUMN}" = ARRAY(SELECT x FROM unnest(t."${NULLS_COLUMN}") AS x WHERE x <> ALL(${params.add(touched, 'text[]')})) || ${params.add(nulls, 'text[]')}`,
  );

  const where = translateFilter(spec, castedFilter, params);
  const table = `"${spec.table}"`;
  const conflict = conflictColumns.map((c) => `"${c}"`).join(', ');
  const assignments = sets.join(', ');
  const sql = `WITH target AS (SELECT "_id" FROM ${table} WHERE ${where} ORDER BY "_id" LIMIT 1 FOR UPDATE),
upd AS (UPDATE ${table} AS t SET ${assignments} FROM target WHERE t."_id" = target."_id" RETURNING t.*),
ins AS (INSERT INTO ${table} AS t (${columns.map((c) => `"${c}"`).join(', ')})
  SELECT ${values.join(', ')} WHERE NOT EXISTS (SELECT 1 FROM target)
  ON CONFLICT (${conflict}) DO UPDATE SET ${assignments} RETURNING t.*)
SELECT * FROM upd UNION ALL SELECT * FROM ins`;
  try {
    // A named statement: parsed and planned once per connection, then executed (the text only
    // varies with the set of fields a save carries).
    const { rows } = await collection.pool.query(
      hotQuery(collection.pool, sql, params.values, RAW_JSON_TYPES),
    );
    return rowToDoc(spec, rows[0]);
  } catch (error) {
    throw toDuplicateKeyError(
      error,
      spec,
      collection.uniqueIndexes,
      { ...stored, ...(plain(casted.$set) as Doc) },
      await database(),
    );
  }
}
