/**
 * EXPLAIN of the SELECT a PgCollection runs for a filter and sort (the same WHERE and ORDER BY),
 * with sequential scans disabled: tiny test tables would be seq-scanned anyway, what matters is
 * that an index can serve the query.
 */
import type { Dal } from '@librechat/dal';
import { Params } from '../../packages/dal/src/filters/params.js';

type Collection = NonNullable<Dal['engine']['collections']>[keyof NonNullable<Dal['engine']['collections']>];

export async function explainFind(
  dal: Dal,
  collection: Collection,
  filter: Record<string, unknown>,
  options: { sort?: Record<string, 1 | -1>; limit?: number } = {},
): Promise<string> {
  const client = await dal.engine.pool!.connect();
  try {
    await client.query('SET enable_seqscan = off');
    const params = new Params();
    const where = collection.where(filter, params);
    let sql = `EXPLAIN SELECT _id FROM "${collection.spec.table}" WHERE ${where} ORDER BY ${collection.orderBy(options.sort)}`;
    if (options.limit) sql += ` LIMIT ${options.limit}`;
    const { rows } = await client.query(sql, params.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('RESET enable_seqscan');
    client.release();
  }
}
