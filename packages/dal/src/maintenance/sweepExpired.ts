/**
 * `dal.maintenance.sweepExpired()` on PostgreSQL: deletes what MongoDB's TTL monitor would
 * (see ttlRules.ts) — rows whose TTL field plus the index's expireAfterSeconds is at or before
 * `now`. Each statement deletes at most `batchSize` rows and locks only those (`FOR UPDATE SKIP
 * LOCKED`: a row a request is updating right now — say updateUser clearing expiresAt — is left
 * for the next sweep), looping until a table has nothing left to delete. Tenant context does not
 * apply: like the TTL monitor, the sweep covers every tenant. Readers never depend on it having
 * run: upstream's queries filter expired rows themselves where they care.
 */
import type pg from 'pg';
import { Params } from '../filters/params.js';
import { translateFilter } from '../filters/translate.js';
import type { Collections } from '../postgres/store/collections.js';
import { deriveTtlRules, type TtlRule } from './ttlRules.js';

export interface SweepOptions {
  /** The clock to expire against (default: now). Tests move it instead of sleeping. */
  now?: Date;
  /** Rows per DELETE statement (default 1,000). */
  batchSize?: number;
}

/** Deleted rows per table key, for every table that has a TTL rule (0 when nothing expired). */
export type SweepResult = Record<string, number>;

export class SweepError extends Error {
  override name = 'SweepError';
  constructor(
    message: string,
    /** What was deleted before and after the failures. */
    readonly deleted: SweepResult,
    readonly failures: { table: string; error: unknown }[],
  ) {
    super(message);
  }
}

const DEFAULT_BATCH = 1_000;

function deleteStatement(rule: TtlRule, cutoff: Date, batchSize: number): { sql: string; values: unknown[] } {
  const { spec, model } = rule.collection;
  const params = new Params();
  const conditions = [`"${rule.column}" <= ${params.add(cutoff, 'timestamptz')}`];
  if (rule.partialFilter) {
    const cast = model.find().cast(model, structuredClone(rule.partialFilter)) as Record<string, unknown>;
    conditions.push(`(${translateFilter(spec, cast, params)})`);
  }
  const limit = params.add(batchSize, 'integer');
  const sql = `DELETE FROM "${spec.table}" WHERE "_id" IN (SELECT "_id" FROM "${spec.table}" WHERE ${conditions.join(' AND ')} LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
  return { sql, values: params.values };
}

export async function sweepExpired(
  pool: pg.Pool,
  collections: Collections,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const deleted: SweepResult = {};
  const failures: { table: string; error: unknown }[] = [];
  for (const rule of deriveTtlRules(collections)) {
    deleted[rule.table] ??= 0;
    const cutoff = new Date(now.getTime() - rule.expireAfterSeconds * 1000);
    const { sql, values } = deleteStatement(rule, cutoff, batchSize);
    try {
      for (;;) {
        const { rowCount } = await pool.query(sql, values);
        deleted[rule.table] = (deleted[rule.table] ?? 0) + (rowCount ?? 0);
        if ((rowCount ?? 0) < batchSize) break;
      }
    } catch (error) {
      failures.push({ table: rule.table, error });
    }
  }
  if (failures.length > 0) {
    const detail = failures
      .map((f) => `${f.table}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
      .join('; ');
    throw new SweepError(`sweepExpired failed for ${failures.length} table(s): ${detail}`, deleted, failures);
  }
  return deleted;
}
