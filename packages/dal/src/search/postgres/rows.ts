/**
 * The columns a Meili document and its indexability are read from, per index, and the SQL form
 * of the indexability rule (search/documents.ts `isIndexable`, here over columns).
 */
import type { PgCollection } from '../../postgres/store/collection.js';
import { NULLS_COLUMN } from '../../postgres/store/rows.js';
import type { ColumnSpec } from '../../postgres/store/tableSpec.js';
import { fromColumn } from '../../postgres/store/values.js';
import type { SearchIndexDefinition } from '../definitions.js';
import type { Doc } from '../documents.js';

export interface IndexTable {
  def: SearchIndexDefinition;
  table: string;
  /** SQL column of the primary key (`message_id`, `conversation_id`). */
  keyColumn: string;
  /** The SELECT list (with alias `t`), ending with `_excluded` and `_nulls`. */
  selectSql: string;
  /** Indexability over `t.` columns, `now()` for the expiry. */
  indexableSql: string;
  decode(row: Record<string, unknown>): Doc;
  collection: PgCollection;
}

const INDEXABILITY_FIELDS = ['isTemporary', 'expiredAt', 'unfinished'];

export function indexTable(def: SearchIndexDefinition, collection: PgCollection): IndexTable {
  const spec = collection.spec;
  const fields = [...new Set([...def.attributes, ...INDEXABILITY_FIELDS])].filter((f) => spec.byField.has(f));
  const columns = fields.map((f) => spec.byField.get(f) as ColumnSpec);
  const exclude = spec.byField.get(def.excludeFromIndexPath);
  if (!exclude) throw new Error(`${spec.table} has no ${def.excludeFromIndexPath} column`);
  const col = (field: string) => `t."${(spec.byField.get(field) as ColumnSpec).column}"`;
  const key = spec.byField.get(def.primaryKey) as ColumnSpec;
  const selectSql = [
    't._id',
    ...columns.map((c) => `t."${c.column}"`),
    `t."${exclude.column}" IS NOT NULL AS _excluded`,
    `t."${NULLS_COLUMN}"`,
  ].join(', ');
  const retention = `((${col('isTemporary')} = false AND (${col('expiredAt')} IS NULL OR ${col('expiredAt')} > now())) OR (${col('isTemporary')} IS NULL AND ${col('expiredAt')} IS NULL))`;
  const indexableSql = [
    retention,
    `t."${exclude.column}" IS NULL`,
    ...(spec.byField.has('unfinished') ? [`${col('unfinished')} IS NOT TRUE`] : []),
  ].join(' AND ');
  return {
    def,
    table: spec.table,
    keyColumn: key.column,
    selectSql,
    indexableSql,
    collection,
    decode(row) {
      const nulls = new Set((row[NULLS_COLUMN] as string[] | null) ?? []);
      const doc: Doc = { _id: row._id };
      for (const c of columns) {
        const value = row[c.column];
        if (value === null || value === undefined) {
          if (nulls.has(c.field)) doc[c.field] = null;
        } else {
          doc[c.field] = fromColumn(c.type, value);
        }
      }
      if (row._excluded) doc[def.excludeFromIndexPath] = true;
      return doc;
    },
  };
}
