/**
 * Shared-link reads (upstream methods/share.ts): getSharedMessages (the public, anonymised view),
 * getSharedLinks (a user's links, keyset pages, optional Meili conversation search),
 * getSharedLink, getSharedLinkFile and backfillSharedLinkFiles. Expired links are invisible:
 * every reader applies upstream's activeExpirationFilter (the sweeper deletes them later).
 */
import type {
  IMessage,
  SharedFileSnapshot,
  SharedMessagesResult,
  ShareMethods,
} from '@librechat/data-schemas';
import {
  activeExpirationFilter,
  CLIENT_MESSAGE_SELECT,
  logger,
  MEILI_SEARCH_LIMIT,
} from '@librechat/data-schemas';
import { Constants, FileSources } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import { anonymizeMessages, memoizedAnonymizeId } from './anonymize.js';
import { getMessagesUpToTarget } from './branches.js';
import { buildSharedLinksCursorClauses, decodeSharedLinksCursor, encodeSharedLinksCursor } from './cursor.js';
import { ShareServiceError } from './errors.js';
import {
  buildFileSnapshots,
  enrichSnapshotDeliveryPaths,
  persistBackfilledSnapshots,
} from './fileSnapshots.js';
import { populateMessages } from './populate.js';

type Reads = Pick<
  ShareMethods,
  'getSharedMessages' | 'getSharedLinks' | 'getSharedLink' | 'getSharedLinkFile' | 'backfillSharedLinkFiles'
>;
type Doc = Record<string, unknown>;
type MeiliSearchable = {
  meiliSearch(q: string, params: Record<string, unknown>): Promise<{ hits?: { conversationId: string }[] }>;
};

const active = () => activeExpirationFilter() as Filter;

export function createShareReads(ctx: PgContext): Reads {
  const links = ctx.collections.sharedlinks;

  const getSharedMessages: ShareMethods['getSharedMessages'] = async (shareId, shareObjectId, options) => {
    let preflightFailed = false;
    try {
      const share = await links.findOne(
        shareObjectId ? { _id: shareObjectId, ...active() } : { shareId, ...active() },
        { select: '-__v' },
      );
      if (!share) return null;
      share.messages = await populateMessages(ctx, share.messages, CLIENT_MESSAGE_SELECT);
      if (!share.conversationId) return null;

      let messagesToShare = share.messages as IMessage[];
      if (share.targetMessageId) {
        messagesToShare = getMessagesUpToTarget(messagesToShare, share.targetMessageId as string);
      }

      // Anonymous ids are consistent within one response, never across links or requests.
      const anonymizeConvoId = memoizedAnonymizeId('convo');
      const anonymizeAssistantId = memoizedAnonymizeId('a');
      const memoizedMessageId = memoizedAnonymizeId('msg');
      const anonymizeMessageId = (id: string) =>
        !id || id === Constants.NO_PARENT ? Constants.NO_PARENT : memoizedMessageId(id);
      const newConvoId = anonymizeConvoId(share.conversationId as string);
      const resolvedShareId = (share.shareId as string) || shareId;

      const adminEnabled = options?.snapshotFiles !== false;
      const perLinkEnabled = share.snapshotFiles !== false;
      const includeFiles = adminEnabled && perLinkEnabled;
      let fileSnapshots = share.fileSnapshots as SharedFileSnapshot[] | undefined;
      const originalFileSnapshots = share.fileSnapshots as SharedFileSnapshot[] | undefined;
      let shouldPersistEnrichedDeliveryPaths = false;
      const shouldPersistFileSnapshots = includeFiles && fileSnapshots === undefined && share._id != null;
      if (shouldPersistFileSnapshots) {
        fileSnapshots = await buildFileSnapshots(ctx, messagesToShare, share.user as string | undefined);
      } else if (includeFiles && fileSnapshots !== undefined) {
        const enriched = await enrichSnapshotDeliveryPaths(ctx, share);
        fileSnapshots = enriched.snapshots;
        shouldPersistEnrichedDeliveryPaths = enriched.changed;
      }

      const snapshotIds = includeFiles
        ? new Set<string>((fileSnapshots ?? []).map((snapshot) => snapshot.file_id))
        : new Set<string>();
      const textSourceIds = includeFiles
        ? new Set<string>(
            (fileSnapshots ?? [])
              .filter((snapshot) => snapshot.source === FileSources.text)
              .map((snapshot) => snapshot.file_id),
          )
        : new Set<string>();
      const deliveryPathById = includeFiles
        ? new Map(
            (fileSnapshots ?? []).flatMap((snapshot) =>
              snapshot.llmDeliveryPath == null ? [] : [[snapshot.file_id, snapshot.llmDeliveryPath] as const],
            ),
          )
        : new Map<string, SharedFileSnapshot['llmDeliveryPath']>();
      const { messages, hasConfiguredSender } = anonymizeMessages(messagesToShare, {
        newConvoId,
        shareId: resolvedShareId,
        snapshotIds,
        textSourceIds,
        deliveryPathById,
        includeFiles,
        anonymizeMessageId,
        anonymizeAssistantId,
      });
      const result: SharedMessagesResult = {
        shareId: resolvedShareId,
        title: share.title as string | undefined,
        ...(hasConfiguredSender ? { hasConfiguredSender: true } : {}),
        createdAt: share.createdAt as Date | undefined,
        updatedAt: share.updatedAt as Date | undefined,
        conversationId: newConvoId,
        messages,
      } as SharedMessagesResult;

      try {
        await options?.preflight?.(result);
      } catch (error) {
        preflightFailed = true;
        throw error;
      }

      if (shouldPersistFileSnapshots) {
        await persistBackfilledSnapshots(ctx, { _id: share._id }, fileSnapshots ?? []);
      } else if (
        shouldPersistEnrichedDeliveryPaths &&
        share._id != null &&
        originalFileSnapshots !== undefined
      ) {
        await links.updateOne(
          { _id: share._id, fileSnapshots: originalFileSnapshots, snapshotFiles: { $ne: false } },
          { $set: { fileSnapshots } },
          { timestamps: false },
        );
      }
      return result;
    } catch (error) {
      if (preflightFailed) throw error;
      logger.error('[getSharedMessages] Error getting share link', {
        error: error instanceof Error ? error.message : 'Unknown error',
        shareId,
      });
      throw new ShareServiceError('Error getting share link', 'SHARE_FETCH_ERROR');
    }
  };

  const getSharedLinks: ShareMethods['getSharedLinks'] = async (
    user,
    pageParam,
    pageSize = 10,
    sortBy = 'createdAt',
    sortDirection = 'desc',
    search,
  ) => {
    try {
      const query: Filter = { user, ...active() };
      if (pageParam) {
        const op = sortDirection === 'desc' ? '$lt' : '$gt';
        const cursor = decodeSharedLinksCursor(pageParam);
        if (cursor) {
          // Under $and: the expiration filter owns $or.
          query.$and = [{ $or: buildSharedLinksCursorClauses(cursor, sortBy, sortDirection === 'desc') }];
        } else {
          query[sortBy] = { [op]: pageParam };
        }
      }

      if (search?.trim()) {
        try {
          // Upstream's Meili plugin on the Conversation model (absent unless MEILI_HOST/KEY are set).
          const Conversation = ctx.shaper.model('Conversation') as unknown as MeiliSearchable;
          const searchResults = await Conversation.meiliSearch(search, {
            filter: `user = "${user}"`,
            limit: MEILI_SEARCH_LIMIT,
            attributesToRetrieve: ['conversationId'],
          });
          if (!searchResults?.hits?.length) return { links: [], nextCursor: undefined, hasNextPage: false };
          query.conversationId = { $in: searchResults.hits.map((hit) => hit.conversationId) };
        } catch (searchError) {
          logger.error('[getSharedLinks] Meilisearch error', {
            error: searchError instanceof Error ? searchError.message : 'Unknown error',
            user,
          });
          return { links: [], nextCursor: undefined, hasNextPage: false };
        }
      }

      const direction = sortDirection === 'desc' ? -1 : 1;
      const sharedLinks = await links.find(query, {
        sort: { [sortBy]: direction, _id: direction },
        limit: pageSize + 1,
        select: '-__v -user',
      });
      const hasNextPage = sharedLinks.length > pageSize;
      const page = sharedLinks.slice(0, pageSize);
      const nextCursor = hasNextPage
        ? encodeSharedLinksCursor(page[page.length - 1] as Doc, sortBy)
        : undefined;
      return {
        links: page.map((link) => ({
          shareId: (link.shareId as string) || '',
          title: (link?.title as string) || 'Untitled',
          createdAt: (link.createdAt as Date) || new Date(),
          conversationId: link.conversationId as string,
        })),
        nextCursor,
        hasNextPage,
      };
    } catch (error) {
      logger.error('[getSharedLinks] Error getting shares', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
      });
      throw new ShareServiceError('Error getting shares', 'SHARES_FETCH_ERROR');
    }
  };

  /** The most recently updated active share of a conversation. */
  const getSharedLink: ShareMethods['getSharedLink'] = async (user, conversationId) => {
    if (!user || !conversationId)
      throw new ShareServiceError('Missing required parameters', 'INVALID_PARAMS');
    try {
      const share = await links.findOne(
        { conversationId, user, ...active() },
        { select: 'shareId targetMessageId snapshotFiles _id', sort: { updatedAt: -1 } },
      );
      if (!share) return { shareId: null, success: false };
      return {
        _id: share._id?.toString(),
        shareId: (share.shareId as string) || null,
        targetMessageId: share.targetMessageId as string | undefined,
        snapshotFiles: share.snapshotFiles as boolean | undefined,
        success: true,
      };
    } catch (error) {
      logger.error('[getSharedLink] Error getting shared link', {
        error: error instanceof Error ? error.message : 'Unknown error',
        user,
        conversationId,
      });
      throw new ShareServiceError('Error getting shared link', 'SHARE_FETCH_ERROR');
    }
  };

  /** One snapshot entry for the share-scoped file route; `hasSnapshots` tells legacy links apart. */
  const getSharedLinkFile: ShareMethods['getSharedLinkFile'] = async (shareId, fileId) => {
    const share = await links.findOne({ shareId, ...active() }, { select: 'fileSnapshots snapshotFiles' });
    if (!share) return { file: null, hasSnapshots: false, optedOut: false };
    const snapshots = share.fileSnapshots as SharedFileSnapshot[] | undefined;
    const hasSnapshots = snapshots !== undefined;
    const optedOut = share.snapshotFiles === false;
    const file = snapshots?.find((snapshot) => snapshot.file_id === fileId) ?? null;
    return { file, hasSnapshots, optedOut };
  };

  /** Builds and persists the snapshot of a legacy link; the requested entry or all of it. */
  const backfillSharedLinkFiles: ShareMethods['backfillSharedLinkFiles'] = async (shareId, fileId) => {
    try {
      const share = await links.findOne({ shareId, ...active() });
      if (!share) return null;
      let messages = await populateMessages(ctx, share.messages, '-_id -__v -user');
      if (share.targetMessageId) messages = getMessagesUpToTarget(messages, share.targetMessageId as string);
      const fileSnapshots = await persistBackfilledSnapshots(
        ctx,
        { shareId },
        await buildFileSnapshots(ctx, messages, share.user as string | undefined),
      );
      if (fileId) return fileSnapshots.find((snapshot) => snapshot.file_id === fileId) ?? null;
      return fileSnapshots;
    } catch (error) {
      logger.error('[backfillSharedLinkFiles] Error backfilling file snapshots', {
        error: error instanceof Error ? error.message : 'Unknown error',
        shareId,
      });
      return null;
    }
  };

  return { getSharedMessages, getSharedLinks, getSharedLink, getSharedLinkFile, backfillSharedLinkFiles };
}
