import { Types } from 'mongoose';
import { differential } from '../harness/index.js';
import {
  decodeCursor,
  encodeCursor,
  MISSING,
  SEED_DATES,
  SystemCategories,
  seedGroup,
  U1,
  U2,
} from './support.js';

const options = { exactDates: SEED_DATES };

differential(
  'prompts › getAllPromptGroups: name search, categories, order and production prompts',
  async ({ methods, dal }) => {
    await seedGroup(dal, { name: 'Alpha (draft)', category: 'code', numberOfGenerations: 3, minute: 1 });
    await seedGroup(dal, {
      name: 'beta',
      category: 'code',
      numberOfGenerations: 3,
      minute: 2,
      prompts: ['b1', 'b2'],
    });
    await seedGroup(dal, { name: 'Gamma', numberOfGenerations: 7, minute: 3, author: U2 });
    await seedGroup(dal, { name: 'delta', category: 'writing', minute: 4, productionIndex: 5 });
    return {
      all: await methods.getAllPromptGroups({}),
      byName: await methods.getAllPromptGroups({ name: 'ALPHA (' }),
      regexChars: await methods.getAllPromptGroups({ name: '.*' }),
      code: await methods.getAllPromptGroups({ category: 'code' }),
      none: await methods.getAllPromptGroups({ category: SystemCategories.NO_CATEGORY }),
      mine: await methods.getAllPromptGroups({ category: SystemCategories.MY_PROMPTS, author: U1 }),
      shared: await methods.getAllPromptGroups({ category: SystemCategories.SHARED_PROMPTS }),
      emptyCategory: await methods.getAllPromptGroups({ category: '' }),
      unknown: await methods.getAllPromptGroups({ category: 'nothing' }),
      badFilter: await methods.getAllPromptGroups({ _id: 'not-an-id' }),
    };
  },
  options,
);

differential(
  'prompts › getPromptGroups: pages, sizes as strings, clamping and a bad page size',
  async ({ methods, dal }) => {
    for (let i = 0; i < 5; i++) {
      await seedGroup(dal, {
        name: `g${i}`,
        numberOfGenerations: i % 2,
        minute: i,
        category: i < 3 ? 'c' : 'd',
      });
    }
    return {
      first: await methods.getPromptGroups({ pageNumber: 1, pageSize: 2 }),
      second: await methods.getPromptGroups({ pageNumber: '2', pageSize: '2' }),
      last: await methods.getPromptGroups({ pageNumber: 3, pageSize: 2 }),
      beyond: await methods.getPromptGroups({ pageNumber: 9, pageSize: 2 }),
      defaults: await methods.getPromptGroups({}),
      clamped: await methods.getPromptGroups({ pageNumber: -3, pageSize: 0 }),
      category: await methods.getPromptGroups({ category: 'd', pageSize: 1 }),
      noCategory: await methods.getPromptGroups({ category: SystemCategories.NO_CATEGORY }),
      named: await methods.getPromptGroups({ name: 'G3' }),
      badPageSize: await methods.getPromptGroups({ pageSize: 'many' }),
      badFilter: await methods.getPromptGroups({ author: 'nobody' }),
    };
  },
  options,
);

differential(
  'prompts › getListPromptGroupsByAccess: keyset pages through ties on generations and updatedAt',
  async ({ methods, dal }) => {
    const ids: string[] = [];
    // Ties: three groups share generations and updatedAt (minute 5), so _id breaks them.
    const specs = [
      { n: 2, m: 1 },
      { n: 5, m: 5 },
      { n: 5, m: 5 },
      { n: 5, m: 5 },
      { n: 5, m: 9 },
      { n: 0, m: 3 },
      { n: 2, m: 8 },
    ];
    for (const [i, s] of specs.entries()) {
      ids.push((await seedGroup(dal, { name: `p${i}`, numberOfGenerations: s.n, minute: s.m }))._id);
    }
    await seedGroup(dal, { name: 'not accessible', numberOfGenerations: 99 });
    const accessibleIds = ids.map((id) => new Types.ObjectId(id));
    const pages: unknown[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page = await methods.getListPromptGroupsByAccess({ accessibleIds, limit: 2, after });
      pages.push({ ...page, after: decodeCursor(page.after) });
      if (!page.has_more) break;
      after = page.after;
    }
    return {
      pages,
      unpaginated: await methods.getListPromptGroupsByAccess({ accessibleIds }),
      nothingAccessible: await methods.getListPromptGroupsByAccess({}),
      otherParams: await methods.getListPromptGroupsByAccess({
        accessibleIds,
        otherParams: { numberOfGenerations: 2 },
      }),
    };
  },
  options,
);

differential(
  'prompts › getListPromptGroupsByAccess: limits and invalid cursors',
  async ({ methods, dal }) => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await seedGroup(dal, { name: `q${i}`, minute: i }))._id);
    const accessibleIds = ids.map((id) => new Types.ObjectId(id));
    const list = (limit: unknown, after: unknown) =>
      methods.getListPromptGroupsByAccess({ accessibleIds, limit: limit as number, after: after as string });
    const page = (r: { data: Array<Record<string, unknown>>; has_more: boolean }) => ({
      names: r.data.map((g) => g.name),
      has_more: r.has_more,
    });
    return {
      zero: page(await list(0, null)),
      negative: page(await list(-5, null)),
      text: page(await list('3', null)),
      garbage: page(await list('abc', null)),
      notBase64Json: page(await list(2, 'not a cursor')),
      undefinedText: page(await list(2, 'undefined')),
      nullText: page(await list(2, 'null')),
      badFields: page(await list(2, encodeCursor({ numberOfGenerations: 'x', updatedAt: 'nope', _id: 'z' }))),
      badId: page(
        await list(2, encodeCursor({ numberOfGenerations: 0, updatedAt: SEED_DATES[1], _id: 'zz' })),
      ),
      defaultGenerations: page(await list(2, encodeCursor({ updatedAt: SEED_DATES[2], _id: MISSING }))),
    };
  },
  options,
);

differential(
  'prompts › getRandomPromptGroups: one group per non-empty category, skip and limit',
  async ({ methods, dal }) => {
    await seedGroup(dal, { name: 'a1', category: 'a', minute: 1 });
    await seedGroup(dal, { name: 'a2', category: 'a', minute: 2 });
    await seedGroup(dal, { name: 'b1', category: 'b', minute: 3 });
    await seedGroup(dal, { name: 'c1', category: 'c', minute: 4 });
    await seedGroup(dal, { name: 'none', minute: 5 });
    const all = await methods.getRandomPromptGroups({ skip: 0, limit: 10 });
    const two = (await methods.getRandomPromptGroups({ skip: '1', limit: '2' })) as { prompts: unknown[] };
    return {
      all,
      twoCount: two.prompts.length,
      beyond: await methods.getRandomPromptGroups({ skip: 5, limit: 10 }),
      nanLimit: await methods.getRandomPromptGroups({ skip: 0, limit: 'x' }),
    };
  },
  { ...options, unordered: true },
);
