import { differential } from '../harness/index.js';
import { inTenant } from '../support/tenants.js';
import { seedAgent } from './support.js';

async function seedMixed(methods: any) {
  await methods.createCategory({ value: 'sales', label: 'Sales', order: 2 });
  await methods.createCategory({ value: 'hr', label: 'HR', order: 1 });
  await methods.createCategory({ value: 'it', label: 'IT', order: 1 });
  await methods.createCategory({ value: 'archive', label: 'Archive', order: 0, isActive: false });
  await methods.createCategory({ value: 'general', label: 'General' });
}

differential(
  'agentCategories › getActiveCategories: active only, by order then label',
  async ({ methods }) => {
    await seedMixed(methods);
    return methods.getActiveCategories();
  },
);

differential(
  'agentCategories › getAllCategories: active and inactive, by order then label',
  async ({ methods }) => {
    await seedMixed(methods);
    return methods.getAllCategories();
  },
);

differential(
  'agentCategories › getActiveCategories and getAllCategories on an empty collection',
  async ({ methods }) => {
    return { active: await methods.getActiveCategories(), all: await methods.getAllCategories() };
  },
);

differential(
  'agentCategories › getValidCategoryValues: the distinct values of active categories',
  async ({ methods }) => {
    const empty = await methods.getValidCategoryValues();
    await seedMixed(methods);
    return { empty, values: await methods.getValidCategoryValues() };
  },
  // distinct() gives no order guarantee.
  { unordered: true },
);

differential(
  'agentCategories › getCategoriesWithCounts counts agents per active category (null, unknown and inactive categories)',
  async ({ methods, dal }) => {
    await seedMixed(methods);
    await seedAgent(dal, 'agent_1', 'hr');
    await seedAgent(dal, 'agent_2', 'hr');
    await seedAgent(dal, 'agent_3', 'sales');
    await seedAgent(dal, 'agent_4'); // schema default: general
    await seedAgent(dal, 'agent_5', null);
    await seedAgent(dal, 'agent_6', 'archive');
    await seedAgent(dal, 'agent_7', 'not-a-category');
    await seedAgent(dal, 'agent_8', '  Sales  '); // trimmed by the schema, case kept
    return methods.getCategoriesWithCounts();
  },
);

differential(
  'agentCategories › getCategoriesWithCounts without agents gives zero counts',
  async ({ methods }) => {
    await seedMixed(methods);
    return methods.getCategoriesWithCounts();
  },
);

differential(
  'agentCategories › getCategoriesWithCounts counts only the tenant’s agents',
  async ({ methods, dal }) => {
    await inTenant('t1', async () => {
      await methods.createCategory({ value: 'hr', label: 'HR' });
      await seedAgent(dal, 'agent_t1', 'hr');
    });
    await inTenant('t2', async () => {
      await methods.createCategory({ value: 'hr', label: 'HR' });
      await seedAgent(dal, 'agent_t2a', 'hr');
      await seedAgent(dal, 'agent_t2b', 'hr');
    });
    await seedAgent(dal, 'agent_none', 'hr');
    return {
      t1: await inTenant('t1', () => methods.getCategoriesWithCounts()),
      t2: await inTenant('t2', () => methods.getCategoriesWithCounts()),
      none: await methods.getCategoriesWithCounts(),
    };
  },
);

differential(
  'agentCategories › findCategoryByValue: found, missing, and how the value is matched',
  async ({ methods }) => {
    await seedMixed(methods);
    return {
      found: await methods.findCategoryByValue('hr'),
      missing: await methods.findCategoryByValue('nope'),
      upperCase: await methods.findCategoryByValue('HR'),
      padded: await methods.findCategoryByValue('  it '),
      empty: await methods.findCategoryByValue(''),
    };
  },
);

differential('agentCategories › findCategoryById: found, unknown id, malformed id', async ({ methods }) => {
  const created = await methods.createCategory({ value: 'hr', label: 'HR' });
  return {
    byString: await methods.findCategoryById(String(created._id)),
    byObjectId: await methods.findCategoryById(created._id as never),
    unknown: await methods.findCategoryById('65a1b2c3d4e5f60718293aff'),
    malformed: await methods.findCategoryById('nope').catch((e: unknown) => e),
  };
});
