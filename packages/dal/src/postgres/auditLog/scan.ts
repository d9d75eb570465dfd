/**
 * Reading a chain in `seq` order, batch by batch — what upstream's mongoose cursor
 * (`find(q).sort({ seq }).cursor({ batchSize: 500 })`) does. Keyset pagination on the unique
 * `(chainKey, seq)` index: every filter here is scoped to one chain, where `seq` is unique.
 */
import type { IAuditLog } from '@librechat/data-schemas';
import type { PgCollection } from '../store/collection.js';

const BATCH_SIZE = 500;

export async function* scanBySeq(
  auditlogs: PgCollection,
  filter: Record<string, unknown>,
  direction: 1 | -1,
): AsyncGenerator<IAuditLog> {
  let after: number | undefined;
  for (;;) {
    const page =
      after === undefined
        ? filter
        : { $and: [filter, { seq: direction === 1 ? { $gt: after } : { $lt: after } }] };
    const rows = (await auditlogs.find(page, {
      sort: { seq: direction },
      limit: BATCH_SIZE,
    })) as unknown as IAuditLog[];
    for (const row of rows) yield row;
    if (rows.length < BATCH_SIZE) return;
    after = (rows[rows.length - 1] as IAuditLog).seq;
  }
}
