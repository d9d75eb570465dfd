/**
 * AgentApiKeyMethods on PostgreSQL (upstream methods/agentApiKey.ts). Keys are `sk-` + 64 hex
 * characters from upstream's getRandomValues, stored as upstream's SHA-256 `hashToken` and an
 * 8-character prefix; validateAgentApiKey refuses expired keys itself (the sweeper deletes them).
 */

import type { AgentApiKeyMethods, IAgentApiKey } from '@librechat/data-schemas';
import { getRandomValues, hashToken, logger } from '@librechat/data-schemas';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';

const API_KEY_PREFIX = 'sk-';
const API_KEY_LENGTH = 32;

type KeyDoc = IAgentApiKey & { _id: Types.ObjectId };

function listItem(key: KeyDoc) {
  return {
    id: key._id.toString(),
    name: key.name,
    keyPrefix: key.keyPrefix,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    createdAt: key.createdAt,
  };
}

export function createAgentApiKeyMethods({ collections }: PgContext): AgentApiKeyMethods {
  const apiKeys = collections.agentapikeys;

  async function generateApiKey(): Promise<{ key: string; keyHash: string; keyPrefix: string }> {
    const randomPart = await getRandomValues(API_KEY_LENGTH);
    const key = `${API_KEY_PREFIX}${randomPart}`;
    return { key, keyHash: await hashToken(key), keyPrefix: key.slice(0, 8) };
  }

  /** Returns the full key once; only its hash is stored. */
  const createAgentApiKey: AgentApiKeyMethods['createAgentApiKey'] = async (data) => {
    try {
      const { key, keyHash, keyPrefix } = await generateApiKey();
      const apiKeyDoc = await apiKeys.create({
        userId: data.userId,
        name: data.name,
        keyHash,
        keyPrefix,
        expiresAt: data.expiresAt || undefined,
      });
      return {
        id: apiKeyDoc._id.toString(),
        name: apiKeyDoc.name,
        keyPrefix,
        key,
        createdAt: apiKeyDoc.createdAt,
        expiresAt: apiKeyDoc.expiresAt,
      };
    } catch (error) {
      logger.error('[createAgentApiKey] Error creating API key:', error);
      throw error;
    }
  };

  const validateAgentApiKey: AgentApiKeyMethods['validateAgentApiKey'] = async (apiKey) => {
    try {
      const keyHash = await hashToken(apiKey);
      const keyDoc = (await apiKeys.findOne({ keyHash })) as KeyDoc | null;
      if (!keyDoc) return null;
      if (keyDoc.expiresAt && new Date(keyDoc.expiresAt) < new Date()) return null;
      await apiKeys.updateOne({ _id: keyDoc._id }, { $set: { lastUsedAt: new Date() } });
      return { userId: keyDoc.userId, keyId: keyDoc._id };
    } catch (error) {
      logger.error('[validateAgentApiKey] Error validating API key:', error);
      return null;
    }
  };

  /** Newest first. */
  const listAgentApiKeys: AgentApiKeyMethods['listAgentApiKeys'] = async (userId) => {
    try {
      const keys = (await apiKeys.find({ userId }, { sort: { createdAt: -1 } })) as unknown as KeyDoc[];
      return keys.map(listItem);
    } catch (error) {
      logger.error('[listAgentApiKeys] Error listing API keys:', error);
      throw error;
    }
  };

  const deleteAgentApiKey: AgentApiKeyMethods['deleteAgentApiKey'] = async (keyId, userId) => {
    try {
      const result = await apiKeys.deleteOne({ _id: keyId, userId });
      return result.deletedCount > 0;
    } catch (error) {
      logger.error('[deleteAgentApiKey] Error deleting API key:', error);
      throw error;
    }
  };

  const deleteAllAgentApiKeys: AgentApiKeyMethods['deleteAllAgentApiKeys'] = async (userId) => {
    try {
      const result = await apiKeys.deleteMany({ userId });
      return result.deletedCount;
    } catch (error) {
      logger.error('[deleteAllAgentApiKeys] Error deleting all API keys:', error);
      throw error;
    }
  };

  const getAgentApiKeyById: AgentApiKeyMethods['getAgentApiKeyById'] = async (keyId, userId) => {
    try {
      const keyDoc = (await apiKeys.findOne({ _id: keyId, userId })) as KeyDoc | null;
      return keyDoc ? listItem(keyDoc) : null;
    } catch (error) {
      logger.error('[getAgentApiKeyById] Error getting API key:', error);
      throw error;
    }
  };

  return {
    createAgentApiKey,
    validateAgentApiKey,
    listAgentApiKeys,
    deleteAgentApiKey,
    deleteAllAgentApiKeys,
    getAgentApiKeyById,
  };
}
