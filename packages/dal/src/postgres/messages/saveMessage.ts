/**
 * saveMessage (upstream methods/message.ts): upsert by (messageId, user) with upstream's retention
 * rules, provenance merge, contextMeta unset, NaN tokenCount reset, and its duplicate-key
 * fallback. The common save is one SQL statement (upsert.ts); a save carrying user-submitted
 * paths runs upstream's optimistic provenance merge on the row-locked general path.
 */
import type { IMessage, MessageMethods } from '@librechat/data-schemas';
import { createChatExpirationDate, logger } from '@librechat/data-schemas';
import type { UserSubmittedMessageFieldPath } from 'librechat-data-provider';
import { RetentionMode } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import { applyRetention, type RetentionOnInsert } from '../store/retention.js';
import type { Doc } from '../store/rows.js';
import { hydrate, hydratedObject } from './documents.js';
import {
  getMissingProvenanceFilter,
  getProvenanceSnapshotFilter,
  getSteerUserSubmittedPaths,
  isDuplicateKeyError,
  MAX_PROVENANCE_CAS_ATTEMPTS,
  type MessageProvenance,
  mergeMessageProvenance,
  normalizeUserSubmittedMessageFieldPaths,
  normalizeUserSubmittedPaths,
} from './provenance.js';
import { upsertByKey } from './upsert.js';

const UUID_REGEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_COLUMNS = ['message_id', 'user', 'tenant_id'] as const;

/** upstream buildMessageSaveUpdate: a plain `$set` unless insert-only or unset parts are needed. */
export function buildMessageSaveUpdate(
  update: Doc,
  options: {
    stampModelOutputOnInsert: boolean;
    unsetContextMeta: boolean;
    retentionOnInsert?: RetentionOnInsert;
  },
): Doc {
  if (!options.stampModelOutputOnInsert && !options.unsetContextMeta && options.retentionOnInsert == null) {
    return update;
  }
  return {
    $set: update,
    ...((options.stampModelOutputOnInsert || options.retentionOnInsert != null) && {
      $setOnInsert: {
        ...(options.stampModelOutputOnInsert && { isUserSubmitted: false }),
        ...options.retentionOnInsert,
      },
    }),
    ...(options.unsetContextMeta && { $unset: { contextMeta: 1 } }),
  };
}

export function createMessageUpserts(ctx: PgContext) {
  const messages = ctx.collections.messages;

  /** findOneAndUpdate(identity, update, { upsert, new: true }) → the stored row, hidden fields included. */
  async function upsertStored(identity: Filter, update: Doc): Promise<Doc> {
    const { tenantId: _ignored, ...safe } = update as Doc & { tenantId?: unknown };
    return ((await upsertByKey(messages, identity, safe, KEY_COLUMNS, () => messages.databaseName())) ??
      (await messages.findOneAndUpdate(identity, safe, { upsert: true, new: true })).after) as Doc;
  }

  /** findOneAndUpdate(identity, update, { upsert, new: true }) → the hydrated document. */
  async function upsertMessage(identity: Filter, update: Doc): Promise<Doc & import('mongoose').Document> {
    return hydrate(messages, await upsertStored(identity, update));
  }

  /** upstream findOneAndMergeMessageProvenance: a bounded compare-and-set loop on the provenance fields. */
  async function findOneAndMergeMessageProvenance(
    identity: Filter,
    update: Doc,
    userSubmittedPaths: readonly string[],
    userSubmittedMessageFieldPaths: readonly UserSubmittedMessageFieldPath[],
    options: {
      upsert: boolean;
      stampModelOutputOnInsert?: boolean;
      unsetContextMeta?: boolean;
      retentionOnInsert?: RetentionOnInsert;
    },
  ) {
    const safeUpdate = { ...update };
    delete safeUpdate._id;
    delete safeUpdate.tenantId;
    const preservesStoredIsUserSubmitted = !Object.hasOwn(safeUpdate, 'isUserSubmitted');
    for (let attempt = 0; attempt < MAX_PROVENANCE_CAS_ATTEMPTS; attempt += 1) {
      const current = (await messages.findOne(identity, {
        select: { isUserSubmitted: 1, userSubmittedPaths: 1, userSubmittedMessageFieldPaths: 1, _id: 0 },
      })) as MessageProvenance | null;
      if (current == null && !options.upsert) return null;
      const provenance = mergeMessageProvenance(
        current,
        userSubmittedPaths,
        userSubmittedMessageFieldPaths,
        options.stampModelOutputOnInsert,
        typeof safeUpdate.isUserSubmitted === 'boolean' ? safeUpdate.isUserSubmitted : undefined,
        preservesStoredIsUserSubmitted,
      );
      const filter = {
        ...identity,
        ...(current == null ? getMissingProvenanceFilter() : getProvenanceSnapshotFilter(current)),
      };
      try {
        const result = await messages.findOneAndUpdate(
          filter,
          {
            $set: { ...safeUpdate, ...provenance },
            ...(current == null &&
              options.retentionOnInsert != null && { $setOnInsert: options.retentionOnInsert }),
            ...(options.unsetContextMeta && { $unset: { contextMeta: 1 } }),
          },
          { upsert: options.upsert && current == null, new: true },
        );
        if (result.after != null) return hydrate(messages, result.after);
      } catch (err) {
        if (!isDuplicateKeyError(err) || !options.upsert) throw err;
      }
    }
    throw new Error('Message provenance write contention exceeded its retry bound.');
  }

  const saveMessage: MessageMethods['saveMessage'] = async (
    { userId, isTemporary, expiredAt, interfaceConfig },
    params,
    metadata,
  ) => {
    if (!userId) throw new Error('User not authenticated');
    const conversationId = params.conversationId as string | undefined;
    if (!conversationId || !UUID_REGEX.test(conversationId)) {
      logger.warn(`Invalid conversation ID: ${conversationId} (context: ${metadata?.context ?? 'n/a'})`);
      return;
    }
    try {
      const update: Doc = { ...params, user: userId, messageId: params.newMessageId || params.messageId };
      delete update.isTemporary;
      delete update.expiredAt;
      const retentionOnInsert = applyRetention(
        update,
        { isTemporary, expiredAt, interfaceConfig },
        'saveMessage',
        metadata?.context,
      );

      const unsetContextMeta = update.contextMeta === null;
      if (unsetContextMeta) delete update.contextMeta;
      if (update.tokenCount != null && Number.isNaN(Number(update.tokenCount))) {
        logger.warn(
          `Resetting invalid \`tokenCount\` for message \`${params.messageId}\`: ${update.tokenCount}`,
        );
        logger.info(`---\`saveMessage\` context: ${metadata?.context}`);
        update.tokenCount = 0;
      }
      const userSubmittedPaths = normalizeUserSubmittedPaths([
        ...(Array.isArray(params.userSubmittedPaths) ? params.userSubmittedPaths : []),
        ...getSteerUserSubmittedPaths(params.content),
      ]);
      const userSubmittedMessageFieldPaths = normalizeUserSubmittedMessageFieldPaths(
        params.userSubmittedMessageFieldPaths,
      );
      delete update.userSubmittedPaths;
      delete update.userSubmittedMessageFieldPaths;
      const stampModelOutputOnInsert =
        params.isCreatedByUser === false && params.isUserSubmitted === undefined;
      const hasProvenance = userSubmittedPaths.length > 0 || userSubmittedMessageFieldPaths.length > 0;
      const identity = { messageId: params.messageId, user: userId };
      const saveUpdate = () =>
        buildMessageSaveUpdate(update, { stampModelOutputOnInsert, unsetContextMeta, retentionOnInsert });
      // Without retention-mode follow-ups nothing reads the document: the plain object is built
      // straight from the stored row (what hydrate().toObject() gives, without a Document).
      if (!hasProvenance && interfaceConfig?.retentionMode !== RetentionMode.ALL) {
        return hydratedObject(messages, await upsertStored(identity, saveUpdate())) as unknown as IMessage;
      }
      const message = hasProvenance
        ? await findOneAndMergeMessageProvenance(
            identity,
            update,
            userSubmittedPaths,
            userSubmittedMessageFieldPaths,
            { upsert: true, stampModelOutputOnInsert, unsetContextMeta, retentionOnInsert },
          )
        : await upsertMessage(identity, saveUpdate());

      if (message == null) return message as never;

      /** Reuse the saved row's chat type when callers omit it, preserving existing deadlines. */
      if (
        interfaceConfig?.retentionMode === RetentionMode.ALL &&
        interfaceConfig.generalChatRetention !== undefined &&
        typeof isTemporary !== 'boolean' &&
        message.expiredAt == null
      ) {
        const deadline = createChatExpirationDate(interfaceConfig, message.isTemporary === true);
        const result = await messages.updateOne(
          {
            _id: message._id,
            expiredAt: null,
            isTemporary: message.isTemporary === true ? true : { $ne: true },
          },
          { $set: { expiredAt: deadline } },
          { timestamps: false },
        );
        if (result.modifiedCount > 0) message.expiredAt = deadline;
      }

      if (
        interfaceConfig?.retentionMode === RetentionMode.ALL &&
        typeof isTemporary !== 'boolean' &&
        (message.isTemporary == null || (message.isTemporary === false && message.$isDefault('isTemporary')))
      ) {
        await messages.updateOne(
          { _id: message._id, isTemporary: { $ne: false } },
          { $set: { isTemporary: false } },
        );
        message.isTemporary = false;
      }

      return message.toObject() as IMessage;
    } catch (err: unknown) {
      logger.error('Error saving message:', err);
      logger.info(`---\`saveMessage\` context: ${metadata?.context}`);
      const mongoErr = err as { code?: number; message?: string };
      if (mongoErr.code === 11000 && mongoErr.message?.includes('duplicate key error')) {
        logger.warn(`Duplicate messageId detected: ${params.messageId}. Continuing execution.`);
        try {
          const existing = await messages.findOne({ messageId: params.messageId, user: userId });
          if (existing) return hydrate(messages, existing).toObject() as IMessage;
          return undefined;
        } catch (findError) {
          logger.warn(
            `Could not retrieve existing message with ID ${params.messageId}: ${(findError as Error).message}`,
          );
          return undefined;
        }
      }
      throw err;
    }
  };

  return { saveMessage, upsertMessage, findOneAndMergeMessageProvenance };
}
