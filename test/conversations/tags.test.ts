import { differential } from '../harness/index.js';
import { C, pick, seedConvos, U1, U2 } from './support.js';

const tagFields = (t: unknown) => pick(t, ['tag', 'user', 'description', 'count', 'position']);

differential(
  'conversationTags › getConversationTags sorted by position; bulkIncrementTagCounts; deleteConversationTags',
  async ({ methods, dal }) => {
    const { insertDoc } = await import('./support.js');
    await insertDoc(dal, 'ConversationTag', 'conversationtags', {
      user: U1,
      tag: 'b',
      position: 2,
      count: 1,
    });
    await insertDoc(dal, 'ConversationTag', 'conversationtags', { user: U1, tag: 'a', position: 1 });
    await insertDoc(dal, 'ConversationTag', 'conversationtags', { user: U2, tag: 'a', position: 1 });
    await methods.bulkIncrementTagCounts(U1, ['a', 'b', 'b', '', 'missing']);
    await methods.bulkIncrementTagCounts(U1, []);
    const listed = (await methods.getConversationTags(U1)).map(tagFields);
    const deleted = await methods.deleteConversationTags({ user: U2 });
    return {
      listed,
      deleted,
      u2: await methods.getConversationTags(U2),
      none: await methods.getConversationTags('nobody'),
    };
  },
);

differential(
  'conversationTags › createConversationTag: positions, existing tag unchanged, adding to a conversation',
  async ({ methods }) => {
    await seedConvos(methods, [{ conversationId: C(1), title: 'x', tags: [] }]);
    const first = await methods.createConversationTag(U1, { tag: 'work', description: 'job' });
    const second = await methods.createConversationTag(U1, {
      tag: 'home',
      addToConversation: true,
      conversationId: C(1),
    });
    const existing = await methods.createConversationTag(U1, { tag: 'work', description: 'changed?' });
    return {
      first: tagFields(first),
      second: tagFields(second),
      existing: tagFields(existing),
      convoTags: (await methods.getConvo(U1, C(1)))?.tags,
    };
  },
);

differential(
  'conversationTags › updateConversationTag: description, position shifts, missing tag, taken name',
  async ({ methods, dal }) => {
    const { insertDoc } = await import('./support.js');
    for (const [tag, position] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const) {
      await insertDoc(dal, 'ConversationTag', 'conversationtags', { user: U1, tag, position });
    }
    const described = await methods.updateConversationTag(U1, 'b', { description: 'bee' });
    const movedDown = await methods.updateConversationTag(U1, 'a', { position: 3 });
    const movedUp = await methods.updateConversationTag(U1, 'd', { position: 1 });
    return {
      described: tagFields(described),
      movedDown: tagFields(movedDown),
      movedUp: tagFields(movedUp),
      missing: await methods.updateConversationTag(U1, 'zz', { description: 'x' }),
      taken: await methods.updateConversationTag(U1, 'b', { tag: 'c' }).catch((e: Error) => e.message),
      order: (await methods.getConversationTags(U1)).map((t) => [t.tag, t.position]),
    };
  },
);

differential(
  'conversationTags › deleteConversationTag pulls the tag from conversations and closes the gap',
  async ({ methods, dal }) => {
    const { insertDoc } = await import('./support.js');
    await seedConvos(methods, [
      { conversationId: C(1), title: 'x', tags: ['a', 'b'] },
      { conversationId: C(2), title: 'y', tags: ['b'] },
      { conversationId: C(3), title: 'z', tags: ['b'], user: U2 },
    ]);
    for (const [tag, position] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      await insertDoc(dal, 'ConversationTag', 'conversationtags', { user: U1, tag, position });
    }
    const deleted = await methods.deleteConversationTag(U1, 'b');
    return {
      deleted: tagFields(deleted),
      missing: await methods.deleteConversationTag(U1, 'b'),
      order: (await methods.getConversationTags(U1)).map((t) => [t.tag, t.position]),
      c1: (await methods.getConvo(U1, C(1)))?.tags,
      c2: (await methods.getConvo(U1, C(2)))?.tags,
      other: (await methods.getConvo(U2, C(3)))?.tags,
    };
  },
);

differential(
  'conversationTags › updateTagsForConversation: counts follow the diff, missing tags created, unknown conversation',
  async ({ methods, dal }) => {
    const { insertDoc } = await import('./support.js');
    await seedConvos(methods, [{ conversationId: C(1), title: 'x', tags: ['a', 'b'] }]);
    await insertDoc(dal, 'ConversationTag', 'conversationtags', {
      user: U1,
      tag: 'a',
      position: 1,
      count: 1,
    });
    await insertDoc(dal, 'ConversationTag', 'conversationtags', {
      user: U1,
      tag: 'b',
      position: 2,
      count: 0,
    });
    const tags = await methods.updateTagsForConversation(U1, C(1), ['b', 'c', 'c']);
    return {
      tags,
      missing: await methods.updateTagsForConversation(U1, C(9), ['a']).catch((e: Error) => e.message),
      all: (await methods.getConversationTags(U1)).map(tagFields),
    };
  },
);
