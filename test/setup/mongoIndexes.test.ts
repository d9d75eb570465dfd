/**
 * buildMongoIndexes / missingMongoIndexes (used by `librechat-db init` and `doctor` on MongoDB):
 * every index the upstream models declare is built one by one, failures are named by model and
 * index, and what is missing afterwards is exactly what failed.
 */
import { buildMongoIndexes, createDal, type Dal, missingMongoIndexes } from '@librechat/dal';
import { Mongoose } from 'mongoose';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { getEngines } from '../harness/index.js';

let dal: Dal;
let mongoose: Mongoose;

beforeAll(async () => {
  mongoose = new Mongoose();
  const { mongo } = getEngines();
  dal = await createDal({ config: { type: 'mongodb', uri: `${mongo.url}`, options: {} }, mongoose });
});
afterAll(() => dal?.close());

test('[mongodb] setup › buildMongoIndexes builds every declared index; what is missing is what failed', async () => {
  const report = await buildMongoIndexes(mongoose);
  expect(report.models).toBe(Object.keys(mongoose.models).length);
  expect(report.declared).toBeGreaterThan(50);
  const missing = await missingMongoIndexes(mongoose);
  const failed = report.failed.map(({ model, index }) => ({ model, index }));
  expect(missing.map(({ model, index }) => ({ model, index }))).toEqual(failed);
  if (inject('mongoKind') === 'mongodb') expect(report.failed).toEqual([]);
  for (const f of report.failed) {
    expect(f.message.length).toBeGreaterThan(0);
    expect(mongoose.models[f.model]).toBeDefined();
  }
  console.log(
    `indexes: ${report.declared} declared, ${report.failed.length} failed: ${report.failed.map((f) => `${f.model}.${f.index}`).join(', ')}`,
  );
});

test('[mongodb] setup › a dropped index is reported missing, and buildMongoIndexes recreates it', async () => {
  const User = mongoose.models.User;
  if (!User) throw new Error('no User model');
  await buildMongoIndexes(mongoose);
  const before = await missingMongoIndexes(mongoose);
  await User.collection.dropIndex('email_1');
  const missing = await missingMongoIndexes(mongoose);
  expect([...missing].sort(byName)).toEqual(
    [...before, { model: 'User', collection: 'users', index: 'email_1' }].sort(byName),
  );
  const report = await buildMongoIndexes(mongoose);
  expect(report.created).toContainEqual({ model: 'User', collection: 'users', index: 'email_1' });
  expect(await missingMongoIndexes(mongoose)).toEqual(before);
});

function byName(a: { model: string; index: string }, b: { model: string; index: string }): number {
  return `${a.model}.${a.index}`.localeCompare(`${b.model}.${b.index}`);
}
