/**
 * Shared-link writes (upstream methods/share.ts): createSharedLink (one active link per
 * conversation, user and target; concurrent creates serialise on an advisory lock),
 * updateSharedLink (re-snapshot under the same shareId), and the deletes.
 */
import type { IMessage, ShareMethods } from '@librechat/data-schemas';
import { activeExpirationFilter, logger } from '@librechat/data-schemas';
import { nanoid } from 'nanoid';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import type { Filter } from '../store/collection.js';
import { advanceTargetToBranchTail, getMessagesUpToTarget } from './branches.js';
import { EXPECTED_SHARE_REJECTION_CODES, ShareServiceError } from './errors.js';
import { buildFileSnapshots } from './fileSnapshots.js';

type Writes = Pick<
  ShareMethods,
  | 'createSharedLink'
  | 'updateSharedLink'
  | 'deleteSharedLink'
  | 'deleteAllSharedLinks'
  | 'deleteConvoSharedLink'
>;

const active = () => activeExpirationFilter() as Filter;

export function createShareWrites(ctx: PgContext): Writes {
  const { sharedlinks: links, messages: messageTable, conversations } = ctx.collections;

  const createSharedLink: ShareMethods['createSharedLink'] = async (
    user,
    conversationId,
    targetMessageId,
    expiredAt,
    snapshotFiles = true,
    preflight,
  ) => {
    if (!user || !conversationId)
      throw new ShareServiceError('Missing required parameters', 'INVALID_PARAMS');
    let preflightFailed = false;
    try {
      const [existingShare, conversationMessages] = await Promise.all([
        links.findOne(
          { conversationId, user, ...active(), ...(targetMessageId && { targetMessageId }) },
          { select: '-_id -__v -user' },
        ),
        messageTable.find({ conversationId, user }, { sort: { createdAt: 1 } }),
      ]);
      if (existingShare) {
        logger.error('[createSharedLink] Share already exists', { user, conversationId, targetMessageId });
        throw new ShareServiceError('Share already exists', 'SHARE_EXISTS');
      }
      const conversation = (await conversations.findOne({ conversationId, user })) as {
        title?: string;
      } | null;
      if (!conversation) {
        throw new ShareServiceError('Conversation not found or access denied', 'CONVERSATION_NOT_FOUND');
      }
      if (!conversationMessages || conversationMessages.length === 0) {
        throw new ShareServiceError('No messages to share', 'NO_MESSAGES');
      }
      if (targetMessageId && !conversationMessages.some((message) => message.messageId === targetMessageId)) {
        throw new ShareServiceError('Target message not found', 'TARGET_MESSAGE_NOT_FOUND');
      }
      const title = conversation.title || 'Untitled';
      const messagesForSnapshot = conversationMessages as unknown as IMessage[];
      const messagesToShare = targetMessageId
        ? getMessagesUpToTarget(messagesForSnapshot, targetMessageId)
        : messagesForSnapshot;
      try {
        await preflight?.({ title, messages: messagesToShare });
      } catch (error) {
        preflightFailed = true;
        throw error;
      }
      const fileSnapshots = snapshotFiles ? await buildFileSnapshots(ctx, messagesToShare, user) : [];

      const shareId = nanoid();
      const doc = {
        shareId,
        conversationId,
        messages: conversationMessages.map((message) => message._id),
        title,
        user,
        snapshotFiles,
        ...(targetMessageId && { targetMessageId }),
        ...(expiredAt && { expiredAt }),
        ...(snapshotFiles && { fileSnapshots }),
      };
      // Upstream inserts, re-reads and retracts when an earlier rival exists; that still leaves
      // two links when a racer's createdAt is earlier than a rival that already re-read. Here the
      // check and the insert hold one advisory lock per user and conversation: exactly one wins.
      const created = await withTransaction(links.pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `sharedlinks:create:${user}:${conversationId}`,
        ]);
        const rival = await links.findOne(
          { conversationId, user, ...active(), ...(targetMessageId && { targetMessageId }) },
          { select: '_id' },
          client,
        );
        if (rival) return null;
        return links.create(doc, client);
      });
      if (!created) {
        logger.warn('[createSharedLink] Concurrent create lost to an earlier share', {
          user,
          conversationId,
          targetMessageId,
        });
        throw new ShareServiceError('Share already exists', 'SHARE_EXISTS');
      }
      return { _id: created._id.toString(), shareId, conversationId, targetMessageId };
    } catch (error) {
      if (preflightFailed) throw error;
      if (error instanceof ShareServiceError) throw error;
      logger.error('[createSharedLink] Error creating shared link', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
        conversationId,
        targetMessageId,
      });
      throw new ShareServiceError('Error creating shared link', 'SHARE_CREATE_ERROR');
    }
  };

  /** Re-snapshots the messages under the same shareId; `expiredAt: null` removes the expiry. */
  const updateSharedLink: ShareMethods['updateSharedLink'] = async (
    user,
    shareId,
    targetMessageId,
    expiredAt,
    snapshotFiles = true,
    preflight,
    beforePublish,
  ) => {
    if (!user || !shareId) throw new ShareServiceError('Missing required parameters', 'INVALID_PARAMS');
    let preflightFailed = false;
    try {
      const share = await links.findOne({ shareId, user }, { select: '-_id -__v -user' });
      if (!share) throw new ShareServiceError('Share not found', 'SHARE_NOT_FOUND');
      const updatedMessages = await messageTable.find(
        { conversationId: share.conversationId, user },
        { sort: { createdAt: 1 } },
      );
      if (updatedMessages.length === 0) throw new ShareServiceError('No messages to share', 'NO_MESSAGES');

      const hasNewExpiration = expiredAt instanceof Date;
      const storedTargetMessageId = targetMessageId ?? (share.targetMessageId as string | undefined);
      if (
        storedTargetMessageId &&
        !updatedMessages.some((message) => message.messageId === storedTargetMessageId)
      ) {
        throw new ShareServiceError('Target message not found', 'TARGET_MESSAGE_NOT_FOUND');
      }
      const messagesForSnapshot = updatedMessages as unknown as IMessage[];
      const resolvedTargetMessageId =
        targetMessageId ??
        (storedTargetMessageId
          ? advanceTargetToBranchTail(messagesForSnapshot, storedTargetMessageId)
          : undefined);
      const messagesToShare = resolvedTargetMessageId
        ? getMessagesUpToTarget(messagesForSnapshot, resolvedTargetMessageId)
        : messagesForSnapshot;
      try {
        await preflight?.({ title: (share.title as string) || 'Untitled', messages: messagesToShare });
      } catch (error) {
        preflightFailed = true;
        throw error;
      }
      const fileSnapshots = snapshotFiles ? await buildFileSnapshots(ctx, messagesToShare, user) : [];
      // With snapshotting off, a prior snapshot is cleared so no stale file id stays served.
      const unset = {
        ...(expiredAt === null ? { expiredAt: 1 } : {}),
        ...(snapshotFiles ? {} : { fileSnapshots: 1 }),
      };
      const update = {
        $set: {
          messages: updatedMessages.map((message) => message._id),
          user,
          snapshotFiles,
          ...(resolvedTargetMessageId && { targetMessageId: resolvedTargetMessageId }),
          ...(hasNewExpiration && { expiredAt }),
          ...(snapshotFiles && { fileSnapshots }),
        },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      };

      await beforePublish?.();

      const updatedShare = await links.findOneAndUpdateLean({ shareId, user }, update, {
        new: true,
        upsert: false,
        runValidators: true,
      });
      if (!updatedShare) throw new ShareServiceError('Share update failed', 'SHARE_UPDATE_ERROR');
      return {
        _id: updatedShare._id?.toString(),
        shareId,
        conversationId: updatedShare.conversationId as string,
        targetMessageId: updatedShare.targetMessageId as string | undefined,
      };
    } catch (error) {
      if (preflightFailed) throw error;
      if (!(error instanceof ShareServiceError && EXPECTED_SHARE_REJECTION_CODES.has(error.code))) {
        logger.error('[updateSharedLink] Error updating shared link', {
          error: error instanceof Error ? error.message : 'Unknown error',
          user,
          shareId,
        });
      }
      throw new ShareServiceError(
        error instanceof ShareServiceError ? error.message : 'Error updating shared link',
        error instanceof ShareServiceError ? error.code : 'SHARE_UPDATE_ERROR',
      );
    }
  };

  const deleteSharedLink: ShareMethods['deleteSharedLink'] = async (user, shareId) => {
    if (!user || !shareId) throw new ShareServiceError('Missing required parameters', 'INVALID_PARAMS');
    try {
      const result = await links.findOneAndDelete({ shareId, user });
      if (!result) return null;
      return { _id: result._id?.toString(), success: true, shareId, message: 'Share deleted successfully' };
    } catch (error) {
      logger.error('[deleteSharedLink] Error deleting shared link', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
        shareId,
      });
      throw new ShareServiceError('Error deleting shared link', 'SHARE_DELETE_ERROR');
    }
  };

  const deleteAllSharedLinks: ShareMethods['deleteAllSharedLinks'] = async (user) => {
    try {
      const found = await links.find({ user }, { select: '_id' });
      const ids = found.map((l) => String(l._id));
      const result = await links.deleteMany({ user });
      return {
        message: 'All shared links deleted successfully',
        deletedCount: result.deletedCount,
        deletedIds: ids,
      };
    } catch (error) {
      logger.error('[deleteAllSharedLinks] Error deleting shared links', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
      });
      throw new ShareServiceError('Error deleting shared links', 'BULK_DELETE_ERROR');
    }
  };

  const deleteConvoSharedLink: ShareMethods['deleteConvoSharedLink'] = async (user, conversationId) => {
    if (!user || !conversationId)
      throw new ShareServiceError('Missing required parameters', 'INVALID_PARAMS');
    try {
      const found = await links.find({ user, conversationId }, { select: '_id' });
      const ids = found.map((l) => String(l._id));
      const result = await links.deleteMany({ user, conversationId });
      return {
        message: 'Shared links deleted successfully',
        deletedCount: result.deletedCount,
        deletedIds: ids,
      };
    } catch (error) {
      logger.error('[deleteConvoSharedLink] Error deleting shared links', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
        conversationId,
      });
      throw new ShareServiceError('Error deleting shared links', 'SHARE_DELETE_ERROR');
    }
  };

  return {
    createSharedLink,
    updateSharedLink,
    deleteSharedLink,
    deleteAllSharedLinks,
    deleteConvoSharedLink,
  };
}
