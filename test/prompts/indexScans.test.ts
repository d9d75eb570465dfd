/** The prompt lists and lookups are index scans (the indexes upstream declares). */
import { describe, expect, test } from 'vitest';
import { fileDal } from '../harness/index.js';
import { explainFind } from '../support/explain.js';
import { U1 } from './support.js';

const LIST_SORT = { numberOfGenerations: -1, updatedAt: -1, _id: 1 } as const;

describe('[postgresql] prompts › lists and lookups are index scans', async () => {
  const dal = await fileDal('postgresql');
  const { promptgroups, prompts } = dal.engine.collections!;

  test('a page of the group list is read in index order', async () => {
    const plan = await explainFind(dal, promptgroups, {}, { sort: LIST_SORT, limit: 11 });
    expect(plan.toLowerCase()).toContain('promptgroups_numberofgenerations_desc_updatedat_desc__id_1');
    expect(plan).not.toMatch(/Seq Scan|Sort Key/);
  });

  test.each([
    ['owned groups', { author: U1 }, 'promptgroups_author_1'],
    ['a category', { category: 'code' }, 'promptgroups_category_1'],
  ] as const)('%s', async (_name, filter, index) => {
    const plan = await explainFind(dal, promptgroups, filter);
    expect(plan.toLowerCase()).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  test('the versions of a group', async () => {
    const plan = await explainFind(
      dal,
      prompts,
      { groupId: '6c0000000000000000000003' },
      { sort: { createdAt: -1 } },
    );
    expect(plan.toLowerCase()).toContain('prompts_groupid_1');
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
