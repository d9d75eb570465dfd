/**
 * saveConvo (upstream methods/conversation.ts): upsert by (conversationId, user) with the message
 * id list, project validation, retention, timestamp rules and the archive compare-and-set, then
 * the project-stats bookkeeping. Soft error: `{ message: 'Error saving conversation' }`.
 */
import {
  type ConversationMethods,
  createChatExpirationDate,
  isValidObjectIdString,
  logger,
} from '@librechat/data-schemas';
import { RetentionMode } from 'librechat-data-provider';
import { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { applyRetention } from '../store/retention.js';
import { type Hydrated, hydrate } from './hydrate.js';
import { refreshChatProjectStatsForUser, updateChatProjectLastConversationForUser } from './projectStats.js';
import { relatedCollection } from './related.js';
import { type Doc, stripActorCheckpointFields } from './shared.js';

interface UpdateResult {
  value: Hydrated | null;
  updatedExisting: boolean;
}

export function createSaveConvo(ctx: PgContext): ConversationMethods['saveConvo'] {
  const { conversations, messages } = ctx.collections;
  const chatprojects = relatedCollection(ctx, 'chatprojects');

  return async (
    { userId, isTemporary, expiredAt, interfaceConfig },
    { conversationId, newConversationId, ...convo },
    metadata,
  ) => {
    try {
      if (metadata?.context) logger.debug(`[saveConvo] ${metadata.context}`);

      const appendMessageIds = metadata?.appendMessageIds;
      const update: Doc = { ...convo, user: userId };
      delete update.isTemporary;
      delete update.expiredAt;
      delete update.initial_agent_id;
      /** Ordinary saves may seed a decision, but only an explicit move may replace it. */
      const decisionOnInsert: Doc = {
        ...(convo.codeEnvironmentMode != null && { codeEnvironmentMode: convo.codeEnvironmentMode }),
        ...(convo.codeWorkspaces != null && { codeWorkspaces: convo.codeWorkspaces }),
      };
      delete update.codeEnvironmentMode;
      delete update.codeWorkspaces;
      stripActorCheckpointFields(update);
      if (appendMessageIds == null) {
        update.messages = await messages.find(
          { conversationId, user: userId },
          { select: '_id', sort: { createdAt: 1 } },
        );
      } else {
        delete update.messages;
      }
      const unsetFields: Record<string, number> = { ...(metadata?.unsetFields ?? {}) };
      delete unsetFields.initial_agent_id;
      delete unsetFields.codeEnvironmentMode;
      delete unsetFields.codeWorkspaces;
      stripActorCheckpointFields(unsetFields);

      if (Object.hasOwn(update, 'chatProjectId') && update.chatProjectId) {
        const chatProjectId = typeof update.chatProjectId === 'string' ? update.chatProjectId : '';
        let isValidChatProject = isValidObjectIdString(chatProjectId);
        if (isValidChatProject) {
          const project = await chatprojects?.exists({
            _id: new Types.ObjectId(chatProjectId),
            user: userId,
          });
          isValidChatProject = project != null;
        }
        if (!isValidChatProject) {
          delete update.chatProjectId;
          unsetFields.chatProjectId = 1;
        }
      }

      const mayChangeProjectMembership =
        Object.hasOwn(update, 'chatProjectId') || Object.hasOwn(unsetFields, 'chatProjectId');
      let previousChatProjectId: string | null = null;
      if (mayChangeProjectMembership) {
        const existing = await conversations.findOne(
          { conversationId, user: userId },
          { select: 'chatProjectId' },
        );
        previousChatProjectId = (existing?.chatProjectId as string | null | undefined) ?? null;
      }

      if (newConversationId) update.conversationId = newConversationId;

      const retentionOnInsert = applyRetention(
        update,
        { isTemporary, expiredAt, interfaceConfig },
        'saveConvo',
        metadata?.context,
      );

      const createdAtOnInsert =
        metadata?.createdAtOnInsert instanceof Date && !Number.isNaN(metadata.createdAtOnInsert.getTime())
          ? metadata.createdAtOnInsert
          : undefined;
      /** Metadata-only edits (pinning) must not read as activity: the sidebar orders by updatedAt. */
      const preserveUpdatedAt = metadata?.preserveUpdatedAt === true;
      const updatesArchiveState = typeof update.isArchived === 'boolean';
      if (!preserveUpdatedAt && (createdAtOnInsert || updatesArchiveState)) update.updatedAt = new Date();

      const timestamps = !(updatesArchiveState || createdAtOnInsert || preserveUpdatedAt);
      const canUpsert = metadata?.noUpsert !== true;
      const initialAgentId =
        canUpsert && typeof metadata?.initialAgentId === 'string' && metadata.initialAgentId.trim() !== ''
          ? metadata.initialAgentId
          : null;

      const buildOperation = (setFields: Doc): Doc => {
        const operation: Doc = { $set: setFields };
        if (appendMessageIds != null && appendMessageIds.length > 0) {
          operation.$addToSet = { messages: { $each: appendMessageIds } };
        }
        if (Object.keys(unsetFields).length > 0) operation.$unset = unsetFields;
        const createdAtForInsert = updatesArchiveState
          ? (createdAtOnInsert ??
            (!preserveUpdatedAt && update.updatedAt instanceof Date ? update.updatedAt : undefined))
          : createdAtOnInsert;
        operation.$setOnInsert = {
          initial_agent_id: initialAgentId,
          ...decisionOnInsert,
          ...retentionOnInsert,
          ...(createdAtForInsert ? { createdAt: createdAtForInsert } : {}),
        };
        return operation;
      };

      const baseFilter = { conversationId, user: userId };
      const runUpdate = async (filter: Doc, operation: Doc, upsert: boolean): Promise<UpdateResult> => {
        const r = await conversations.findOneAndUpdate(filter, operation, { new: true, upsert, timestamps });
        return { value: r.after ? hydrate(conversations, r.after) : null, updatedExisting: !r.upserted };
      };

      let result: UpdateResult;
      if (update.isArchived === true) {
        /** Compare-and-set on the flag: only the write that finds the chat unarchived stamps it. */
        const withoutStamp = { ...update };
        delete withoutStamp.archivedAt;
        const stamped = { ...withoutStamp, archivedAt: update.archivedAt ?? new Date() };
        const runArchiveWrites = async () => {
          const transitioned = await runUpdate(
            { ...baseFilter, isArchived: { $ne: true } },
            buildOperation(stamped),
            false,
          );
          if (transitioned.value) return transitioned;
          return runUpdate({ ...baseFilter, isArchived: true }, buildOperation(withoutStamp), false);
        };
        result = await runArchiveWrites();
        for (let attempt = 0; !result.value && attempt < 2; attempt++) {
          if (!(await conversations.exists(baseFilter))) break;
          result = await runArchiveWrites();
        }
        if (!result.value && canUpsert) result = await runUpdate(baseFilter, buildOperation(stamped), true);
        if (!result.value) {
          const current = await conversations.findOne(baseFilter);
          if (current) result = { value: hydrate(conversations, current), updatedExisting: true };
        }
      } else {
        result = await runUpdate(
          baseFilter,
          buildOperation(updatesArchiveState ? { ...update, archivedAt: null } : update),
          canUpsert,
        );
      }
      const conversation = result.value;
      if (!conversation) {
        logger.debug('[saveConvo] Conversation not found, skipping update');
        return null;
      }

      /** A chat that holds no code-environment decision yet takes the first whole one offered. */
      const codeWorkspaces = conversation.codeWorkspaces as unknown[] | undefined;
      if (
        decisionOnInsert.codeEnvironmentMode != null &&
        conversation.codeEnvironmentMode == null &&
        (codeWorkspaces?.length ?? 0) === 0
      ) {
        const seeded = await conversations.updateOne(
          {
            _id: conversation._id,
            codeEnvironmentMode: { $in: [null] },
            $or: [{ codeWorkspaces: { $in: [null] } }, { codeWorkspaces: { $size: 0 } }],
          },
          { $set: decisionOnInsert },
          { timestamps: false },
        );
        if (seeded.modifiedCount > 0) Object.assign(conversation, decisionOnInsert);
      }

      /** Reuse the saved row's chat type when callers omit it, preserving existing deadlines. */
      if (
        interfaceConfig?.retentionMode === RetentionMode.ALL &&
        interfaceConfig.generalChatRetention !== undefined &&
        typeof isTemporary !== 'boolean' &&
        conversation.expiredAt == null
      ) {
        const deadline = createChatExpirationDate(interfaceConfig, conversation.isTemporary === true);
        const r = await conversations.updateOne(
          {
            _id: conversation._id,
            expiredAt: null,
            isTemporary: conversation.isTemporary === true ? true : { $ne: true },
          },
          { $set: { expiredAt: deadline } },
          { timestamps: false },
        );
        if (r.modifiedCount > 0) conversation.expiredAt = deadline;
      }

      if (
        interfaceConfig?.retentionMode === RetentionMode.ALL &&
        typeof isTemporary !== 'boolean' &&
        (conversation.isTemporary == null ||
          (conversation.isTemporary === false && conversation.$isDefault('isTemporary')))
      ) {
        await conversations.updateOne(
          { _id: conversation._id, isTemporary: { $ne: false } },
          { $set: { isTemporary: false } },
          preserveUpdatedAt ? { timestamps: false } : {},
        );
        conversation.isTemporary = false;
      }

      const newChatProjectId = (conversation.chatProjectId as string | null | undefined) ?? null;
      const projectMembershipChanged = previousChatProjectId !== newChatProjectId;
      if (projectMembershipChanged && previousChatProjectId) {
        await refreshChatProjectStatsForUser(ctx, userId, previousChatProjectId);
      }

      if (conversation.chatProjectId) {
        const projectId = conversation.chatProjectId as string;
        const isRetentionVisibilityUpdate =
          typeof update.isTemporary === 'boolean' ||
          Object.hasOwn(convo, 'expiredAt') ||
          Object.hasOwn(unsetFields, 'isTemporary') ||
          Object.hasOwn(unsetFields, 'expiredAt');
        const isConversationHidden =
          conversation.isArchived === true ||
          conversation.isTemporary === true ||
          (conversation.expiredAt != null &&
            new Date(conversation.expiredAt as Date).getTime() <= Date.now());
        const isNewConversation = result.updatedExisting === false;
        const shouldRefreshProjectStats =
          projectMembershipChanged ||
          isNewConversation ||
          typeof update.isArchived === 'boolean' ||
          Object.hasOwn(unsetFields, 'isArchived') ||
          isRetentionVisibilityUpdate ||
          isConversationHidden;
        if (shouldRefreshProjectStats) {
          await refreshChatProjectStatsForUser(ctx, userId, projectId);
        } else {
          await updateChatProjectLastConversationForUser(ctx, userId, projectId, conversation as never);
        }
      }

      return conversation.toObject() as never;
    } catch (error) {
      logger.error('[saveConvo] Error saving conversation', error);
      if (metadata?.context) logger.info(`[saveConvo] ${metadata.context}`);
      return { message: 'Error saving conversation' };
    }
  };
}
