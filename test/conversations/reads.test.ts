import { differential } from '../harness/index.js';
import { at, C, pick, seedConvos, U1, U2 } from './support.js';

differential(
  'conversations › getConvo, searchConversation, getConvoFiles, getConvoTitle, getConvoRetention, getConvoOwnership',
  async ({ methods }) => {
    await seedConvos(methods, [
      {
        conversationId: C(1),
        title: 'Hello',
        files: ['f1', 'f2'],
        model: 'gpt',
        createdAt: at(0),
        updatedAt: at(1),
        tenantId: undefined,
      },
      { conversationId: C(2), title: '', createdAt: at(0), updatedAt: at(1) },
      {
        conversationId: C(3),
        title: 'gone',
        isTemporary: true,
        expiredAt: at(-1e6),
        createdAt: at(0),
        updatedAt: at(1),
      },
    ]);
    const fields = [
      'conversationId',
      'user',
      'title',
      'files',
      'model',
      'endpoint',
      'createdAt',
      'updatedAt',
      'isArchived',
      'isTemporary',
    ];
    return {
      getConvo: pick(await methods.getConvo(U1, C(1)), fields),
      otherUser: await methods.getConvo(U2, C(1)),
      search: await methods.searchConversation(C(1)),
      searchFields: await methods.searchConversation(C(1), 'title model'),
      searchMissing: await methods.searchConversation(C(9)),
      files: await methods.getConvoFiles(C(1)),
      noFiles: await methods.getConvoFiles(C(2)),
      missingFiles: await methods.getConvoFiles(C(9)),
      title: await methods.getConvoTitle(U1, C(1)),
      emptyTitle: await methods.getConvoTitle(U1, C(2)),
      missingTitle: await methods.getConvoTitle(U1, C(9)),
      retention: await methods.getConvoRetention(U1, C(3)),
      retentionMissing: await methods.getConvoRetention(U1, C(9)),
      ownership: await methods.getConvoOwnership(U1, C(1)),
      ownershipTenant: await methods.getConvoOwnership(U1, C(1), null),
      ownershipOtherTenant: await methods.getConvoOwnership(U1, C(1), 't1'),
      ownershipExpired: await methods.getConvoOwnership(U1, C(3)),
    };
  },
  { exactDates: true },
);
