/** setConvoPinned, appendConvoMessageReference, replaceConvoCodeEnvironmentDecision, deleteNullOrEmptyConversations. */
import { type ConversationMethods, isValidObjectIdString, logger } from '@librechat/data-schemas';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';

type Writes = Pick<
  ConversationMethods,
  | 'setConvoPinned'
  | 'appendConvoMessageReference'
  | 'replaceConvoCodeEnvironmentDecision'
  | 'deleteNullOrEmptyConversations'
>;

export function createConversationWrites({ collections }: PgContext): Writes {
  const { conversations, messages } = collections;

  /** Pure metadata: no upsert, `timestamps: false` keeps the sidebar order. */
  const setConvoPinned: Writes['setConvoPinned'] = async (user, conversationId, pinned) => {
    try {
      return (await conversations.findOneAndUpdateLean(
        { conversationId, user },
        { $set: { pinned } },
        { new: true, timestamps: false },
      )) as never;
    } catch (error) {
      logger.error('[setConvoPinned] Error updating pinned state', error);
      throw new Error('Error updating pinned state');
    }
  };

  const appendConvoMessageReference: Writes['appendConvoMessageReference'] = async (
    user,
    conversationId,
    messageId,
  ) => {
    if (!isValidObjectIdString(messageId)) {
      logger.warn('[appendConvoMessageReference] Ignoring an unusable message id');
      return null;
    }
    try {
      return (await conversations.findOneAndUpdateLean(
        { conversationId, user },
        { $addToSet: { messages: new Types.ObjectId(messageId) } },
        { new: true, timestamps: false },
      )) as never;
    } catch (error) {
      logger.error('[appendConvoMessageReference] Error appending the message reference', error);
      throw new Error('Error appending the message reference');
    }
  };

  /** Compare-and-swap: the filter repeats the decision being replaced. */
  const replaceConvoCodeEnvironmentDecision: Writes['replaceConvoCodeEnvironmentDecision'] = async ({
    user,
    conversationId,
    expected,
    codeWorkspaces,
  }) => {
    try {
      return (await conversations.findOneAndUpdateLean(
        {
          conversationId,
          user,
          codeEnvironmentMode: expected.codeEnvironmentMode ?? { $in: [null] },
          codeWorkspaces: expected.codeWorkspaces ?? { $in: [null] },
        },
        { $set: { codeEnvironmentMode: 'attached', codeWorkspaces } },
        { new: true, timestamps: false },
      )) as never;
    } catch (error) {
      logger.error('[replaceConvoCodeEnvironmentDecision] Error moving code environment', error);
      throw new Error('Error moving code environment');
    }
  };

  const deleteNullOrEmptyConversations: Writes['deleteNullOrEmptyConversations'] = async () => {
    try {
      const filter = {
        $or: [{ conversationId: null }, { conversationId: '' }, { conversationId: { $exists: false } }],
      };
      const result = await conversations.deleteMany(filter);
      const messageDeleteResult = await messages.deleteMany(filter);
      logger.info(
        `[deleteNullOrEmptyConversations] Deleted ${result.deletedCount} conversations and ${messageDeleteResult.deletedCount} messages`,
      );
      return { conversations: result, messages: messageDeleteResult };
    } catch (error) {
      logger.error('[deleteNullOrEmptyConversations] Error deleting conversations', error);
      throw new Error('Error deleting conversations with null or empty conversationId');
    }
  };

  return {
    setConvoPinned,
    appendConvoMessageReference,
    replaceConvoCodeEnvironmentDecision,
    deleteNullOrEmptyConversations,
  };
}
