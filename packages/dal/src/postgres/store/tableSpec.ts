/**
 * How one upstream model is laid out in a PostgreSQL table, derived from its mongoose schema so
 * the mapping cannot drift from upstream: scalars get typed columns, arrays of strings `text[]`,
 * sub-documents, Mixed, Maps and other arrays `jsonb` (EJSON, so Dates and ObjectIds survive).
 * Fields a stored document has beyond the schema (legacy data) live in the `extra` jsonb column.
 * `_nulls` lists scalar fields that are explicitly null, because MongoDB tells null from missing.
 */
import type { Schema } from 'mongoose';
import type { DocumentShaper, ModelName } from '../../documents/shaper.js';

export type ColumnType = 'objectId' | 'text' | 'boolean' | 'date' | 'number' | 'jsonb' | 'textArray';

export interface ColumnSpec {
  /** Top-level document field (`emailVerified`). */
  field: string;
  /** SQL column name (`email_verified`); only ever from this module, never from input. */
  column: string;
  type: ColumnType;
  /** `select: false` in the schema: hidden unless a projection asks for it. */
  hidden: boolean;
}

export interface TableSpec {
  model: ModelName;
  table: string;
  /** Mongo collection name, used in duplicate-key messages. */
  collection: string;
  columns: readonly ColumnSpec[];
  byField: ReadonlyMap<string, ColumnSpec>;
  timestamps: boolean;
  versionKey: string | false;
  /**
   * Upstream applies its tenant-isolation plugin to the model: queries are scoped to the active
   * tenant. False for SystemGrant, AuditLog and the skill-sync models, which handle tenantId
   * explicitly.
   */
  tenantIsolation: boolean;
}

/** The marker upstream's applyTenantIsolation sets on a schema (models/plugins/tenantIsolation.ts). */
const TENANT_ISOLATION_APPLIED = Symbol.for('librechat:tenantIsolation');

export function columnName(field: string): string {
  if (field === '_id' || field === '__v') return field;
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function columnType(schema: Schema, path: string): ColumnType {
  const type = schema.path(path) as unknown as {
    instance: string;
    $isMongooseArray?: boolean;
    caster?: { instance?: string };
    embeddedSchemaType?: { instance?: string };
  };
  switch (type.instance) {
    case 'ObjectId':
      return 'objectId';
    case 'String':
      return 'text';
    case 'Boolean':
      return 'boolean';
    case 'Date':
      return 'date';
    case 'Number':
      return 'number';
    case 'Array': {
      const inner = type.embeddedSchemaType?.instance ?? type.caster?.instance;
      return inner === 'String' ? 'textArray' : 'jsonb';
    }
    default:
      return 'jsonb';
  }
}

/**
 * Two fields can snake-case to one column (`topP` and `top_p`, `maxTokens` and `max_tokens` in
 * upstream's conversationPreset). The field already spelt that way keeps the column; the
 * camelCase one is stored under its own name, verbatim (columns are always quoted).
 */
function disambiguateColumns(columns: ColumnSpec[]): void {
  const byColumn = new Map<string, ColumnSpec[]>();
  for (const col of columns) byColumn.set(col.column, [...(byColumn.get(col.column) ?? []), col]);
  for (const [column, sharing] of byColumn) {
    if (sharing.length < 2) continue;
    for (const col of sharing) if (col.field !== column) col.column = col.field;
  }
}

/**
 * The paths upstream's mongoMeili plugin adds to a schema (models/plugins/mongoMeili.ts), only
 * when MEILI_HOST and MEILI_MASTER_KEY are set: a table of a searchable model always has them as
 * hidden columns, so it fits the schema with or without search configured.
 */
const MEILI_PLUGIN_FIELDS: ReadonlyArray<Pick<ColumnSpec, 'field' | 'type'>> = [
  { field: '_meiliIndex', type: 'boolean' },
  { field: '_meiliIndexAttempted', type: 'boolean' },
  { field: '_meiliIndexVersion', type: 'text' },
  { field: '_meiliIndexSchemaVersion', type: 'number' },
  { field: '_meiliCleanupVersion', type: 'number' },
];

export interface TableSpecOptions {
  /** The model is searchable (upstream applies mongoMeili when search is configured). */
  meiliPlugin?: boolean;
}

export function deriveTableSpec(
  shaper: DocumentShaper,
  model: ModelName,
  table: string,
  options: TableSpecOptions = {},
): TableSpec {
  const m = shaper.model(model);
  const schema = m.schema;
  const columns: ColumnSpec[] = [];
  const seen = new Set<string>();
  schema.eachPath((path) => {
    const root = path.split('.')[0] as string;
    if (seen.has(root)) return;
    seen.add(root);
    const nested = path.includes('.');
    const pathType = schema.path(root) as unknown as { options?: { select?: boolean } } | undefined;
    columns.push({
      field: root,
      column: columnName(root),
      type: nested ? 'jsonb' : columnType(schema, root),
      hidden: pathType?.options?.select === false,
    });
  });
  if (options.meiliPlugin) {
    for (const { field, type } of MEILI_PLUGIN_FIELDS) {
      if (!seen.has(field)) columns.push({ field, column: columnName(field), type, hidden: true });
    }
  }
  disambiguateColumns(columns);
  const versionKey = schema.get('versionKey') as string | false;
  return {
    model,
    table,
    collection: m.collection.collectionName,
    columns,
    byField: new Map(columns.map((c) => [c.field, c])),
    timestamps: Boolean(schema.get('timestamps')),
    versionKey: versionKey ?? '__v',
    tenantIsolation: Boolean((schema as unknown as Record<symbol, unknown>)[TENANT_ISOLATION_APPLIED]),
  };
}
