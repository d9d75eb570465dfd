/**
 * The lookups every permission check makes are index scans on PostgreSQL, on a table with enough
 * rows (20,000 grants over 500 users) and statistics for the planner to choose as it would in a
 * deployment.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { Params } from '../../packages/dal/src/filters/params.js';
import { principalsCondition } from '../../packages/dal/src/postgres/aclEntries/principals.js';
import { fileDal } from '../harness/index.js';

const userId = (n: number) => `${'a'.repeat(21)}${n.toString(16).padStart(3, '0')}`;

async function plan(sql: string, values: unknown[]): Promise<string> {
  const dal = await fileDal('postgresql');
  const { rows } = await dal.engine.pool!.query(`EXPLAIN ${sql}`, values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('[postgresql] aclEntries › permission lookups are index scans', () => {
  beforeAll(async () => {
    const dal = await fileDal('postgresql');
    const pool = dal.engine.pool!;
    await pool.query('TRUNCATE aclentries, groups');
    await pool.query(`
      INSERT INTO aclentries (_id, principal_type, principal_id, principal_model, resource_type, resource_id, perm_bits)
      SELECT lpad(to_hex(i), 24, '0'), 'user', jsonb_build_object('$oid', repeat('a', 21) || lpad(to_hex(i % 500), 3, '0')),
             'User', CASE WHEN i % 4 = 0 THEN 'promptGroup' ELSE 'agent' END, lpad(to_hex(i), 24, 'b'), 15
      FROM generate_series(1, 20000) AS i`);
    await pool.query(`
      INSERT INTO groups (_id, name, member_ids, source)
      SELECT lpad(to_hex(i), 24, '0'), 'g' || i, ARRAY[repeat('c', 21) || lpad(to_hex(i), 3, '0'), 'x' || i], 'local'
      FROM generate_series(1, 5000) AS i`);
    // VACUUM also flushes the GIN pending list, as autovacuum does in a deployment.
    await pool.query('VACUUM ANALYZE aclentries');
    await pool.query('VACUUM ANALYZE groups');
  });

  test('group membership (getUserPrincipals) uses the memberIds GIN index', async () => {
    const dal = await fileDal('postgresql');
    const params = new Params();
    const where = dal.engine.collections!.groups.where({ memberIds: 'x42' }, params);
    const p = await plan(`SELECT _id FROM groups WHERE ${where}`, params.values);
    expect(p.toLowerCase()).toContain('groups_memberids_1_tenantid_1');
    expect(p).not.toMatch(/Seq Scan/);
  });

  test('findAccessibleResources: the principals are looked up through a principalId index', async () => {
    const dal = await fileDal('postgresql');
    const params = new Params();
    const where = dal.engine.collections!.aclentries.where(
      { resourceType: 'agent', permBits: { $in: [1, 3, 5, 7, 9, 11, 13, 15] } },
      params,
    );
    const principals = principalsCondition(
      [
        { principalType: 'user', principalId: new (await import('mongoose')).Types.ObjectId(userId(7)) },
        { principalType: 'role', principalId: 'USER' },
        { principalType: 'public' },
      ],
      params,
    );
    const p = await plan(
      `SELECT DISTINCT resource_id FROM aclentries WHERE ${where} AND ${principals}`,
      params.values,
    );
    expect(p.toLowerCase()).toMatch(/aclentries_principalid_1/);
    expect(p).not.toMatch(/Seq Scan/);
  });

  test('hasPermission / getEffectivePermissions on one resource use a resourceId index', async () => {
    const dal = await fileDal('postgresql');
    const params = new Params();
    const where = dal.engine.collections!.aclentries.where(
      { resourceType: 'agent', resourceId: 'bbbbbbbbbbbbbbbbbbbbb123' },
      params,
    );
    const principals = principalsCondition(
      [{ principalType: 'role', principalId: 'USER' }, { principalType: 'public' }],
      params,
    );
    const p = await plan(
      `SELECT bit_or(perm_bits::bigint) FROM aclentries WHERE ${where} AND ${principals}`,
      params.values,
    );
    expect(p.toLowerCase()).toMatch(/aclentries_resourceid_1/);
    expect(p).not.toMatch(/Seq Scan/);
  });
});
