/**
 * The retention fields a chat save writes (upstream's saveConvo and saveMessage share these rules):
 * an explicit `expiredAt` wins; `retentionMode: all` stamps a deadline (or, for a save that does
 * not say whether the chat is temporary, one on insert only); a temporary chat expires after
 * TEMP_CHAT_RETENTION_HOURS (clamped by upstream's helper); `isTemporary: false` clears it. A
 * deadline that cannot be computed falls back to upstream's fallback date, logged as upstream does.
 */
import {
  createChatExpirationDate,
  createFallbackRetentionDate,
  createTempChatExpirationDate,
  logger,
} from '@librechat/data-schemas';
import { RetentionMode } from 'librechat-data-provider';
import type { Doc } from './rows.js';

export type RetentionOnInsert = { expiredAt: Date; isTemporary: false };

type InterfaceConfig = Parameters<typeof createChatExpirationDate>[0];

export interface RetentionInput {
  isTemporary?: boolean | null;
  expiredAt?: Date | null;
  interfaceConfig?: InterfaceConfig;
}

/**
 * Sets `isTemporary`/`expiredAt` on `update` as upstream does, and returns the insert-only
 * retention when that rule applies. `method` names the caller in the log lines.
 */
export function applyRetention(
  update: Doc,
  { isTemporary, expiredAt, interfaceConfig }: RetentionInput,
  method: 'saveConvo' | 'saveMessage',
  context: string | undefined,
): RetentionOnInsert | undefined {
  const fallback = (message: string, err: unknown): Date => {
    logger.error(message, err);
    logger.info(`---\`${method}\` context: ${context}`);
    return createFallbackRetentionDate();
  };
  if (expiredAt instanceof Date && !Number.isNaN(expiredAt.getTime())) {
    if (typeof isTemporary === 'boolean') update.isTemporary = isTemporary;
    update.expiredAt = expiredAt;
  } else if (interfaceConfig?.retentionMode === RetentionMode.ALL) {
    if (typeof isTemporary === 'boolean') update.isTemporary = isTemporary;
    if (typeof isTemporary === 'boolean' || interfaceConfig.generalChatRetention === undefined) {
      try {
        update.expiredAt = createChatExpirationDate(interfaceConfig, isTemporary as boolean | undefined);
      } catch (err) {
        update.expiredAt = fallback('Error creating chat expiration date:', err);
      }
    } else {
      try {
        return { expiredAt: createChatExpirationDate(interfaceConfig, false), isTemporary: false };
      } catch (err) {
        return { expiredAt: fallback('Error creating chat expiration date:', err), isTemporary: false };
      }
    }
  } else if (isTemporary === true) {
    update.isTemporary = true;
    try {
      update.expiredAt = createTempChatExpirationDate(interfaceConfig);
    } catch (err) {
      update.expiredAt = fallback('Error creating temporary chat expiration date:', err);
    }
  } else if (isTemporary === false) {
    update.isTemporary = false;
    update.expiredAt = null;
  }
  return undefined;
}
