/** getConvoFiles, searchConversation, getConvo, getConvoOwnership, getConvoRetention, getConvoTitle. */
import { activeExpirationFilter, type ConversationMethods, logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { subagentLeaseTenantFilter } from './shared.js';

type Reads = Pick<
  ConversationMethods,
  | 'getConvoFiles'
  | 'searchConversation'
  | 'getConvo'
  | 'getConvoOwnership'
  | 'getConvoRetention'
  | 'getConvoTitle'
>;

export function createConversationReads({ collections }: PgContext): Reads {
  const conversations = collections.conversations;

  /** Not user-scoped (ownership checks). `fieldsToSelect: null` returns the whole document. */
  const searchConversation: Reads['searchConversation'] = async (
    conversationId,
    fieldsToSelect = 'conversationId user',
  ) => {
    try {
      return (await conversations.findOne({ conversationId }, { select: fieldsToSelect })) as never;
    } catch (error) {
      logger.error('[searchConversation] Error searching conversation', error);
      throw new Error('Error searching conversation');
    }
  };

  const getConvo: Reads['getConvo'] = async (user, conversationId) => {
    try {
      return (await conversations.findOne({ user, conversationId })) as never;
    } catch (error) {
      logger.error('[getConvo] Error getting single conversation', error);
      throw new Error('Error getting single conversation');
    }
  };

  const getConvoFiles: Reads['getConvoFiles'] = async (conversationId) => {
    try {
      const convo = await conversations.findOne({ conversationId }, { select: 'files' });
      return (convo?.files as string[] | undefined) ?? [];
    } catch (error) {
      logger.error('[getConvoFiles] Error getting conversation files', error);
      throw new Error('Error getting conversation files');
    }
  };

  const getConvoOwnership: Reads['getConvoOwnership'] = async (user, conversationId, tenantId) => {
    try {
      const tenantFilter = tenantId === undefined ? {} : subagentLeaseTenantFilter(tenantId ?? undefined);
      return (await conversations.findOne(
        { user, conversationId, ...tenantFilter, ...activeExpirationFilter() },
        { select: 'user tenantId subagentThread' },
      )) as never;
    } catch (error) {
      logger.error('[getConvoOwnership] Error checking conversation ownership', error);
      throw new Error('Error checking conversation ownership');
    }
  };

  const getConvoRetention: Reads['getConvoRetention'] = async (user, conversationId) => {
    try {
      return (await conversations.findOne(
        { user, conversationId },
        { select: 'expiredAt isTemporary' },
      )) as never;
    } catch (error) {
      logger.error('[getConvoRetention] Error getting conversation retention fields', error);
      throw new Error('Error getting conversation retention fields');
    }
  };

  const getConvoTitle: Reads['getConvoTitle'] = async (user, conversationId) => {
    try {
      const convo = await getConvo(user, conversationId);
      if (convo && !convo.title) return null;
      return convo?.title || 'New Chat';
    } catch (error) {
      logger.error('[getConvoTitle] Error getting conversation title', error);
      throw new Error('Error getting conversation title');
    }
  };

  return { searchConversation, getConvo, getConvoFiles, getConvoOwnership, getConvoRetention, getConvoTitle };
}
