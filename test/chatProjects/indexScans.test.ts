/** The project list of the sidebar is an index scan in every sort. */
import { describe, expect, test } from 'vitest';
import { fileDal } from '../harness/index.js';
import { explainFind } from '../support/explain.js';
import { U1 } from './support.js';

describe('[postgresql] chatProjects › hot paths are index scans', async () => {
  const dal = await fileDal('postgresql');
  const projects = dal.engine.collections!.chatprojects;

  test.each([
    [
      'by last activity',
      { lastConversationAt: -1, _id: -1 },
      'chatprojects_user_1_lastconversationat_desc__id_desc',
    ],
    [
      'by last activity, ascending',
      { lastConversationAt: 1, _id: 1 },
      'chatprojects_user_1_lastconversationat_desc__id_desc',
    ],
    ['newest first', { createdAt: -1, _id: -1 }, 'chatprojects_user_1_createdat_desc__id_desc'],
    ['by name', { name: 1, _id: 1 }, 'chatprojects_user_1_name_1__id_1'],
  ] as const)('%s', async (_name, sort, index) => {
    const plan = await explainFind(dal, projects, { user: U1 }, { sort: sort as never, limit: 26 });
    expect(plan.toLowerCase()).toContain(index);
    expect(plan).not.toMatch(/Seq Scan|Sort Key/);
  });

  test('getChatProject', async () => {
    const plan = await explainFind(dal, projects, { _id: '6b0000000000000000000001', user: U1 });
    expect(plan).toMatch(/Index (Only )?Scan using chatprojects_/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
