/** The file lookups LibreChat makes on every upload, attachment and message are index scans. */
import { describe, expect, test } from 'vitest';
import { live } from '../../packages/dal/src/postgres/files/liveness.js';
import { fileDal } from '../harness/index.js';
import { explainFind } from '../support/explain.js';
import { CONVO, OWNER } from './support.js';

describe('[postgresql] files › hot paths are index scans', async () => {
  const dal = await fileDal('postgresql');
  const files = dal.engine.collections!.files;
  const now = new Date();

  test.each([
    ['findFileById', { file_id: 'f-1' }, undefined, 'files_file_id_1'],
    ['getFiles by ids (attachments)', { file_id: { $in: ['a', 'b'] } }, { updatedAt: -1 }, 'files_file_id_1'],
    ['getFiles of a user', { user: OWNER }, { updatedAt: -1 }, 'files_user_1'],
    ['getFiles of a conversation', { conversationId: CONVO }, { updatedAt: -1 }, 'files_conversationid_1'],
    [
      'claimCodeFile key',
      { filename: 'out.csv', conversationId: CONVO, context: 'execute_code', tenantId: null },
      undefined,
      'files_filename_1_conversationid_1_context_1_tenantid_1',
    ],
    [
      'getExpiredFiles',
      {
        expiredAt: { $ne: null, $lte: now },
        $or: [{ deletionRetryAt: null }, { deletionRetryAt: { $lte: now } }],
      },
      { expiredAt: 1 },
      'files_expiredat_1',
    ],
    ['sweepOrphanedPreviews', { status: 'pending', updatedAt: { $lt: now } }, undefined, 'files_status_1'],
  ] as const)('%s', async (_name, filter, sort, index) => {
    const plan = await explainFind(dal, files, live(filter as never), { sort: sort as never });
    expect(plan.toLowerCase()).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
