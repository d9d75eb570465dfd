/**
 * ConversationTagMethods on PostgreSQL (upstream methods/conversationTag.ts): bookmarks with a
 * per-user position and a count of the user's conversations carrying each tag.
 */
import { type ConversationTagMethods, logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { hydrate } from '../conversations/hydrate.js';
import { tenantBulkWrite } from '../store/tenantBulkWrite.js';

type Doc = Record<string, unknown>;

export function createConversationTagMethods(ctx: PgContext): ConversationTagMethods {
  const { conversationtags: tags, conversations } = ctx.collections;

  const getConversationTags: ConversationTagMethods['getConversationTags'] = async (user) => {
    try {
      return (await tags.find({ user }, { sort: { position: 1 } })) as never;
    } catch (error) {
      logger.error('[getConversationTags] Error getting conversation tags', error);
      throw new Error('Error getting conversation tags');
    }
  };

  /** An existing tag is returned unchanged; a new one goes last (max position + 1). */
  const createConversationTag: ConversationTagMethods['createConversationTag'] = async (user, data) => {
    try {
      const { tag, description, addToConversation, conversationId } = data;
      const existingTag = await tags.findOne({ user, tag });
      if (existingTag) return existingTag as never;
      const maxPosition = await tags.findOne({ user }, { sort: { position: -1 } });
      const position = ((maxPosition?.position as number | undefined) || 0) + 1;
      const newTag = await tags.findOneAndUpdateLean(
        { tag, user },
        {
          tag,
          user,
          count: addToConversation ? 1 : 0,
          position,
          description,
          $setOnInsert: { createdAt: new Date() },
        },
        { new: true, upsert: true },
      );
      if (addToConversation && conversationId) {
        await conversations.findOneAndUpdate(
          { user, conversationId },
          { $addToSet: { tags: tag } },
          { new: true },
        );
      }
      return newTag as never;
    } catch (error) {
      logger.error('[createConversationTag] Error creating conversation tag', error);
      throw new Error('Error creating conversation tag');
    }
  };

  /** Shifts the tags between the old and the new position by one. */
  async function adjustPositions(user: string, oldPosition: number, newPosition: number): Promise<void> {
    if (oldPosition === newPosition) return;
    const update = oldPosition < newPosition ? { $inc: { position: -1 } } : { $inc: { position: 1 } };
    const position =
      oldPosition < newPosition
        ? { $gt: Math.min(oldPosition, newPosition), $lte: Math.max(oldPosition, newPosition) }
        : { $gte: Math.min(oldPosition, newPosition), $lt: Math.max(oldPosition, newPosition) };
    await tags.updateMany({ user, position }, update);
  }

  const updateConversationTag: ConversationTagMethods['updateConversationTag'] = async (
    user,
    oldTag,
    data,
  ) => {
    try {
      const { tag: newTag, description, position } = data;
      const existingTag = await tags.findOne({ user, tag: oldTag });
      if (!existingTag) return null;
      if (newTag && newTag !== oldTag) {
        const tagAlreadyExists = await tags.findOne({ user, tag: newTag });
        if (tagAlreadyExists) throw new Error('Tag already exists');
        await conversations.updateMany({ user, tags: oldTag }, { $set: { 'tags.$': newTag } });
      }
      const updateData: Doc = {};
      if (newTag) updateData.tag = newTag;
      if (description !== undefined) updateData.description = description;
      if (position !== undefined) {
        await adjustPositions(user, existingTag.position as number, position);
        updateData.position = position;
      }
      return (await tags.findOneAndUpdateLean({ user, tag: oldTag }, updateData, { new: true })) as never;
    } catch (error) {
      logger.error('[updateConversationTag] Error updating conversation tag', error);
      throw new Error('Error updating conversation tag');
    }
  };

  const deleteConversationTag: ConversationTagMethods['deleteConversationTag'] = async (user, tag) => {
    try {
      const deletedTag = await tags.findOneAndDelete({ user, tag });
      if (!deletedTag) return null;
      await conversations.updateMany({ user, tags: tag }, { $pullAll: { tags: [tag] } });
      await tags.updateMany({ user, position: { $gt: deletedTag.position } }, { $inc: { position: -1 } });
      return deletedTag as never;
    } catch (error) {
      logger.error('[deleteConversationTag] Error deleting conversation tag', error);
      throw new Error('Error deleting conversation tag');
    }
  };

  /** Added tags count +1 (creating missing tag documents), removed ones -1 (no clamp). */
  const updateTagsForConversation: ConversationTagMethods['updateTagsForConversation'] = async (
    user,
    conversationId,
    list,
  ) => {
    try {
      const conversation = await conversations.findOne({ user, conversationId });
      if (!conversation) throw new Error('Conversation not found');
      const oldTags = new Set<string>((conversation.tags as string[] | undefined) ?? []);
      const newTags = new Set(list);
      const addedTags = [...newTags].filter((tag) => !oldTags.has(tag));
      const removedTags = [...oldTags].filter((tag) => !newTags.has(tag));
      const bulkOps: Doc[] = [];
      for (const tag of addedTags) {
        bulkOps.push({ updateOne: { filter: { user, tag }, update: { $inc: { count: 1 } }, upsert: true } });
      }
      for (const tag of removedTags) {
        bulkOps.push({ updateOne: { filter: { user, tag }, update: { $inc: { count: -1 } } } });
      }
      if (bulkOps.length > 0) await tenantBulkWrite(tags, bulkOps);
      const r = await conversations.findOneAndUpdate(
        { user, conversationId },
        { $set: { tags: [...newTags] } },
        { new: true },
      );
      if (!r.after) throw new TypeError("Cannot read properties of null (reading 'toObject')");
      return hydrate(conversations, r.after).toObject().tags as string[];
    } catch (error) {
      logger.error('[updateTagsForConversation] Error updating tags', error);
      throw new Error('Error updating tags for conversation');
    }
  };

  /** +1 for each distinct existing tag (no upsert). Failures are logged. */
  const bulkIncrementTagCounts: ConversationTagMethods['bulkIncrementTagCounts'] = async (user, list) => {
    if (!list || list.length === 0) return;
    try {
      const uniqueTags = [...new Set(list.filter(Boolean))];
      if (uniqueTags.length === 0) return;
      const bulkOps = uniqueTags.map((tag) => ({
        updateOne: { filter: { user, tag }, update: { $inc: { count: 1 } } },
      }));
      const result = await tenantBulkWrite(tags, bulkOps);
      if (result && result.modifiedCount > 0) {
        logger.debug(`user: ${user} | Incremented tag counts - modified ${result.modifiedCount} tags`);
      }
    } catch (error) {
      logger.error('[bulkIncrementTagCounts] Error incrementing tag counts', error);
    }
  };

  const deleteConversationTags: ConversationTagMethods['deleteConversationTags'] = async (filter) => {
    try {
      return (await tags.deleteMany(filter)).deletedCount;
    } catch (error) {
      logger.error('[deleteConversationTags] Error deleting conversation tags', error);
      throw new Error('Error deleting conversation tags');
    }
  };

  return {
    getConversationTags,
    createConversationTag,
    updateConversationTag,
    deleteConversationTag,
    deleteConversationTags,
    bulkIncrementTagCounts,
    updateTagsForConversation,
  };
}
