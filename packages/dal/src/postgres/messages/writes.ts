/**
 * bulkSaveMessages, recordMessage, updateMessageText, updateMessage, deleteMessagesSince and
 * deleteMessages (upstream methods/message.ts), with upstream's provenance normalisation, error
 * texts and return shapes.
 */
import type { MessageMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { unexpired } from '../store/expiry.js';
import type { Doc } from '../store/rows.js';
import { bulkUpsertByMessageId } from './bulkSave.js';
import { hydrate } from './documents.js';
import {
  capNormalizedProvenance,
  normalizeUserSubmittedMessageFieldPaths,
  normalizeUserSubmittedPaths,
} from './provenance.js';
import type { createMessageUpserts } from './saveMessage.js';

type Writes = Pick<
  MessageMethods,
  | 'bulkSaveMessages'
  | 'recordMessage'
  | 'updateMessageText'
  | 'updateMessage'
  | 'deleteMessagesSince'
  | 'deleteMessages'
>;

export function createMessageWrites(
  ctx: PgContext,
  upserts: ReturnType<typeof createMessageUpserts>,
): Writes {
  const messages = ctx.collections.messages;

  const bulkSaveMessages: MessageMethods['bulkSaveMessages'] = async (list, overrideTimestamp = false) => {
    try {
      const upserts = (list as Doc[]).map((message) => {
        const normalizedMessage: Doc = { ...message };
        const provenance = capNormalizedProvenance(
          normalizeUserSubmittedPaths(message.userSubmittedPaths),
          normalizeUserSubmittedMessageFieldPaths(message.userSubmittedMessageFieldPaths),
        );
        if (provenance.userSubmittedPaths.length > 0) {
          normalizedMessage.userSubmittedPaths = provenance.userSubmittedPaths;
        } else {
          delete normalizedMessage.userSubmittedPaths;
        }
        if (provenance.userSubmittedMessageFieldPaths.length > 0) {
          normalizedMessage.userSubmittedMessageFieldPaths = provenance.userSubmittedMessageFieldPaths;
        } else {
          delete normalizedMessage.userSubmittedMessageFieldPaths;
        }
        if (provenance.promoteWholeMessage) normalizedMessage.isUserSubmitted = true;
        return {
          filter: { messageId: message.messageId },
          update: normalizedMessage,
          timestamps: !overrideTimestamp,
        };
      });
      return await bulkUpsertByMessageId(messages, upserts);
    } catch (err) {
      logger.error('Error saving messages in bulk:', err);
      throw err;
    }
  };

  const recordMessage: MessageMethods['recordMessage'] = async ({
    user,
    endpoint,
    messageId,
    conversationId,
    parentMessageId,
    ...rest
  }) => {
    try {
      const provenance = capNormalizedProvenance(
        normalizeUserSubmittedPaths(rest.userSubmittedPaths),
        normalizeUserSubmittedMessageFieldPaths(rest.userSubmittedMessageFieldPaths),
      );
      const {
        userSubmittedPaths: _userSubmittedPaths,
        userSubmittedMessageFieldPaths: _userSubmittedMessageFieldPaths,
        ...safeRest
      } = rest;
      const message = {
        user,
        endpoint,
        messageId,
        conversationId,
        parentMessageId,
        ...safeRest,
        ...(provenance.userSubmittedPaths.length > 0 && {
          userSubmittedPaths: provenance.userSubmittedPaths,
        }),
        ...(provenance.userSubmittedMessageFieldPaths.length > 0 && {
          userSubmittedMessageFieldPaths: provenance.userSubmittedMessageFieldPaths,
        }),
        ...(provenance.promoteWholeMessage && { isUserSubmitted: true }),
      };
      const update =
        rest.isCreatedByUser === false &&
        rest.isUserSubmitted === undefined &&
        !provenance.promoteWholeMessage
          ? { $set: message, $setOnInsert: { isUserSubmitted: false } }
          : message;
      return (await upserts.upsertMessage({ user, messageId }, update)) as never;
    } catch (err) {
      logger.error('Error recording message:', err);
      throw err;
    }
  };

  const updateMessageText: MessageMethods['updateMessageText'] = async (userId, { messageId, text }) => {
    try {
      await messages.updateOne(unexpired({ messageId, user: userId }), { text });
    } catch (err) {
      logger.error('Error updating message text:', err);
      throw err;
    }
  };

  const updateMessage: MessageMethods['updateMessage'] = async (userId, message, metadata) => {
    try {
      const { messageId, ...update } = message as Doc & { messageId: string };
      const submittedPaths = normalizeUserSubmittedPaths(update.userSubmittedPaths);
      const submittedMessageFields = normalizeUserSubmittedMessageFieldPaths(
        update.userSubmittedMessageFieldPaths,
      );
      delete update.userSubmittedPaths;
      delete update.userSubmittedMessageFieldPaths;
      const identity = unexpired({ messageId, user: userId });
      let updatedMessage: Doc | null;
      if (submittedPaths.length > 0 || submittedMessageFields.length > 0) {
        updatedMessage = await upserts.findOneAndMergeMessageProvenance(
          identity,
          update,
          submittedPaths,
          submittedMessageFields,
          { upsert: false },
        );
      } else {
        const { after } = await messages.findOneAndUpdate(identity, update, { new: true });
        updatedMessage = after ? hydrate(messages, after) : null;
      }
      if (!updatedMessage) throw new Error('Message not found or user not authorized.');
      return {
        messageId: updatedMessage.messageId,
        conversationId: updatedMessage.conversationId,
        parentMessageId: updatedMessage.parentMessageId,
        sender: updatedMessage.sender,
        text: updatedMessage.text,
        isCreatedByUser: updatedMessage.isCreatedByUser,
        isUserSubmitted: updatedMessage.isUserSubmitted,
        userSubmittedPaths: updatedMessage.userSubmittedPaths,
        userSubmittedMessageFieldPaths: updatedMessage.userSubmittedMessageFieldPaths,
        tokenCount: updatedMessage.tokenCount,
        feedback: updatedMessage.feedback,
        endpoint: updatedMessage.endpoint,
        langfuseSampled: updatedMessage.langfuseSampled,
        langfuseDestinationIds: updatedMessage.langfuseDestinationIds,
        langfuseRunId: updatedMessage.langfuseRunId,
      } as never;
    } catch (err) {
      logger.error('Error updating message:', err);
      if (metadata?.context) logger.info(`---\`updateMessage\` context: ${metadata.context}`);
      throw err;
    }
  };

  /** Deletes the conversation's messages created after the anchor (the anchor itself stays). */
  const deleteMessagesSince: MessageMethods['deleteMessagesSince'] = async (
    userId,
    { messageId, conversationId },
  ) => {
    try {
      const message = await messages.findOne(unexpired({ messageId, user: userId }));
      if (message) {
        return await messages.deleteMany({
          conversationId,
          user: userId,
          createdAt: { $gt: message.createdAt },
        });
      }
      return undefined as never;
    } catch (err) {
      logger.error('Error deleting messages:', err);
      throw err;
    }
  };

  const deleteMessages: MessageMethods['deleteMessages'] = async (filter) => {
    try {
      return await messages.deleteMany(filter as Doc);
    } catch (err) {
      logger.error('Error deleting messages:', err);
      throw err;
    }
  };

  return {
    bulkSaveMessages,
    recordMessage,
    updateMessageText,
    updateMessage,
    deleteMessagesSince,
    deleteMessages,
  };
}
