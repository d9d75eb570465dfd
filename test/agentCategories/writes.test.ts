import { describe, expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { inTenant, tick } from '../support/tenants.js';
import { summary } from './support.js';

differential(
  'agentCategories › createCategory applies setters and defaults and returns a plain object',
  async ({ methods, dal }) => {
    const created = await methods.createCategory({ value: '  Marketing ', label: '  Marketing  ' });
    return {
      created,
      isPlain: Object.getPrototypeOf(created) === Object.prototype,
      stored: await stored(dal, 'AgentCategory'),
    };
  },
);

differential('agentCategories › createCategory keeps every given field', async ({ methods }) => {
  return methods.createCategory({
    value: 'legal',
    label: 'Legal',
    description: ' Contracts ',
    order: 12,
    isActive: false,
    custom: true,
  });
});

differential(
  'agentCategories › createCategory validation: value and label are required',
  async ({ methods, dal }) => {
    return {
      noLabel: await methods.createCategory({ value: 'x' }).catch((e: unknown) => e),
      noValue: await methods.createCategory({ label: 'X' }).catch((e: unknown) => e),
      badOrder: await methods
        .createCategory({ value: 'y', label: 'Y', order: 'first' as never })
        .catch((e: unknown) => e),
      stored: await stored(dal, 'AgentCategory'),
    };
  },
);

// In a tenant: FerretDB indexes a missing tenantId as SQL NULL (distinct), so the tenant-less
// case of this unique index is proven on PostgreSQL below.
differential(
  'agentCategories › createCategory of a taken value is a duplicate key error (value lowercased first)',
  async ({ methods, dal }) => {
    await inTenant('t1', () => methods.createCategory({ value: 'hr', label: 'HR' }));
    const dup = await inTenant('t1', () =>
      methods.createCategory({ value: 'HR', label: 'Human resources' }),
    ).catch((e: { code?: number; name?: string }) => ({ name: e.name, code: e.code }));
    const otherTenant = await inTenant('t2', () => methods.createCategory({ value: 'hr', label: 'HR' }));
    return { dup, otherTenant: otherTenant.tenantId, count: (await stored(dal, 'AgentCategory')).length };
  },
);

differential(
  'agentCategories › updateCategory sets fields, runs validators and setters, returns the new document',
  async ({ methods }) => {
    await methods.createCategory({ value: 'hr', label: 'HR', order: 1 });
    const updated = await methods.updateCategory('hr', { label: '  People  ', order: 4, isActive: false });
    const renamed = await methods.updateCategory('hr', { value: '  PEOPLE ' });
    const missing = await methods.updateCategory('hr', { label: 'gone' });
    return { updated, renamed, missing, all: await methods.getAllCategories() };
  },
);

differential(
  'agentCategories › updateCategory validation errors and unknown categories',
  async ({ methods }) => {
    await methods.createCategory({ value: 'hr', label: 'HR' });
    return {
      emptyLabel: await methods.updateCategory('hr', { label: '' }).catch((e: unknown) => e),
      badOrder: await methods.updateCategory('hr', { order: 'x' as never }).catch((e: unknown) => e),
      unknown: await methods.updateCategory('nope', { label: 'X' }),
      unchanged: await methods.findCategoryByValue('hr'),
    };
  },
);

differential(
  'agentCategories › updateCategory cannot move a category to another tenant',
  async ({ methods }) => {
    await inTenant('t1', () => methods.createCategory({ value: 'hr', label: 'HR' }));
    return {
      crossTenant: await inTenant('t1', () =>
        methods.updateCategory('hr', { tenantId: 't2' } as never),
      ).catch((e: unknown) => e),
      sameTenant: await inTenant('t1', () =>
        methods.updateCategory('hr', { tenantId: 't1', label: 'People' } as never),
      ),
      fromOtherTenant: await inTenant('t2', () => methods.updateCategory('hr', { label: 'Hijack' })),
    };
  },
);

differential(
  'agentCategories › updateCategory into a taken value is a duplicate key error',
  async ({ methods }) => {
    return inTenant('t1', async () => {
      await methods.createCategory({ value: 'hr', label: 'HR' });
      await methods.createCategory({ value: 'it', label: 'IT' });
      const dup = await methods.updateCategory('it', { value: 'hr' }).catch((e: unknown) => e);
      return { dup, all: await summary(methods) };
    });
  },
  {
    // Callers test `code === 11000`. MongoDB's findAndModify wraps the E11000 text
    // ("Plan executor error during findAndModify :: caused by :: E11000 …"), PgCollection gives the
    // plain E11000 text.
    allow: 'duplicate-key message wording of findAndModify',
  },
);

differential(
  'agentCategories › deleteCategory reports whether a category was deleted',
  async ({ methods }) => {
    await methods.createCategory({ value: 'hr', label: 'HR' });
    await methods.createCategory({ value: 'it', label: 'IT' });
    const deleted = await methods.deleteCategory('hr');
    const again = await methods.deleteCategory('hr');
    const otherTenant = await inTenant('t1', () => methods.deleteCategory('it'));
    return { deleted, again, otherTenant, left: await summary(methods) };
  },
);

const SEED = [
  { value: 'hr', label: 'HR', order: 1 },
  { value: 'it' },
  { value: 'sales', label: 'Sales', description: 'Sell', order: 0, custom: true },
  { value: 'Legal ', label: 'Legal', order: 5 },
];

/** Stored documents by value: upserted `_id`s are made by the MongoDB server, so `_id` order differs. */
async function storedByValue(dal: Parameters<typeof stored>[0]) {
  return ((await stored(dal, 'AgentCategory')) as { value: string }[]).sort((a, b) =>
    a.value.localeCompare(b.value),
  );
}

differential(
  'agentCategories › seedCategories upserts with $setOnInsert defaults and reports the bulk result',
  async ({ methods, dal }) => {
    await methods.createCategory({ value: 'hr', label: 'Existing HR', order: 7, custom: true });
    await tick(); // the batch's updatedAt differs from hr's, so the matched hr counts as modified
    const result = await methods.seedCategories(SEED);
    return {
      result,
      upserted: Object.keys(result.upsertedIds).length,
      all: await summary(methods),
      stored: await storedByValue(dal),
    };
  },
  // FerretDB numbers `upserted[].index` among the upserts instead of by operation (MongoDB: the
  // operation's index); checked on PostgreSQL below.
  { ignore: ['result.upsertedIds'] },
);

differential(
  'agentCategories › seedCategories with a value twice in one batch: the second op matches the first op’s insert',
  async ({ methods, dal }) => {
    const result = await methods.seedCategories([
      { value: 'it', label: 'IT' },
      { value: 'IT', label: 'IT again', order: 3 },
    ]);
    return {
      counts: {
        matched: result.matchedCount,
        upserted: result.upsertedCount,
        ops: Object.keys(result.upsertedIds),
      },
      stored: await storedByValue(dal),
    };
  },
);

differential('agentCategories › seedCategories with nothing to seed', async ({ methods }) => {
  return methods.seedCategories([]);
});

differential('agentCategories › seedCategories in a tenant scopes the upserts to it', async ({ methods }) => {
  await methods.createCategory({ value: 'hr', label: 'Global HR' });
  const result = await inTenant('t1', () =>
    methods.seedCategories([{ value: 'hr', label: 'HR' }, { value: 'it' }]),
  );
  return { result, t1: await inTenant('t1', () => summary(methods)), all: await summary(methods) };
});

differential(
  'agentCategories › seedCategories rejects an invalid order before writing',
  async ({ methods, dal }) => {
    const error = await methods
      .seedCategories([
        { value: 'ok', label: 'OK' },
        { value: 'bad', order: 'x' as never },
      ])
      .catch((e: unknown) => e);
    return { error, stored: await stored(dal, 'AgentCategory') };
  },
);

describe('[postgresql] agentCategories › behaviour FerretDB cannot show', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('without tenants a value is unique (a missing tenantId is one key, as MongoDB indexes it as null)', async () => {
    await resetDal(dal);
    await methods.createCategory({ value: 'hr', label: 'HR' });
    const dup = await methods
      .createCategory({ value: 'HR', label: 'Human resources' })
      .catch((e: unknown) => e);
    expect(dup).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { value: 1, tenantId: 1 },
    });
    await methods.createCategory({ value: 'it', label: 'IT' });
    const moved = await methods.updateCategory('it', { value: 'hr' }).catch((e: unknown) => e);
    expect(moved).toMatchObject({ name: 'MongoServerError', code: 11000 });
    expect((await methods.getAllCategories()).map((c) => c.value)).toEqual(['hr', 'it']);
  });

  test('seedCategories reports upsertedIds by operation index, as the MongoDB driver does', async () => {
    await resetDal(dal);
    await methods.createCategory({ value: 'hr', label: 'Existing HR', order: 7, custom: true });
    const result = await methods.seedCategories(SEED);
    const byValue = new Map((await methods.getAllCategories()).map((c) => [c.value, String(c._id)]));
    expect(
      Object.fromEntries(Object.entries(result.upsertedIds).map(([index, id]) => [index, String(id)])),
    ).toEqual({ 1: byValue.get('it'), 2: byValue.get('sales'), 3: byValue.get('legal') });
  });
});
