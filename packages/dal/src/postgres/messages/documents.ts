/** How message rows become what upstream's mongoose queries return. */
import type { Document } from 'mongoose';
import type { PgCollection } from '../store/collection.js';
import type { Doc } from '../store/rows.js';

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

/** `current_database()` once per pool, for E11000 messages (`collection: <db>.messages`). */
const names = new WeakMap<object, Promise<string>>();
export function databaseName(collection: PgCollection): Promise<string> {
  let name = names.get(collection.pool);
  if (!name) {
    name = collection.pool
      .query<{ db: string }>('SELECT current_database() AS db')
      .then(({ rows }) => rows[0]?.db ?? 'librechat');
    names.set(collection.pool, name);
  }
  return name;
}
