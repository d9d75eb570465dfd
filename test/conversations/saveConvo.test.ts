import { differential } from '../harness/index.js';
import { at, C, U1, U2 } from './support.js';

differential(
  'conversations › saveConvo inserts, then updates the same (conversationId, user)',
  async ({ methods }) => {
    const first = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'One', endpoint: 'openAI', model: 'gpt' },
    );
    const second = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'One bis', temperature: 0.5, tags: ['x'] },
    );
    return { first, second, stored: await methods.getConvo(U1, C(1)) };
  },
);

differential(
  "conversations › saveConvo: another user's colliding conversationId makes a separate row",
  async ({ methods }) => {
    await methods.saveConvo({ userId: U1 }, { conversationId: C(1), title: 'Mine', endpoint: 'openAI' });
    const theirs = await methods.saveConvo(
      { userId: U2 },
      { conversationId: C(1), title: 'Theirs', endpoint: 'openAI' },
    );
    return {
      theirs,
      mine: await methods.getConvo(U1, C(1)),
      other: await methods.getConvo(U2, C(1)),
      search: await methods.searchConversation(C(1)),
    };
  },
);

differential(
  'conversations › saveConvo with newConversationId renames; noUpsert on a missing one is null',
  async ({ methods }) => {
    await methods.saveConvo({ userId: U1 }, { conversationId: C(1), title: 'A', endpoint: 'openAI' });
    const renamed = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), newConversationId: C(2), title: 'B' },
    );
    const missing = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(9), title: 'nope' },
      { noUpsert: true },
    );
    return { renamed, missing, old: await methods.getConvo(U1, C(1)), now: await methods.getConvo(U1, C(2)) };
  },
);

differential(
  'conversations › saveConvo unsetFields, actor fields stripped, initial agent on insert only',
  async ({ methods }) => {
    await methods.saveConvo(
      { userId: U1 },
      {
        conversationId: C(1),
        title: 'A',
        endpoint: 'agents',
        agent_id: 'agent_1',
        agentEventActor: { generation: 1 },
        initial_agent_id: 'x',
      },
      { initialAgentId: 'agent_1' },
    );
    const updated = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), endpoint: 'agents', promptPrefix: 'p' },
      { unsetFields: { agent_id: 1, agentEventActor: 1 }, initialAgentId: 'agent_2' },
    );
    return { updated, hidden: await methods.searchConversation(C(1), '+initial_agent_id +agentEventActor') };
  },
);

differential(
  'conversations › saveConvo temporary chat: isTemporary and expiredAt from the retention hours',
  async ({ methods }) => {
    const temp = await methods.saveConvo(
      { userId: U1, isTemporary: true },
      { conversationId: C(1), endpoint: 'openAI' },
    );
    const configured = await methods.saveConvo(
      { userId: U1, isTemporary: true, interfaceConfig: { temporaryChatRetention: 48 } as never },
      { conversationId: C(2), endpoint: 'openAI' },
    );
    const clampedLow = await methods.saveConvo(
      { userId: U1, isTemporary: true, interfaceConfig: { temporaryChatRetention: 0 } as never },
      { conversationId: C(3), endpoint: 'openAI' },
    );
    const clampedHigh = await methods.saveConvo(
      { userId: U1, isTemporary: true, interfaceConfig: { temporaryChatRetention: 100_000 } as never },
      { conversationId: C(4), endpoint: 'openAI' },
    );
    const madePermanent = await methods.saveConvo(
      { userId: U1, isTemporary: false },
      { conversationId: C(1) },
    );
    return {
      temp,
      configured,
      clampedLow,
      clampedHigh,
      madePermanent,
      retention: await methods.getConvoRetention(U1, C(1)),
    };
  },
);

differential(
  'conversations › saveConvo TEMP_CHAT_RETENTION_HOURS from the environment, invalid values fall back',
  async ({ methods }) => {
    const saved = process.env.TEMP_CHAT_RETENTION_HOURS;
    try {
      process.env.TEMP_CHAT_RETENTION_HOURS = '5';
      const five = await methods.saveConvo(
        { userId: U1, isTemporary: true },
        { conversationId: C(1), endpoint: 'openAI' },
      );
      process.env.TEMP_CHAT_RETENTION_HOURS = 'soon';
      const invalid = await methods.saveConvo(
        { userId: U1, isTemporary: true },
        { conversationId: C(2), endpoint: 'openAI' },
      );
      process.env.TEMP_CHAT_RETENTION_HOURS = '9999';
      const capped = await methods.saveConvo(
        { userId: U1, isTemporary: true },
        { conversationId: C(3), endpoint: 'openAI' },
      );
      return { five, invalid, capped };
    } finally {
      if (saved === undefined) delete process.env.TEMP_CHAT_RETENTION_HOURS;
      else process.env.TEMP_CHAT_RETENTION_HOURS = saved;
    }
  },
);

differential(
  "conversations › saveConvo retentionMode 'all': every chat expires, general retention, backfilled isTemporary",
  async ({ methods }) => {
    const all = { retentionMode: 'all' } as never;
    const general = { retentionMode: 'all', generalChatRetention: 10, temporaryChatRetention: 2 } as never;
    const plain = await methods.saveConvo(
      { userId: U1, interfaceConfig: all },
      { conversationId: C(1), endpoint: 'openAI' },
    );
    const temp = await methods.saveConvo(
      { userId: U1, isTemporary: true, interfaceConfig: general },
      { conversationId: C(2), endpoint: 'openAI' },
    );
    const onInsert = await methods.saveConvo(
      { userId: U1, interfaceConfig: general },
      { conversationId: C(3), endpoint: 'openAI' },
    );
    const again = await methods.saveConvo(
      { userId: U1, interfaceConfig: general },
      { conversationId: C(3), title: 'kept deadline' },
    );
    const explicit = await methods.saveConvo(
      { userId: U1, expiredAt: at(60), isTemporary: false },
      { conversationId: C(4), endpoint: 'openAI' },
    );
    return { plain, temp, onInsert, again, explicit };
  },
  { exactDates: [at(60)] },
);

differential(
  'conversations › saveConvo timestamps: preserveUpdatedAt and createdAtOnInsert',
  async ({ methods, dal }) => {
    await methods.bulkSaveConvos([
      { conversationId: C(1), user: U1, title: 'old', createdAt: at(0), updatedAt: at(5) },
    ]);
    const preserved = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), pinned: true },
      { preserveUpdatedAt: true },
    );
    const inserted = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(2), endpoint: 'openAI' },
      { createdAtOnInsert: at(-100) },
    );
    const existing = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), title: 'new' },
      { createdAtOnInsert: at(-100) },
    );
    void dal;
    return { preserved, inserted, existing };
  },
  { exactDates: [at(0), at(5), at(-100)] },
);

differential(
  'conversations › saveConvo archive: compare-and-set stamp, re-archive keeps it, unarchive clears it',
  async ({ methods }) => {
    await methods.bulkSaveConvos([
      { conversationId: C(1), user: U1, title: 'a', createdAt: at(0), updatedAt: at(1) },
    ]);
    const archived = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true, archivedAt: at(10) },
    );
    const again = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true, archivedAt: at(20) },
    );
    const unarchived = await methods.saveConvo({ userId: U1 }, { conversationId: C(1), isArchived: false });
    const preserved = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), isArchived: true },
      { preserveUpdatedAt: true },
    );
    const upserted = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(2), isArchived: true, endpoint: 'openAI' },
    );
    const missing = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(3), isArchived: true },
      { noUpsert: true },
    );
    return { archived, again, unarchived, preserved, upserted, missing };
  },
  { exactDates: [at(0), at(1), at(10), at(20)] },
);

differential(
  'conversations › saveConvo keeps chatProjectId only for the user’s own project',
  async ({ methods }) => {
    return {
      notAnId: await methods.saveConvo(
        { userId: U1 },
        { conversationId: C(1), endpoint: 'openAI', chatProjectId: 'nope' },
      ),
      unknown: await methods.saveConvo(
        { userId: U1 },
        { conversationId: C(2), endpoint: 'openAI', chatProjectId: '6a00000000000000000000ff' },
      ),
    };
  },
);

differential(
  'conversations › saveConvo rebuilds the message id list from the user’s messages',
  async ({ methods }) => {
    const m = (n: number, user: string) => ({
      messageId: `m${n}`,
      conversationId: C(1),
      user,
      text: `t${n}`,
      isCreatedByUser: true,
      createdAt: at(n),
      updatedAt: at(n),
    });
    await methods.bulkSaveMessages([m(2, U1), m(1, U1), m(3, U2)], true);
    const saved = await methods.saveConvo({ userId: U1 }, { conversationId: C(1), endpoint: 'openAI' });
    const messages = await methods.getMessages({ conversationId: C(1), user: U1 }, '_id messageId');
    return { saved, messages };
  },
  { exactDates: true },
);

differential(
  'conversations › saveConvo code-environment decision: seeded once, replaced only by compare-and-set',
  async ({ methods }) => {
    const ws = [{ environmentId: 'e1', workspaceId: 'w1' }];
    const seeded = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), endpoint: 'agents', codeEnvironmentMode: 'attached', codeWorkspaces: ws },
    );
    const ignored = await methods.saveConvo(
      { userId: U1 },
      { conversationId: C(1), codeEnvironmentMode: 'none', codeWorkspaces: [] },
    );
    const stale = await methods.replaceConvoCodeEnvironmentDecision({
      user: U1,
      conversationId: C(1),
      expected: { codeEnvironmentMode: 'none' as never, codeWorkspaces: [] },
      codeWorkspaces: [{ environmentId: 'e2', workspaceId: 'w2' }] as never,
    });
    const moved = await methods.replaceConvoCodeEnvironmentDecision({
      user: U1,
      conversationId: C(1),
      expected: { codeEnvironmentMode: 'attached' as never, codeWorkspaces: ws as never },
      codeWorkspaces: [{ environmentId: 'e3', workspaceId: 'w3' }] as never,
    });
    return { seeded, ignored, stale, moved };
  },
);
