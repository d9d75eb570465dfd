/** differential() end to end on both engines. */
import { NotImplementedOnPostgresError } from '@librechat/dal';
import { expect, it } from 'vitest';
import { differential } from '../harness/index.js';

differential('health() has the same shape', async ({ dal }) => {
  const health = await dal.health();
  return { ok: health.ok, latencyIsNumber: typeof health.latencyMs === 'number' };
});

differential('health() with its volatile latency ignored', async ({ dal }) => dal.health(), {
  ignore: ['latencyMs'],
});

differential('a thrown error is the result on both engines', async ({ engine }) => {
  const error = Object.assign(new RangeError(`bad input on ${engine === 'mongodb' ? 'either' : 'either'}`), {
    code: 'E_BAD',
  });
  throw error;
});

differential('contract listing is identical', async ({ methods }) => Object.keys(methods).sort());

differential('generated ids and dates compare by structure', async ({ dal }) => {
  const { Types } = await import('mongoose');
  const a = new Types.ObjectId();
  const b = new Types.ObjectId();
  return {
    items: [
      { _id: a, at: new Date() },
      { _id: b, parent: a.toString() },
    ],
    health: (await dal.health()).ok,
  };
});

differential('unordered results', async ({ engine }) => (engine === 'mongodb' ? [3, 1, 2] : [2, 3, 1]), {
  unordered: true,
});

differential(
  'error messages may differ when allowed',
  async ({ engine }) => {
    throw Object.assign(new Error(`${engine} says no`), { code: 11000 });
  },
  { allow: 'the message names the engine' },
);

it('PostgreSQL reports a missing method with NotImplementedOnPostgresError', () => {
  const error = new NotImplementedOnPostgresError('someMethod', 'someGroup');
  expect(error.code).toBe('ERR_NOT_IMPLEMENTED_ON_POSTGRES');
});

/**
 * Exercises the FerretDB allow-list end to end: FerretDB rejects TTL indexes, which MongoDB
 * creates (PostgreSQL's side stands for "the feature works"). Listed in ferretdb-allowlist.json,
 * so under FerretDB this passes as an allowed gap; under a real MongoDB it is an ordinary
 * differential test and both sides agree.
 */
differential('harness: a TTL index can be created (allow-list demo)', async ({ engine, dal }) => {
  if (engine === 'postgresql') return { created: true };
  const db = dal.engine.mongoose?.connection.db;
  if (!db) throw new Error('no MongoDB connection');
  await db.collection('harness_ttl_probe').createIndex({ at: 1 }, { expireAfterSeconds: 60, name: 'at_ttl' });
  return { created: true };
});
