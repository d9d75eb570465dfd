/** Row ⇄ document mapping for a TableSpec (ObjectId, Date, jsonb, text[], explicit nulls, extra fields). */
import type { ColumnSpec, TableSpec } from './tableSpec.js';
import { fromColumn, fromJsonb, plain, toJsonb, toParam } from './values.js';

export type Doc = Record<string, unknown>;
export type Row = Record<string, unknown>;

export const EXTRA_COLUMN = 'extra';
export const NULLS_COLUMN = '_nulls';

/** The SQL list of every column of the table, in spec order (for SELECT and INSERT). */
export function columnList(spec: TableSpec): string[] {
  return [...spec.columns.map((c) => c.column), EXTRA_COLUMN, NULLS_COLUMN];
}

export function selectList(spec: TableSpec, alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return columnList(spec)
    .map((c) => `${p}"${c}"`)
    .join(', ');
}

/** A stored row → the document MongoDB would hold (missing fields absent, explicit nulls kept). */
export function rowToDoc(spec: TableSpec, row: Row): Doc {
  // The hot loop of every read: no Set for the usually empty `_nulls`, no copy of `extra` (the
  // parsed value is already a fresh object).
  const nulls = row[NULLS_COLUMN] as string[] | null | undefined;
  const hasNulls = nulls != null && nulls.length > 0;
  const doc: Doc = row[EXTRA_COLUMN] ? (fromJsonb(row[EXTRA_COLUMN]) as Doc) : {};
  const columns = spec.columns;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i] as ColumnSpec;
    const value = row[col.column];
    if (value === null || value === undefined) {
      if (hasNulls && nulls.includes(col.field)) doc[col.field] = null;
      continue;
    }
    doc[col.field] = fromColumn(col.type, value);
  }
  return doc;
}

/** A document → column values in `columnList` order. */
export function docToParams(spec: TableSpec, input: Doc): unknown[] {
  const doc = plain(input) as Doc;
  const nulls: string[] = [];
  const values = spec.columns.map((col: ColumnSpec) => {
    const value = doc[col.field];
    if (value === null) {
      // pg reads jsonb 'null' back as SQL NULL, so every type records explicit nulls in _nulls.
      nulls.push(col.field);
      return null;
    }
    return toParam(col.type, value);
  });
  const extra: Doc = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!spec.byField.has(k) && v !== undefined) extra[k] = v;
  }
  values.push(Object.keys(extra).length ? toJsonb(extra) : null);
  values.push(nulls);
  return values;
}
