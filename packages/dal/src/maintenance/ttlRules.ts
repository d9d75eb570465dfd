/**
 * What MongoDB's TTL monitor deletes, derived from the upstream schemas: every index with
 * `expireAfterSeconds` (mongoose's `expires` path option becomes one) on a model that has a
 * PostgreSQL table. A document expires when `<field> + expireAfterSeconds <= now`; a TTL index
 * with a `partialFilterExpression` only expires documents matching it. Nothing here is listed by
 * hand, so a data-schemas release that adds or changes a TTL index changes the sweeper with it.
 */
import type { PgCollection } from '../postgres/store/collection.js';
import type { Collections } from '../postgres/store/collections.js';
import type { TableKey } from '../postgres/store/tables.js';

export interface TtlRule {
  /** The table's key in TABLES. */
  table: TableKey;
  collection: PgCollection;
  /** The indexed date field (`expiresAt`) and its column (`expires_at`). */
  field: string;
  column: string;
  expireAfterSeconds: number;
  /** The TTL index's partialFilterExpression, when it has one. */
  partialFilter?: Record<string, unknown>;
}

export class TtlRuleError extends Error {
  override name = 'TtlRuleError';
}

export function deriveTtlRules(collections: Collections): TtlRule[] {
  const rules: TtlRule[] = [];
  for (const [table, collection] of Object.entries(collections) as [TableKey, PgCollection][]) {
    for (const [keys, options] of collection.model.schema.indexes()) {
      const seconds = (options as { expireAfterSeconds?: unknown } | undefined)?.expireAfterSeconds;
      if (seconds === undefined || seconds === null) continue;
      const fields = Object.keys(keys);
      const field = fields[0];
      const column = field === undefined ? undefined : collection.spec.byField.get(field);
      // MongoDB only honours single-field TTL indexes; ours must be a top-level date column.
      if (fields.length !== 1 || !column || column.type !== 'date') {
        throw new TtlRuleError(
          `TTL index ${JSON.stringify(keys)} on ${collection.spec.collection} is not a single top-level date field`,
        );
      }
      const expireAfterSeconds = Number(seconds);
      if (!Number.isFinite(expireAfterSeconds) || expireAfterSeconds < 0) {
        throw new TtlRuleError(
          `TTL index on ${collection.spec.collection}.${column.field}: bad expireAfterSeconds ${String(seconds)}`,
        );
      }
      const partialFilter = (options as { partialFilterExpression?: Record<string, unknown> })
        .partialFilterExpression;
      rules.push({
        table,
        collection,
        field: column.field,
        column: column.column,
        expireAfterSeconds,
        ...(partialFilter ? { partialFilter } : {}),
      });
    }
  }
  return rules;
}
