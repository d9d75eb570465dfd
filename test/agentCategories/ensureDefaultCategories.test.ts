import { differential } from '../harness/index.js';
import { stored } from '../support/stored.js';
import { inTenant } from '../support/tenants.js';
import { summary } from './support.js';

differential(
  'agentCategories › ensureDefaultCategories creates the seven localised defaults in order, then is idempotent',
  async ({ methods, dal }) => {
    const first = await methods.ensureDefaultCategories();
    const afterFirst = await stored(dal, 'AgentCategory');
    const second = await methods.ensureDefaultCategories();
    const third = await methods.ensureDefaultCategories();
    return {
      first,
      second,
      third,
      all: await methods.getAllCategories(),
      unchanged: JSON.stringify(afterFirst) === JSON.stringify(await stored(dal, 'AgentCategory')),
    };
  },
);

differential(
  'agentCategories › ensureDefaultCategories localises non-custom defaults, keeps custom and already-localised ones',
  async ({ methods }) => {
    await methods.createCategory({ value: 'general', label: 'General', description: 'Old text', order: 9 });
    await methods.createCategory({ value: 'hr', label: 'HR', description: 'Ours', custom: true });
    await methods.createCategory({ value: 'rd', label: 'com_custom_rd', description: 'kept' });
    await methods.createCategory({ value: 'legal', label: 'Legal', order: 2 });
    const changed = await methods.ensureDefaultCategories();
    const after = await summary(methods);
    const again = await methods.ensureDefaultCategories();
    return { changed, after, again };
  },
);

differential(
  'agentCategories › ensureDefaultCategories only updates when all defaults exist but some lack com_ labels',
  async ({ methods }) => {
    await methods.ensureDefaultCategories();
    await methods.updateCategory('finance', { label: 'Finance' });
    const changed = await methods.ensureDefaultCategories();
    return { changed, finance: await methods.findCategoryByValue('finance') };
  },
);

differential(
  'agentCategories › ensureDefaultCategories per tenant: each tenant gets its own defaults',
  async ({ methods }) => {
    const t1 = await inTenant('t1', () => methods.ensureDefaultCategories());
    const t2 = await inTenant('t2', () => methods.ensureDefaultCategories());
    const t1Again = await inTenant('t1', () => methods.ensureDefaultCategories());
    return {
      t1,
      t2,
      t1Again,
      t1List: await inTenant('t1', () => summary(methods)),
      all: (await summary(methods)).length,
    };
  },
);
