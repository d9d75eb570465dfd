/**
 * A MongoDB-collection-like view of one PostgreSQL table: the operations upstream methods perform
 * through mongoose (create, find, findOne, countDocuments, exists, findOneAndUpdate, updateOne,
 * deleteOne/Many), with mongoose's casting, defaults, setters, validators and timestamps applied
 * through the upstream schema, and documents returned as a lean mongoose query would.
 */

import { getTenantId, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import type { Model } from 'mongoose';
import type pg from 'pg';
import { Params } from '../../filters/params.js';
import { translateFilter } from '../../filters/translate.js';
import type { Queryable } from '../pool.js';
import { withTransaction } from '../pool.js';
import { DuplicateKeyError, toDuplicateKeyError, type UniqueIndex } from './duplicateKey.js';
import { project, type Select } from './projection.js';
import { columnList, type Doc, docToParams, rowToDoc, selectList } from './rows.js';
import type { TableSpec } from './tableSpec.js';
import { guardTenantMutation } from './tenantGuard.js';
import { stampUpdate } from './timestamps.js';
import { applyUpdate } from './updates.js';
import { clonePlain, plain } from './values.js';

export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1 | 'asc' | 'desc'>;

export interface FindOptions {
  select?: Select;
  sort?: Sort;
  skip?: number;
  limit?: number;
}

export interface UpdateOptions {
  new?: boolean;
  upsert?: boolean;
  runValidators?: boolean;
  timestamps?: boolean;
  select?: Select;
  /** Which matching document a findOneAndUpdate takes (`{ sort }` in mongoose's options). */
  sort?: Sort;
}

/** The database a pool connects to, from its configuration (undefined when it does not say). */
function configuredDatabase(pool: pg.Pool): string | undefined {
  const options = (pool as unknown as { options?: { database?: string; connectionString?: string } }).options;
  if (options?.database) return options.database;
  if (!options?.connectionString) return undefined;
  try {
    const name = decodeURIComponent(new URL(options.connectionString).pathname.replace(/^\//, ''));
    return name || undefined;
  } catch {
    return undefined;
  }
}

export class PgCollection {
  private database?: string;

  constructor(
    readonly pool: pg.Pool,
    readonly spec: TableSpec,
    readonly model: Model<any>,
    readonly uniqueIndexes: readonly UniqueIndex[] = [],
  ) {}

  /**
   * Casts a filter as mongoose would (strictQuery, ObjectIds, Dates, setters) and adds tenant
   * scope as upstream's tenant-isolation plugin does (`query.where({ tenantId })`: a top-level
   * equality that replaces any tenantId condition, and that an upsert copies into the new
   * document). Models without the plugin (SystemGrant, …) are not scoped.
   */
  private castingQuery?: ReturnType<Model<any>['find']>;

  castFilter(filter: Filter = {}): Filter {
    // One unexecuted Query per collection does the casting (building a Query per call costs more
    // than the cast itself); cast() reads only the query's options, which never change here.
    this.castingQuery ??= this.model.find();
    const casted = this.castingQuery.cast(this.model, clonePlain(filter)) as Filter;
    const tenantId = getTenantId();
    if (tenantId && tenantId !== SYSTEM_TENANT_ID && this.spec.tenantIsolation) {
      return { ...casted, tenantId };
    }
    return casted;
  }

  where(filter: Filter, params: Params, alias = ''): string {
    return translateFilter(this.spec, this.castFilter(filter), params, alias);
  }

  orderBy(sort?: Sort): string {
    const parts: string[] = [];
    for (const [field, dir] of Object.entries(sort ?? {})) {
      const col = this.spec.byField.get(field);
      if (!col) continue; // mongoose sorts by an unknown field as by a missing one: no effect
      const desc = dir === -1 || dir === 'desc';
      // BSON order: null/missing sort lowest. `_id` is never null: plain ASC/DESC, so one btree
      // column serves both directions (an index scan backward yields `DESC NULLS FIRST`).
      const collate = col.type === 'text' ? ' COLLATE "C"' : '';
      const nulls = field === '_id' ? '' : desc ? ' NULLS LAST' : ' NULLS FIRST';
      parts.push(`"${col.column}"${collate} ${desc ? 'DESC' : 'ASC'}${nulls}`);
    }
    parts.push('"_id" ASC');
    return parts.join(', ');
  }

  /** Asked on the pool, not the caller's client: that one may be in an aborted transaction. */
  async databaseName(): Promise<string> {
    // From the pool's own settings when they name it: a duplicate key is reported while the failed
    // transaction still holds its client, and asking a saturated pool would wait for a client that
    // the other racing transactions hold the same way (connection timeout).
    if (!this.database) this.database = configuredDatabase(this.pool);
    if (!this.database) {
      const { rows } = await this.pool.query<{ db: string }>('SELECT current_database() AS db');
      this.database = rows[0]?.db ?? 'librechat';
    }
    return this.database;
  }

  /** Builds the document a mongoose `Model.create(data)` would save (defaults, setters, validation, timestamps). */
  async shapeNew(data: Doc): Promise<any> {
    const doc = new this.model(data);
    const tenantId = getTenantId();
    if (
      tenantId &&
      tenantId !== SYSTEM_TENANT_ID &&
      this.spec.tenantIsolation &&
      doc.get('tenantId') == null
    ) {
      doc.set('tenantId', tenantId);
    }
    await doc.validate();
    if (this.spec.timestamps) {
      // mongoose's setDocumentTimestamps: a new document's updatedAt is its createdAt (given or now).
      if (doc.get('createdAt') == null) doc.set('createdAt', new Date());
      doc.set('updatedAt', doc.get('createdAt'));
    }
    if (this.spec.versionKey) doc.set(this.spec.versionKey, 0);
    return doc;
  }

  async insertShaped(doc: any, db: Queryable = this.pool): Promise<void> {
    const stored = plain(doc.toBSON()) as Doc;
    await this.insertRow(stored, db);
  }

  async insertRow(stored: Doc, db: Queryable = this.pool): Promise<void> {
    const cols = columnList(this.spec);
    const values = docToParams(this.spec, stored);
    const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
    try {
      await db.query(
        `INSERT INTO "${this.spec.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})`,
        values,
      );
    } catch (error) {
      throw toDuplicateKeyError(error, this.spec, this.uniqueIndexes, stored, await this.databaseName());
    }
  }

  /** `Model.create(data)`: returns the mongoose document, as upstream's `create` does. */
  async create(data: Doc, db: Queryable = this.pool): Promise<any> {
    const doc = await this.shapeNew(data);
    await this.insertShaped(doc, db);
    return doc;
  }

  /** `Model.insertMany(docs)`: all or nothing, in one transaction (joins `db` when given). */
  async insertMany(data: Doc[], db?: pg.PoolClient): Promise<any[]> {
    const shaped: any[] = [];
    for (const d of data) shaped.push(await this.shapeNew(d));
    const run = async (client: pg.PoolClient) => {
      for (const doc of shaped) await this.insertShaped(doc, client);
      return shaped;
    };
    return db ? run(db) : withTransaction(this.pool, run);
  }

  /** `Model.distinct(field, filter)` for a top-level field; array values are unwound as MongoDB does. */
  async distinct(field: string, filter: Filter = {}, db: Queryable = this.pool): Promise<unknown[]> {
    const docs = await this.findRaw(filter, {}, db);
    const seen = new Map<string, unknown>();
    for (const doc of docs) {
      const value = doc[field];
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v === undefined) continue;
        const key = JSON.stringify(plain(v));
        if (!seen.has(key)) seen.set(key, v);
      }
    }
    return [...seen.values()];
  }

  async findRaw(
    filter: Filter,
    options: FindOptions & { forUpdate?: boolean } = {},
    db: Queryable = this.pool,
  ): Promise<Doc[]> {
    const params = new Params();
    const where = this.where(filter, params);
    let sql = `SELECT ${selectList(this.spec)} FROM "${this.spec.table}" WHERE ${where} ORDER BY ${this.orderBy(options.sort)}`;
    if (options.limit != null && options.limit > 0) sql += ` LIMIT ${params.add(options.limit, 'bigint')}`;
    if (options.skip != null && options.skip > 0) sql += ` OFFSET ${params.add(options.skip, 'bigint')}`;
    if (options.forUpdate) sql += ' FOR UPDATE';
    const { rows } = await db.query(sql, params.values);
    return rows.map((row) => rowToDoc(this.spec, row));
  }

  /** `Model.find(filter).select().sort().skip().limit().lean()`. */
  async find(filter: Filter, options: FindOptions = {}, db: Queryable = this.pool): Promise<Doc[]> {
    const docs = await this.findRaw(filter, options, db);
    return docs.map((d) => project(this.spec, d, options.select));
  }

  /** `Model.findOne(filter).select().lean()`. */
  async findOne(filter: Filter, options: FindOptions = {}, db: Queryable = this.pool): Promise<Doc | null> {
    const [doc] = await this.find(filter, { ...options, limit: 1 }, db);
    return doc ?? null;
  }

  async count(filter: Filter = {}, db: Queryable = this.pool): Promise<number> {
    const params = new Params();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${this.spec.table}" WHERE ${this.where(filter, params)}`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }

  /** `Model.exists(filter)`: `{ _id }` of a match, or null. */
  async exists(filter: Filter, db: Queryable = this.pool): Promise<{ _id: unknown } | null> {
    const doc = await this.findOne(filter, { select: '_id' }, db);
    return doc ? { _id: doc._id } : null;
  }

  private async castUpdate(filter: Filter, update: Doc, options: UpdateOptions): Promise<Doc> {
    const query = this.model.findOneAndUpdate(clonePlain(filter), clonePlain(update), {
      runValidators: options.runValidators,
      upsert: options.upsert,
    }) as unknown as {
      _update: Doc;
      _castUpdate(u: Doc): Doc | false;
      validate(u: Doc, o: object, overwrite: boolean): Promise<void>;
    };
    // mongoose's timestamp pre-hook runs before the cast: a caller's createdAt is dropped and its
    // updatedAt overwritten, unless the query says `timestamps: false`.
    if (this.spec.timestamps && options.timestamps !== false) stampUpdate(query._update, {});
    const casted = (query._castUpdate(query._update) || {}) as Doc;
    if (options.runValidators) await query.validate(casted, {}, false);
    if (!options.upsert) delete casted.$setOnInsert;
    return casted;
  }

  /**
   * Row-locked read–modify–write in one transaction: the filter is re-checked under the lock,
   * so conditional updates are atomic compare-and-set operations as on MongoDB.
   */
  async findOneAndUpdate(
    filter: Filter,
    update: Doc,
    options: UpdateOptions = {},
    /** An open transaction to join; otherwise the update runs in its own. */
    db?: pg.PoolClient,
  ): Promise<{
    before: Doc | null;
    after: Doc | null;
    matched: boolean;
    modified: boolean;
    upserted: boolean;
  }> {
    const guarded = guardTenantMutation(this.spec, update);
    if (guarded.emptied) {
      return { before: null, after: null, matched: false, modified: false, upserted: false };
    }
    const casted = await this.castUpdate(filter, guarded.update, options);
    const castedFilter = this.castFilter(filter);
    const run = async (client: pg.PoolClient) => {
      const [current] = await this.findRaw(filter, { limit: 1, sort: options.sort, forUpdate: true }, client);
      if (!current) {
        if (!options.upsert)
          return { before: null, after: null, matched: false, modified: false, upserted: false };
        const seed = equalityFields(castedFilter);
        const inserted = applyUpdate(seed, casted, { isInsert: true, filter: castedFilter });
        const shaped = new this.model(inserted);
        // Defaults and casting from the schema; the empty objects the update wrote survive, as
        // on MongoDB (an upsert is not a save: mongoose's minimize does not apply).
        const stored = restoreEmptyObjects(inserted, plain(shaped.toBSON()) as Doc);
        await this.insertRow(stored, client);
        return { before: null, after: stored, matched: false, modified: false, upserted: true };
      }
      const next = applyUpdate(current, casted, { isInsert: false, filter: castedFilter });
      const modified = !sameDocument(current, next);
      if (modified) await this.replaceRow(current._id, next, client);
      return { before: current, after: next, matched: true, modified, upserted: false };
    };
    if (db) return run(db);
    try {
      return await withTransaction(this.pool, run);
    } catch (error) {
      // Two upserts raced to insert the same key: like MongoDB, retry once as an update.
      if (options.upsert && error instanceof DuplicateKeyError) return withTransaction(this.pool, run);
      throw error;
    }
  }

  private async replaceRow(id: unknown, next: Doc, db: Queryable): Promise<void> {
    const cols = columnList(this.spec);
    const values = docToParams(this.spec, next);
    const assignments = cols.map((c, i) => `"${c}" = $${i + 1}`).join(', ');
    values.push(String(id));
    try {
      await db.query(
        `UPDATE "${this.spec.table}" SET ${assignments} WHERE "_id" = $${values.length}`,
        values,
      );
    } catch (error) {
      throw toDuplicateKeyError(error, this.spec, this.uniqueIndexes, next, await this.databaseName());
    }
  }

  /** `Model.findOneAndUpdate(filter, update, opts).lean()`. */
  async findOneAndUpdateLean(filter: Filter, update: Doc, options: UpdateOptions = {}): Promise<Doc | null> {
    const r = await this.findOneAndUpdate(filter, update, options);
    const doc = options.new ? r.after : r.before;
    return doc ? project(this.spec, doc, options.select) : null;
  }

  /** `Model.updateOne(filter, update, opts)`: counts as the MongoDB driver reports them. */
  async updateOne(
    filter: Filter,
    update: Doc,
    options: UpdateOptions = {},
  ): Promise<{
    acknowledged: true;
    matchedCount: number;
    modifiedCount: number;
    upsertedCount: number;
    upsertedId: unknown;
  }> {
    const r = await this.findOneAndUpdate(filter, update, options);
    return {
      acknowledged: true,
      matchedCount: r.matched ? 1 : 0,
      modifiedCount: r.modified ? 1 : 0,
      upsertedCount: r.upserted ? 1 : 0,
      upsertedId: r.upserted ? (r.after?._id ?? null) : null,
    };
  }

  /**
   * `Model.updateMany(filter, update, opts)`: every matching row updated in one transaction (rows
   * locked), counts as the MongoDB driver reports them; with `upsert` and no match, one insert.
   */
  async updateMany(
    filter: Filter,
    update: Doc,
    options: UpdateOptions = {},
    db?: pg.PoolClient,
  ): Promise<{
    acknowledged: true;
    matchedCount: number;
    modifiedCount: number;
    upsertedCount: number;
    upsertedId: unknown;
  }> {
    const guarded = guardTenantMutation(this.spec, update);
    if (guarded.emptied) {
      return { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
    }
    const casted = await this.castUpdate(filter, guarded.update, options);
    const castedFilter = this.castFilter(filter);
    const run = async (client: pg.PoolClient) => {
      const rows = await this.findRaw(filter, { forUpdate: true }, client);
      let modifiedCount = 0;
      for (const current of rows) {
        const next = applyUpdate(current, casted, { isInsert: false, filter: castedFilter });
        if (sameDocument(current, next)) continue;
        await this.replaceRow(current._id, next, client);
        modifiedCount++;
      }
      return { matchedCount: rows.length, modifiedCount };
    };
    const r = db ? await run(db) : await withTransaction(this.pool, run);
    if (r.matchedCount === 0 && options.upsert) return this.updateOne(filter, update, options);
    return { acknowledged: true, ...r, upsertedCount: 0, upsertedId: null };
  }

  /**
   * The driver's `Model.collection.findOne(filter)`: the stored document as it is, the filter not
   * cast by mongoose (no strictQuery) and not tenant-scoped.
   */
  async rawFindOne(filter: Filter, db: Queryable = this.pool): Promise<Doc | null> {
    const params = new Params();
    const where = translateFilter(this.spec, filter, params);
    const { rows } = await db.query(
      `SELECT ${selectList(this.spec)} FROM "${this.spec.table}" WHERE ${where} ORDER BY "_id" LIMIT 1`,
      params.values,
    );
    return rows[0] ? rowToDoc(this.spec, rows[0]) : null;
  }

  /**
   * The driver's `Model.collection.updateOne(filter, update)`: neither filter nor update is cast by
   * mongoose, so off-schema paths (legacy fields) can be set and unset; no timestamps, no tenant
   * scope. The first match is row-locked, updated and written in one transaction.
   */
  async rawUpdateOne(
    filter: Filter,
    update: Doc,
    db?: pg.PoolClient,
  ): Promise<{ acknowledged: true; matchedCount: number; modifiedCount: number }> {
    const run = async (client: pg.PoolClient) => {
      const params = new Params();
      const where = translateFilter(this.spec, filter, params);
      const { rows } = await client.query(
        `SELECT ${selectList(this.spec)} FROM "${this.spec.table}" WHERE ${where} ORDER BY "_id" LIMIT 1 FOR UPDATE`,
        params.values,
      );
      if (!rows[0]) return { acknowledged: true as const, matchedCount: 0, modifiedCount: 0 };
      const current = rowToDoc(this.spec, rows[0]);
      const next = applyUpdate(current, update, { isInsert: false, filter });
      const modified = !sameDocument(current, next);
      if (modified) await this.replaceRow(current._id, next, client);
      return { acknowledged: true as const, matchedCount: 1, modifiedCount: modified ? 1 : 0 };
    };
    return db ? run(db) : withTransaction(this.pool, run);
  }

  /** `Model.findOneAndDelete(filter, { sort }).select().lean()`: the deleted document, or null. */
  async findOneAndDelete(
    filter: Filter,
    options: Pick<FindOptions, 'select' | 'sort'> = {},
    db: Queryable = this.pool,
  ): Promise<Doc | null> {
    const params = new Params();
    const where = this.where(filter, params);
    const { rows } = await db.query(
      `DELETE FROM "${this.spec.table}" WHERE "_id" = (SELECT "_id" FROM "${this.spec.table}" WHERE ${where} ORDER BY ${this.orderBy(options.sort)} LIMIT 1 FOR UPDATE) RETURNING ${selectList(this.spec)}`,
      params.values,
    );
    const row = rows[0];
    return row ? project(this.spec, rowToDoc(this.spec, row), options.select) : null;
  }

  async deleteOne(
    filter: Filter,
    db: Queryable = this.pool,
  ): Promise<{ acknowledged: true; deletedCount: number }> {
    const params = new Params();
    const where = this.where(filter, params);
    const { rowCount } = await db.query(
      `DELETE FROM "${this.spec.table}" WHERE "_id" = (SELECT "_id" FROM "${this.spec.table}" WHERE ${where} ORDER BY "_id" LIMIT 1)`,
      params.values,
    );
    return { acknowledged: true, deletedCount: rowCount ?? 0 };
  }

  async deleteMany(
    filter: Filter,
    db: Queryable = this.pool,
  ): Promise<{ acknowledged: true; deletedCount: number }> {
    const params = new Params();
    const { rowCount } = await db.query(
      `DELETE FROM "${this.spec.table}" WHERE ${this.where(filter, params)}`,
      params.values,
    );
    return { acknowledged: true, deletedCount: rowCount ?? 0 };
  }
}

/** Top-level equality conditions of a filter: what an upsert copies into the new document. */
function equalityFields(filter: Filter): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith('$') || k.includes('.')) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      const eq = (v as Doc).$eq;
      if (eq !== undefined) out[k] = eq;
      continue;
    }
    out[k] = v;
  }
  return out;
}

function isPlainObject(value: unknown): value is Doc {
  return !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** Puts back into `into` the empty objects of `from` that mongoose's minimize dropped. */
function restoreEmptyObjects(from: Doc, into: Doc): Doc {
  for (const [key, value] of Object.entries(from)) {
    if (!isPlainObject(value)) continue;
    const target = into[key];
    if (Object.keys(value).length === 0) {
      if (target === undefined) into[key] = {};
    } else if (isPlainObject(target)) {
      restoreEmptyObjects(value, target);
    }
  }
  return into;
}

function sameDocument(a: Doc, b: Doc): boolean {
  return JSON.stringify(plain(a), stableReplacer) === JSON.stringify(plain(b), stableReplacer);
}

function stableReplacer(_key: string, value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value as Doc).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}
