/** The shared-link lookups (public view, share dialog, the user's list) are index scans. */

import { describe, expect, test } from 'vitest';
import { activeExpirationFilter } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';
import { fileDal } from '../harness/index.js';
import { explainFind } from '../support/explain.js';
import { CONVO, U1 } from './support.js';

describe('[postgresql] shares › hot paths are index scans', async () => {
  const dal = await fileDal('postgresql');
  const links = dal.engine.collections!.sharedlinks;
  const active = activeExpirationFilter() as Record<string, unknown>;

  test.each([
    ['getSharedMessages (public view)', { shareId: 'abc', ...active }, undefined, 'sharedlinks_shareid_1'],
    [
      'getSharedLink / createSharedLink check',
      { conversationId: CONVO, user: U1, ...active },
      { updatedAt: -1 },
      'sharedlinks_conversationid_user_targetmessageid_tenantid',
    ],
    ['getSharedLinks', { user: U1, ...active }, { createdAt: -1, _id: -1 }, 'sharedlinks_user_1'],
    ['updateSharedLink / deleteSharedLink', { shareId: 'abc', user: U1 }, undefined, 'sharedlinks_'],
  ] as const)('%s', async (_name, filter, sort, index) => {
    const plan = await explainFind(dal, links, filter as never, { sort: sort as never, limit: 11 });
    expect(plan.toLowerCase()).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
