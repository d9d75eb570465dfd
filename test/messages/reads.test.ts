import { differential } from '../harness/index.js';
import { at, CONVO, CONVO2, conversation, OTHER, seed, T0, USER } from './support.js';

const dates = Array.from({ length: 40 }, (_, i) => at(i));

differential(
  'messages › getMessages: the conversation in createdAt order, select, sort, limit, sort:false',
  async ({ methods }) => {
    await seed(methods, [...conversation(6), ...conversation(3, CONVO2), ...conversation(2, CONVO, OTHER)]);
    const filter = { conversationId: CONVO, user: USER };
    return {
      all: await methods.getMessages(filter),
      selected: await methods.getMessages(filter, 'messageId text -_id'),
      newestFirst: await methods.getMessages(filter, 'messageId', { sort: { createdAt: -1 } }),
      limited: await methods.getMessages(filter, 'messageId', { limit: 2 }),
      zeroLimit: (await methods.getMessages(filter, 'messageId', { limit: 0 })).length,
      unsorted: (await methods.getMessages({ user: USER }, 'messageId', { sort: false })).length,
      byParent: await methods.getMessages({ parentMessageId: `${CONVO.slice(0, 8)}-msg-002` }, 'messageId'),
      strictQuery: (await methods.getMessages({ conversationId: CONVO, notAField: 1 } as never, 'messageId'))
        .length,
    };
  },
  { exactDates: dates },
);

differential(
  'messages › getMessage is scoped to the user',
  async ({ methods }) => {
    await seed(methods, [...conversation(2), ...conversation(2, CONVO, OTHER)]);
    const messageId = `${CONVO.slice(0, 8)}-msg-001`;
    return {
      mine: await methods.getMessage({ user: USER, messageId }),
      theirs: await methods.getMessage({ user: OTHER, messageId }),
      none: await methods.getMessage({ user: USER, messageId: 'nope' }),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › getMessagesByCursor pages both directions with the Date#toString cursor',
  async ({ methods }) => {
    await seed(methods, conversation(7));
    const filter = { conversationId: CONVO, user: USER };
    const pages: unknown[] = [];
    for (const sortOrder of [-1, 1] as const) {
      let cursor: string | null = null;
      do {
        const page: { messages: { messageId: string }[]; nextCursor: string | null } =
          await methods.getMessagesByCursor(filter, { sortOrder, limit: 3, cursor });
        pages.push({ sortOrder, ids: page.messages.map((m) => m.messageId), nextCursor: page.nextCursor });
        cursor = page.nextCursor;
      } while (cursor);
    }
    const byTokens = await methods.getMessagesByCursor(filter, {
      sortField: 'tokenCount',
      sortOrder: 1,
      limit: 4,
    });
    const next = await methods.getMessagesByCursor(filter, {
      sortField: 'tokenCount',
      sortOrder: 1,
      limit: 4,
      cursor: byTokens.nextCursor,
    });
    const withSelect = await methods.getMessagesByCursor(filter, { limit: 1, select: 'messageId' } as never);
    return { pages, byTokens, next, withSelect };
  },
  { exactDates: dates },
);

differential(
  'messages › deleteMessagesSince keeps the anchor and older messages',
  async ({ methods }) => {
    await seed(methods, [...conversation(5), ...conversation(3, CONVO, OTHER)]);
    const result = await methods.deleteMessagesSince(USER, {
      messageId: `${CONVO.slice(0, 8)}-msg-002`,
      conversationId: CONVO,
    });
    return {
      result,
      unknown: await methods.deleteMessagesSince(USER, { messageId: 'nope', conversationId: CONVO }),
      left: await methods.getMessages({ conversationId: CONVO }, 'messageId user'),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › deleteMessages takes a raw filter; an operator outside the subset is refused on PostgreSQL only',
  async ({ methods, engine }) => {
    await seed(methods, [...conversation(6), ...conversation(3, CONVO2)]);
    const byIn = await methods.deleteMessages({
      messageId: { $in: [`${CONVO.slice(0, 8)}-msg-000`, 'nope'] },
    });
    const byDate = await methods.deleteMessages({ conversationId: CONVO, createdAt: { $gte: at(4) } });
    const byOr = await methods.deleteMessages({
      $or: [{ tokenCount: 11 }, { endpoint: 'openAI', conversationId: CONVO2 }],
    });
    let unsupported: unknown = 'not attempted';
    if (engine === 'postgresql') {
      unsupported = await methods
        .deleteMessages({ $where: 'true' } as never)
        .then(() => 'deleted')
        .catch((e: Error) => (/\$where/.test(e.message) ? 'refused naming $where' : e.message));
    }
    return {
      byIn,
      byDate,
      byOr,
      unsupported: engine === 'postgresql' ? unsupported === 'refused naming $where' : true,
      left: await methods.getMessages({}, 'messageId'),
    };
  },
  { exactDates: dates },
);

differential(
  'messages › updateMessageText changes only the owner’s message',
  async ({ methods }) => {
    await seed(methods, [...conversation(2), ...conversation(2, CONVO, OTHER)]);
    const messageId = `${CONVO.slice(0, 8)}-msg-001`;
    await methods.updateMessageText(USER, { messageId, text: 'new text' });
    await methods.updateMessageText(USER, { messageId: 'nope', text: 'x' });
    return {
      mine: await methods.getMessage({ user: USER, messageId }),
      theirs: (await methods.getMessage({ user: OTHER, messageId }))?.text,
    };
  },
  { exactDates: dates.slice(0, 2) },
);

const sampled = (i: number, extra: Record<string, unknown> = {}) => ({
  messageId: `resp-${i}`,
  conversationId: CONVO,
  user: USER,
  isCreatedByUser: false,
  langfuseSampled: true,
  createdAt: at(i),
  ...extra,
});

differential(
  'messages › getConversationTraceRefs: first message, sampled responses, orderKey paging',
  async ({ methods }) => {
    await seed(methods, [
      { messageId: 'u-0', conversationId: CONVO, user: USER, isCreatedByUser: true, createdAt: at(0) },
      sampled(1, { langfuseDestinationIds: ['d1'] }),
      sampled(2, { langfuseRunId: 'run-2' }),
      sampled(3, { isUserSubmitted: true }),
      sampled(4, { langfuseSampled: false }),
      sampled(5, { langfuseRunId: '' }),
      sampled(6, { tenantId: 'tenant-a' }),
      { ...sampled(7), user: OTHER },
    ]);
    const all = await methods.getConversationTraceRefs({ user: USER, conversationId: CONVO });
    const page = await methods.getConversationTraceRefs({ user: USER, conversationId: CONVO, limit: 1 });
    const last = page.sampledMessages[0];
    const through = last?.orderKey
      ? await methods.getConversationTraceRefs({
          user: USER,
          conversationId: CONVO,
          limit: 2,
          through: { messageId: last.messageId, orderKey: last.orderKey },
        })
      : null;
    return {
      all: {
        ...all,
        sampledMessages: all.sampledMessages.map(({ orderKey, ...m }) => ({ ...m, key: !!orderKey })),
      },
      page: page.sampledMessages.map((m) => m.messageId),
      through: through?.sampledMessages.map((m) => m.messageId),
      one: (
        await methods.getConversationTraceRefs({ user: USER, conversationId: CONVO, messageId: 'resp-2' })
      ).sampledMessages.length,
      badKey: await methods.getConversationTraceRefs({
        user: USER,
        conversationId: CONVO,
        through: { messageId: 'resp-2', orderKey: 'garbage' },
      }),
      staleKey: (
        await methods.getConversationTraceRefs({
          user: USER,
          conversationId: CONVO,
          through: { messageId: 'resp-1', orderKey: last?.orderKey ?? '' },
        })
      ).sampledMessages,
      tenant: (
        await methods.getConversationTraceRefs({ user: USER, conversationId: CONVO, tenantId: 'tenant-a' })
      ).sampledMessages.length,
    };
  },
  { exactDates: dates },
);

differential(
  'messages › hasSampledTraceMessage by destination, legacy rows count for all',
  async ({ methods }) => {
    await seed(methods, [sampled(1, { langfuseDestinationIds: ['d1', 'd2'] })]);
    const before = await methods.hasSampledTraceMessage({
      user: USER,
      conversationId: CONVO,
      destinationIds: ['d3'],
    });
    const match = await methods.hasSampledTraceMessage({
      user: USER,
      conversationId: CONVO,
      destinationIds: ['d2'],
    });
    await seed(methods, [sampled(2)]);
    const legacy = await methods.hasSampledTraceMessage({
      user: USER,
      conversationId: CONVO,
      destinationIds: ['zz'],
    });
    const other = await methods.hasSampledTraceMessage({
      user: OTHER,
      conversationId: CONVO,
      destinationIds: ['d1'],
    });
    return { before, match, legacy, other };
  },
);

void T0;
