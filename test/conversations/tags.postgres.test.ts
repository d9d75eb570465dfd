/**
 * The tag writes FerretDB cannot run (upstream's Conversation.findOneAndUpdate projects out the
 * select:false paths; the rename uses the positional `tags.$` update), asserted on PostgreSQL.
 */
import type { AllMethods } from '@librechat/dal';
import { beforeEach, describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { C, seedConvos, U1, U2 } from './support.js';

describe('[postgresql] conversationTags › writes through conversations', () => {
  let methods: AllMethods;
  beforeEach(async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    methods = dal.methods;
  });

  test('createConversationTag: max position + 1, count 1 when added, tag added to the conversation once', async () => {
    await seedConvos(methods, [{ conversationId: C(1), title: 'x', tags: [] }]);
    const work = await methods.createConversationTag(U1, { tag: 'work', description: 'job' });
    expect(work).toMatchObject({ tag: 'work', user: U1, description: 'job', count: 0, position: 1 });
    const home = await methods.createConversationTag(U1, {
      tag: 'home',
      addToConversation: true,
      conversationId: C(1),
    });
    expect(home).toMatchObject({ tag: 'home', count: 1, position: 2 });
    const again = await methods.createConversationTag(U1, { tag: 'work', description: 'other' });
    expect(again).toMatchObject({ description: 'job', position: 1 });
    expect((await methods.getConvo(U1, C(1)))?.tags).toEqual(['home']);
  });

  test('updateConversationTag renames the tag in the first matching slot of every conversation of the user', async () => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'x', tags: ['a', 'old', 'b'] },
      { conversationId: C(2), title: 'y', tags: ['old'] },
      { conversationId: C(3), title: 'z', tags: ['old'], user: U2 },
    ]);
    await methods.createConversationTag(U1, { tag: 'old' });
    const renamed = await methods.updateConversationTag(U1, 'old', { tag: 'new', description: 'd' });
    expect(renamed).toMatchObject({ tag: 'new', description: 'd' });
    expect((await methods.getConvo(U1, C(1)))?.tags).toEqual(['a', 'new', 'b']);
    expect((await methods.getConvo(U1, C(2)))?.tags).toEqual(['new']);
    expect((await methods.getConvo(U2, C(3)))?.tags).toEqual(['old']);
  });

  test('updateTagsForConversation: +1 for added tags (created when missing), -1 for removed ones, deduplicated', async () => {
    await seedConvos(methods, [{ conversationId: C(1), title: 'x', tags: ['a', 'b'] }]);
    await methods.createConversationTag(U1, { tag: 'a' });
    await methods.createConversationTag(U1, { tag: 'b' });
    expect(await methods.updateTagsForConversation(U1, C(1), ['b', 'c', 'c'])).toEqual(['b', 'c']);
    const tags = Object.fromEntries((await methods.getConversationTags(U1)).map((t) => [t.tag, t.count]));
    expect(tags).toEqual({ a: -1, b: 0, c: 1 });
    await expect(methods.updateTagsForConversation(U1, C(9), ['a'])).rejects.toThrow(
      'Error updating tags for conversation',
    );
  });
});
