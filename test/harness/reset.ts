/**
 * Empties a dal's database without changing its schema: PostgreSQL TRUNCATEs every table but
 * the migrations table; MongoDB deletes every document but keeps collections and indexes.
 */
import { type Dal, MIGRATIONS_TABLE } from '@librechat/dal';

async function resetPostgres(dal: Dal): Promise<void> {
  const pool = dal.engine.pool;
  if (!pool) throw new Error('reset: this dal has no PostgreSQL pool');
  const { rows } = await pool.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> $1`,
    [MIGRATIONS_TABLE],
  );
  if (rows.length === 0) return;
  await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}

async function resetMongo(dal: Dal): Promise<void> {
  const db = dal.engine.mongoose?.connection.db;
  if (!db) throw new Error('reset: this dal has no open MongoDB connection');
  const collections = await db.collections();
  await Promise.all(
    collections.filter((c) => !c.collectionName.startsWith('system.')).map((c) => c.deleteMany({})),
  );
}

export function resetDal(dal: Dal): Promise<void> {
  return dal.type === 'postgresql' ? resetPostgres(dal) : resetMongo(dal);
}
