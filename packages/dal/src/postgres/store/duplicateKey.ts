/**
 * PostgreSQL unique violations (23505) → the error shape LibreChat sees from MongoDB:
 * a `MongoServerError` with `code: 11000`, `keyPattern`, `keyValue` and an E11000 message.
 */

import lodash from 'lodash';
import type { Doc } from './rows.js';
import type { TableSpec } from './tableSpec.js';

export interface UniqueIndex {
  /** PostgreSQL index name (from our migrations). */
  pgName: string;
  /** MongoDB's index name and key pattern for the same constraint. */
  mongoName: string;
  keys: string[];
}

export class DuplicateKeyError extends Error {
  override readonly name = 'MongoServerError';
  readonly code = 11000;
  readonly codeName = 'DuplicateKey';
  constructor(
    message: string,
    readonly keyPattern: Record<string, 1>,
    readonly keyValue: Record<string, unknown>,
  ) {
    super(message);
  }
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (typeof (value as { toHexString?: () => string }).toHexString === 'function') {
    return `ObjectId('${(value as { toHexString: () => string }).toHexString()}')`;
  }
  return String(value);
}

export function toDuplicateKeyError(
  error: unknown,
  spec: TableSpec,
  indexes: readonly UniqueIndex[],
  doc: Doc,
  database: string,
): unknown {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError?.code !== '23505') return error;
  // PostgreSQL folds unquoted index names to lower case.
  const constraint = pgError.constraint?.toLowerCase();
  const index = indexes.find((i) => i.pgName.toLowerCase() === constraint) ?? {
    pgName: pgError.constraint ?? 'unknown',
    mongoName: '_id_',
    keys: ['_id'],
  };
  const keyPattern = Object.fromEntries(index.keys.map((k) => [k, 1 as const]));
  // Keys may be dotted paths into sub-documents (File's run_artifact_identity).
  const keyValue = Object.fromEntries(index.keys.map((k) => [k, lodash.get(doc, k) ?? null]));
  const shown = index.keys.map((k) => `${k}: ${literal(keyValue[k])}`).join(', ');
  return new DuplicateKeyError(
    `E11000 duplicate key error collection: ${database}.${spec.collection} index: ${index.mongoName} dup key: { ${shown} }`,
    keyPattern,
    keyValue,
  );
}
