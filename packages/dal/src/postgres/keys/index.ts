/**
 * KeyMethods on PostgreSQL (upstream methods/key.ts): user-provided endpoint keys, encrypted
 * with upstream's `encrypt`/`decrypt`. Like upstream, the readers do not filter on expiresAt
 * (callers check getUserKeyExpiry); expired rows are deleted by the sweeper.
 */

import type { KeyMethods } from '@librechat/data-schemas';
import { decrypt, encrypt, logger } from '@librechat/data-schemas';
import { ErrorTypes } from 'librechat-data-provider';
import type { PgContext } from '../context.js';

export function createKeyMethods({ collections }: PgContext): KeyMethods {
  const keys = collections.keys;

  const getUserKey: KeyMethods['getUserKey'] = async ({ userId, name }) => {
    const keyValue = (await keys.findOne({ userId, name })) as { value: string } | null;
    if (!keyValue) throw new Error(JSON.stringify({ type: ErrorTypes.NO_USER_KEY }));
    return await decrypt(keyValue.value);
  };

  const getUserKeyValues: KeyMethods['getUserKeyValues'] = async ({ userId, name }) => {
    const userValues = await getUserKey({ userId, name });
    try {
      return JSON.parse(userValues) as Record<string, string>;
    } catch (e) {
      logger.error('[getUserKeyValues]', e);
      throw new Error(JSON.stringify({ type: ErrorTypes.INVALID_USER_KEY }));
    }
  };

  const getUserKeyExpiry: KeyMethods['getUserKeyExpiry'] = async ({ userId, name }) => {
    const keyValue = (await keys.findOne({ userId, name })) as { expiresAt?: Date } | null;
    if (!keyValue) return { expiresAt: null };
    return { expiresAt: keyValue.expiresAt || 'never' };
  };

  /** Encrypts and upserts; no expiresAt unsets it (the key never expires). */
  const updateUserKey: KeyMethods['updateUserKey'] = async ({ userId, name, value, expiresAt = null }) => {
    const encryptedValue = await encrypt(value);
    const updateObject: Record<string, unknown> = { userId, name, value: encryptedValue };
    const updateQuery: Record<string, unknown> = { $set: updateObject };
    if (expiresAt) updateObject.expiresAt = new Date(expiresAt);
    else updateQuery.$unset = { expiresAt: '' };
    return await keys.findOneAndUpdateLean({ userId, name }, updateQuery, { upsert: true, new: true });
  };

  const deleteUserKey: KeyMethods['deleteUserKey'] = async ({ userId, name, all = false }) => {
    if (all) return await keys.deleteMany({ userId });
    return await keys.findOneAndDelete({ userId, name });
  };

  return { getUserKey, updateUserKey, deleteUserKey, getUserKeyValues, getUserKeyExpiry };
}
