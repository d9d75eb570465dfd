import { differential } from '../harness/index.js';
import { at, C, seedConvos, U1, U2 } from './support.js';

differential(
  'conversationImport › deleteImportedConversations and deleteImportedMessages: user and tenant scoped',
  async ({ methods }) => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'imported' },
      { conversationId: C(2), title: 'imported 2' },
      { conversationId: C(3), title: 'kept' },
      { conversationId: C(1), title: 'other user', user: U2 },
    ]);
    const m = (n: number, c: number, user = U1) => ({
      messageId: `m${n}`,
      conversationId: C(c),
      user,
      text: 't',
      createdAt: at(n),
      updatedAt: at(n),
    });
    await methods.bulkSaveMessages([m(1, 1), m(2, 2), m(3, 3), m(4, 1, U2)], true);
    await methods.deleteImportedMessages({ user: U1, conversationIds: [] });
    await methods.deleteImportedMessages({ user: U1, conversationIds: [C(1), C(2)], tenantId: 'tenant-x' });
    const afterWrongTenant = (await methods.getMessages({}, 'messageId')).map((x) => x.messageId);
    await methods.deleteImportedMessages({ user: U1, conversationIds: [C(1), C(2)] });
    await methods.deleteImportedConversations({ user: U1, conversationIds: [C(1), C(2)] });
    await methods.deleteImportedConversations({ user: U1, conversationIds: [] });
    return {
      afterWrongTenant,
      messages: (await methods.getMessages({}, 'messageId user')).map((x) => [x.messageId, x.user]),
      u1: (await methods.getConvosByCursor(U1)).conversations.map((c) => c.conversationId),
      u2: (await methods.getConvosByCursor(U2)).conversations.map((c) => c.conversationId),
    };
  },
);
