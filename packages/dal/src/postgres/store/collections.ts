/** Builds the PgCollection of every table in TABLES for one pool. */
import type pg from 'pg';
import type { DocumentShaper } from '../../documents/shaper.js';
import { PgCollection } from './collection.js';
import { deriveTableSpec } from './tableSpec.js';
import { TABLES, type TableDefinition, type TableKey } from './tables.js';

export type Collections = Record<TableKey, PgCollection>;

export function createCollections(pool: pg.Pool, shaper: DocumentShaper): Collections {
  const out = {} as Collections;
  for (const [key, def] of Object.entries(TABLES) as [TableKey, (typeof TABLES)[TableKey]][]) {
    const spec = deriveTableSpec(shaper, def.model, def.table, {
      meiliPlugin: (def as TableDefinition).meiliPlugin,
    });
    out[key] = new PgCollection(pool, spec, shaper.model(def.model), def.uniqueIndexes);
  }
  return out;
}
