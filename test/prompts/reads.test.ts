import { Types } from 'mongoose';
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { MISSING, SEED_DATES, seedGroup, U1, U2, withLoggedErrors } from './support.js';

const options = { exactDates: SEED_DATES };

differential(
  'prompts › getPrompts newest first; getPrompt by id or groupId string; errors',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'g', prompts: ['one', 'two', 'three'] });
    await seedGroup(dal, { name: 'other', minute: 10, author: U2 });
    return {
      ofGroup: await methods.getPrompts({ groupId: g._id }),
      byAuthor: await methods.getPrompts({ author: U2 }),
      none: await methods.getPrompts({ groupId: MISSING }),
      badId: await methods.getPrompts({ _id: 'nope' }),
      byId: await methods.getPrompt({ _id: g.prompts[1] }),
      byGroupString: await methods.getPrompt({ groupId: g._id, prompt: 'three' }),
      notFound: await methods.getPrompt({ _id: MISSING }),
      badGroupId: await methods.getPrompt({ groupId: 'zz' }),
    };
  },
  options,
);

differential(
  'prompts › getPromptGroup joins the production prompt; aggregate matching is uncast',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, {
      name: 'joined',
      category: 'c',
      prompts: ['a', 'b'],
      productionIndex: 0,
    });
    const dangling = await seedGroup(dal, { name: 'dangling', minute: 5, prompts: [], author: U2 });
    return {
      byStringId: await withLoggedErrors(() => methods.getPromptGroup({ _id: g._id })),
      byObjectId: await withLoggedErrors(() => methods.getPromptGroup({ _id: new Types.ObjectId(g._id) })),
      byName: await withLoggedErrors(() => methods.getPromptGroup({ name: 'joined' })),
      // aggregate does not cast: a string never matches the stored ObjectId
      byAuthorString: await withLoggedErrors(() => methods.getPromptGroup({ author: U1 })),
      byAuthorObjectId: await withLoggedErrors(() =>
        methods.getPromptGroup({ author: new Types.ObjectId(U2) }),
      ),
      missingProduction: await withLoggedErrors(() => methods.getPromptGroup({ _id: dangling._id })),
      notFound: await withLoggedErrors(() => methods.getPromptGroup({ _id: MISSING })),
      badId: await withLoggedErrors(() => methods.getPromptGroup({ _id: 'not-hex' })),
    };
  },
  options,
);

differential(
  'prompts › getPromptGroup in a tenant: other tenants unseen, a foreign production prompt hidden',
  async ({ methods, dal }) => {
    const own = await inTenant('t1', () => seedGroup(dal, { name: 'own' }));
    const foreign = await inTenant('t2', () => seedGroup(dal, { name: 'foreign', minute: 3 }));
    // A t1 group whose production prompt lives in t2.
    const mixed = await inTenant('t1', () =>
      seedGroup(dal, {
        name: 'mixed',
        minute: 6,
        prompts: [],
        extra: { productionId: new Types.ObjectId(foreign.prompts[0]) },
      }),
    );
    return {
      own: await withLoggedErrors(() => inTenant('t1', () => methods.getPromptGroup({ _id: own._id }))),
      otherTenant: await withLoggedErrors(() =>
        inTenant('t1', () => methods.getPromptGroup({ _id: foreign._id })),
      ),
      mixed: await withLoggedErrors(() => inTenant('t1', () => methods.getPromptGroup({ _id: mixed._id }))),
      untenanted: await withLoggedErrors(() => methods.getPromptGroup({ _id: mixed._id })),
    };
  },
  options,
);

differential(
  'prompts › getPromptGroupsWithPrompts: strictPopulate refuses the undeclared prompts path',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, { name: 'with prompts' });
    return {
      found: await methods.getPromptGroupsWithPrompts({ _id: g._id }),
      notFound: await methods.getPromptGroupsWithPrompts({ _id: MISSING }),
      badId: await methods.getPromptGroupsWithPrompts({ _id: 'x' }),
    };
  },
  options,
);

differential(
  'prompts › getOwnedPromptGroupIds: the author’s groups; invalid authors give none',
  async ({ methods, dal }) => {
    await seedGroup(dal, { name: 'a', author: U1 });
    await seedGroup(dal, { name: 'b', author: U1, minute: 2 });
    await seedGroup(dal, { name: 'c', author: U2, minute: 4 });
    return {
      u1: await methods.getOwnedPromptGroupIds(U1),
      u2Primary: await methods.getOwnedPromptGroupIds(U2, true),
      nobody: await methods.getOwnedPromptGroupIds(MISSING),
      empty: await methods.getOwnedPromptGroupIds(''),
      invalid: await methods.getOwnedPromptGroupIds('not-an-id'),
    };
  },
  { ...options, unordered: true },
);
