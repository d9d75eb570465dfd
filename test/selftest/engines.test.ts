/** The harness on real servers: both engines reachable, per-file databases, reset, dals. */
import { Mongoose } from 'mongoose';
import { expect, inject, it } from 'vitest';
import { createEngineDal, describeEachEngine, getEngines, mongoIndexFailures } from '../harness/index.js';

describeEachEngine('harness', ({ engine, dal, methods, reset }) => {
  it('answers health()', async () => {
    const health = await dal().health();
    expect(health.ok).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports capabilities with its engine and version', async () => {
    const caps = await dal().capabilities();
    expect(caps.engine).toBe(engine);
    expect(caps.version).toMatch(/^\d+\.\d+/);
    if (caps.engine === 'postgresql') {
      expect(caps.transactions).toBe(true);
      if (!process.env.PG_URL) expect(caps.serverVersionNum).toBeGreaterThanOrEqual(170000);
    } else if (inject('mongoKind') === 'ferretdb') {
      // FerretDB is a standalone server: no multi-document transactions.
      expect(caps.topology).toBe('standalone');
      expect(caps.transactions).toBe(false);
    }
  });

  it("uses this file's own database", async () => {
    const { postgres, mongo } = getEngines();
    if (engine === 'postgresql') {
      const { rows } = await dal().engine.pool!.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0]?.db).toBe(postgres.database);
    } else {
      expect(dal().engine.mongoose!.connection.db!.databaseName).toBe(mongo.database);
    }
    expect(postgres.database).toBe(mongo.database);
    expect(postgres.database.startsWith(`lct_${inject('runId')}_`)).toBe(true);
  });

  it('lists every contract method', () => {
    expect(typeof methods().createUser).toBe('function');
    expect(typeof methods().findUser).toBe('function');
  });

  if (engine === 'postgresql') {
    it('reset() truncates tables but keeps the schema and the migrations table', async () => {
      const pool = dal().engine.pool!;
      await pool.query('CREATE TABLE IF NOT EXISTS harness_probe (x int PRIMARY KEY)');
      await pool.query('INSERT INTO harness_probe VALUES (1), (2)');
      const before = await pool.query('SELECT count(*)::int AS n FROM pgmigrations');
      await reset();
      expect((await pool.query('SELECT count(*)::int AS n FROM harness_probe')).rows[0].n).toBe(0);
      expect((await pool.query('SELECT count(*)::int AS n FROM pgmigrations')).rows[0].n).toBe(
        before.rows[0].n,
      );
      await pool.query('DROP TABLE harness_probe');
    });
  }

  if (engine === 'mongodb') {
    it('creates a user through the upstream methods', async () => {
      await reset();
      const user = await methods().createUser(
        { email: 'Ada@Example.com', name: 'Ada', provider: 'local' },
        undefined,
        true,
        true,
      );
      expect(String((user as { email?: string }).email)).toBe('ada@example.com');
      const found = await methods().findUser({ email: 'ada@example.com' });
      expect(found?.name).toBe('Ada');
    });

    it('reset() deletes documents but keeps collections and indexes', async () => {
      const users = dal().engine.mongoose!.connection.db!.collection('users');
      const indexesBefore = (await users.indexes()).map((i) => i.name).sort();
      expect(await users.countDocuments()).toBeGreaterThan(0);
      await reset();
      expect(await users.countDocuments()).toBe(0);
      expect((await users.indexes()).map((i) => i.name).sort()).toEqual(indexesBefore);
      expect(indexesBefore.length).toBeGreaterThan(1);
    });

    it('builds every index, except the ones FerretDB does not implement', () => {
      const failures = mongoIndexFailures();
      if (inject('mongoKind') === 'mongodb') {
        expect(failures).toEqual([]);
      } else {
        for (const f of failures) {
          expect(f.message).toMatch(
            /Index option "(expireAfterSeconds|partialFilterExpression)" is not implemented yet/,
          );
        }
      }
    });
  }
});

it('lets several MongoDB dals coexist and close independently', async () => {
  const a = await createEngineDal('mongodb');
  const b = await createEngineDal('mongodb');
  expect(a.engine.mongoose).toBeInstanceOf(Mongoose);
  expect(a.engine.mongoose).not.toBe(b.engine.mongoose);
  await a.close();
  await a.close(); // closing twice is harmless
  expect((await b.health()).ok).toBe(true);
  await b.close();
});

it('creates PostgreSQL dals on the migrated copy of the template', async () => {
  const dal = await createEngineDal('postgresql');
  const { rows } = await dal.engine.pool!.query<{ present: boolean }>(
    "SELECT to_regclass('public.pgmigrations') IS NOT NULL AS present",
  );
  expect(rows[0]?.present).toBe(true);
  await dal.close();
});
