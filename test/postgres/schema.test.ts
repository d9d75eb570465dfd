/**
 * The migrations create exactly the columns the PostgreSQL backend maps from upstream's mongoose
 * schemas (so a data-schemas bump that adds a field fails here, not in production), and the
 * lookups LibreChat makes on every login use an index.
 */

import { describe, expect, test } from 'vitest';
import { Params } from '../../packages/dal/src/filters/params.js';
import { fileDal } from '../harness/index.js';

const SQL_TYPE: Record<string, string> = {
  objectId: 'text',
  text: 'text',
  boolean: 'boolean',
  date: 'timestamp with time zone',
  number: 'double precision',
  jsonb: 'jsonb',
  textArray: 'ARRAY',
};

describe('[postgresql] migrations › tables match the upstream schemas', async () => {
  const dal = await fileDal('postgresql');
  const collections = Object.entries(dal.engine.collections ?? {});

  test.each(collections.map(([key]) => key))(
    '%s: one column per schema field, plus extra and _nulls',
    async (key) => {
      const collection = dal.engine.collections?.[key as 'users'];
      if (!collection) throw new Error(`no collection ${key}`);
      const { rows } = await dal.engine.pool!.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [collection.spec.table],
      );
      const actual = Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
      const expected: Record<string, string> = { extra: 'jsonb', _nulls: 'ARRAY' };
      for (const col of collection.spec.columns) {
        expected[col.column] = col.field === '__v' ? 'integer' : (SQL_TYPE[col.type] as string);
      }
      expect(actual).toEqual(expected);
    },
  );
});

describe('[postgresql] users › login lookups are index scans', async () => {
  const dal = await fileDal('postgresql');
  const users = dal.engine.collections!.users;

  test.each([
    ['email', { email: 'a@example.com' }, 'users_email_1'],
    ['_id', { _id: '0123456789abcdef01234567' }, 'users_pkey'],
    ['googleId', { googleId: 'g-1' }, 'users_googleid_1_tenantid_1'],
    [
      'openidId + issuer',
      { openidId: 'o', openidIssuer: 'https://i' },
      'users_openidid_1_openidissuer_1_tenantid_1',
    ],
  ])('%s', async (_name, filter, index) => {
    const client = await dal.engine.pool!.connect();
    try {
      // Tiny test tables would be seq-scanned anyway; what matters is that an index serves the query.
      await client.query('SET enable_seqscan = off');
      const params = new Params();
      const where = users.where(filter, params);
      const { rows } = await client.query(`EXPLAIN SELECT _id FROM users WHERE ${where}`, params.values);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan.toLowerCase()).toContain(index);
      expect(plan).not.toMatch(/Seq Scan/);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
