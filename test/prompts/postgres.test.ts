/**
 * What FerretDB cannot compare (upstream's createPromptGroup and incrementPromptGroupUsage use
 * findAndModify with a projection, getPromptGroup a $lookup aggregate), proven on PostgreSQL.
 */
import { describe, expect, test } from 'vitest';
import { inTenant } from '../aclEntries/support.js';
import { fileDal, resetDal } from '../harness/index.js';
import { MISSING, seedGroup, U1 } from './support.js';

describe('[postgresql] prompts › methods FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('createPromptGroup stores the group, its prompt and links them; a repeat makes another pair', async () => {
    await resetDal(dal);
    const data = {
      prompt: { prompt: 'Summarize {{text}}', type: 'text' },
      group: { name: 'Summaries', category: 'writing', command: 'sum' },
      author: U1,
      authorName: 'Ann',
    };
    const { prompt, group } = await methods.createPromptGroup(data);
    expect(prompt).toMatchObject({ prompt: 'Summarize {{text}}', type: 'text', groupId: group._id });
    expect(String(prompt?.author)).toBe(U1);
    expect(prompt).not.toHaveProperty('__v');
    expect(group).toMatchObject({
      name: 'Summaries',
      category: 'writing',
      command: 'sum',
      authorName: 'Ann',
      numberOfGenerations: 0,
      oneliner: '',
      productionPrompt: { prompt: 'Summarize {{text}}' },
    });
    expect(String(group.productionId)).toBe(String(prompt?._id));
    expect(group).not.toHaveProperty('__v');
    const stored = await methods.getPromptGroup({ _id: String(group._id) });
    expect(stored?.productionPrompt).toMatchObject({ prompt: 'Summarize {{text}}' });

    const again = await methods.createPromptGroup(data);
    expect(String(again.group._id)).not.toBe(String(group._id));
    expect(await methods.getAllPromptGroups({})).toHaveLength(2);
    expect(await methods.getPrompts({})).toHaveLength(2);
  });

  test('createPromptGroup: a database error becomes "Error saving prompt group"', async () => {
    await resetDal(dal);
    await expect(
      methods.createPromptGroup({
        prompt: { prompt: 'x', type: 'text' },
        group: { name: 'g' },
        author: 'bad',
        authorName: 'A',
      }),
    ).rejects.toThrow('Error saving prompt group');
    expect(await methods.getAllPromptGroups({})).toEqual([]);
  });

  test('incrementPromptGroupUsage increments and returns the count; unknown groups throw', async () => {
    await resetDal(dal);
    const g = await seedGroup(dal, { name: 'used', numberOfGenerations: 4 });
    expect(await methods.incrementPromptGroupUsage(g._id)).toEqual({ numberOfGenerations: 5 });
    expect(await methods.incrementPromptGroupUsage(g._id)).toEqual({ numberOfGenerations: 6 });
    const [stored] = (await methods.getAllPromptGroups({})) as Array<{
      numberOfGenerations: number;
      updatedAt: Date;
    }>;
    expect(stored).toBeDefined();
    expect(stored!.numberOfGenerations).toBe(6);
    // findByIdAndUpdate stamps updatedAt (the seed's is in 2030).
    expect(Math.abs(Date.now() - stored!.updatedAt.getTime())).toBeLessThan(60_000);
    await expect(methods.incrementPromptGroupUsage(MISSING)).rejects.toThrow('Prompt group not found');
  });

  test('getPromptGroup joins the production prompt, matches uncast, hides a foreign tenant’s prompt', async () => {
    await resetDal(dal);
    const g = await seedGroup(dal, { name: 'joined', prompts: ['a', 'b'], productionIndex: 0 });
    const found = await methods.getPromptGroup({ _id: g._id });
    expect(found).toMatchObject({ name: 'joined', author: U1, productionPrompt: { prompt: 'a' } });
    expect(typeof found?.author).toBe('string');
    expect(await methods.getPromptGroup({ author: U1 })).toBeNull();
    expect(await methods.getPromptGroup({ _id: 'not-hex' })).toBeNull();
    const dangling = await seedGroup(dal, { name: 'dangling', prompts: [] });
    expect(await methods.getPromptGroup({ _id: dangling._id })).not.toHaveProperty('productionPrompt');

    const foreign = await inTenant('t2', () => seedGroup(dal, { name: 'foreign' }));
    const mixed = await inTenant('t1', () =>
      seedGroup(dal, { name: 'mixed', prompts: [], extra: { productionId: foreign.prompts[0] } }),
    );
    expect(await inTenant('t1', () => methods.getPromptGroup({ _id: foreign._id }))).toBeNull();
    expect(await inTenant('t1', () => methods.getPromptGroup({ _id: mixed._id }))).toMatchObject({
      name: 'mixed',
      productionPrompt: null,
    });
  });
});
