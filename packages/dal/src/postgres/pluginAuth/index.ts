/**
 * PluginAuthMethods on PostgreSQL (upstream methods/pluginAuth.ts). Values arrive encrypted by
 * the caller (upstream's `encrypt`); errors are wrapped as upstream wraps them.
 */

import type { PluginAuthMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : 'Unknown error';
}

export function createPluginAuthMethods({ collections }: PgContext): PluginAuthMethods {
  const pluginAuths = collections.pluginauths;

  const findOnePluginAuth: PluginAuthMethods['findOnePluginAuth'] = async ({
    userId,
    authField,
    pluginKey,
  }) => {
    try {
      return (await pluginAuths.findOne({ userId, authField, ...(pluginKey && { pluginKey }) })) as never;
    } catch (error) {
      throw new Error(`Failed to find plugin auth: ${reason(error)}`);
    }
  };

  const findPluginAuthsByKeys: PluginAuthMethods['findPluginAuthsByKeys'] = async ({
    userId,
    pluginKeys,
  }) => {
    try {
      if (!pluginKeys || pluginKeys.length === 0) return [];
      return (await pluginAuths.find({ userId, pluginKey: { $in: pluginKeys } })) as never;
    } catch (error) {
      throw new Error(`Failed to find plugin auths: ${reason(error)}`);
    }
  };

  /** An existing {userId, pluginKey, authField} gets the new value; otherwise a new document is saved. */
  const updatePluginAuth: PluginAuthMethods['updatePluginAuth'] = async ({
    userId,
    authField,
    pluginKey,
    value,
  }) => {
    try {
      const existingAuth = await pluginAuths.findOne({ userId, pluginKey, authField });
      if (existingAuth) {
        return (await pluginAuths.findOneAndUpdateLean(
          { userId, pluginKey, authField },
          { $set: { value } },
          { new: true, upsert: true },
        )) as never;
      }
      const created = await pluginAuths.create({ userId, authField, value, pluginKey });
      return created.toObject();
    } catch (error) {
      throw new Error(`Failed to update plugin auth: ${reason(error)}`);
    }
  };

  /** `all` deletes the user's entries (of one plugin, if given); otherwise one entry by authField, whatever its plugin. */
  const deletePluginAuth: PluginAuthMethods['deletePluginAuth'] = async ({
    userId,
    authField,
    pluginKey,
    all = false,
  }) => {
    try {
      if (all) {
        const filter: Record<string, unknown> = { userId };
        if (pluginKey) filter.pluginKey = pluginKey;
        return (await pluginAuths.deleteMany(filter)) as never;
      }
      if (!authField) throw new Error('authField is required when all is false');
      return (await pluginAuths.deleteOne({ userId, authField })) as never;
    } catch (error) {
      throw new Error(`Failed to delete plugin auth: ${reason(error)}`);
    }
  };

  const deleteAllUserPluginAuths: PluginAuthMethods['deleteAllUserPluginAuths'] = async (userId) => {
    try {
      return (await pluginAuths.deleteMany({ userId })) as never;
    } catch (error) {
      throw new Error(`Failed to delete all user plugin auths: ${reason(error)}`);
    }
  };

  return {
    findOnePluginAuth,
    findPluginAuthsByKeys,
    updatePluginAuth,
    deletePluginAuth,
    deleteAllUserPluginAuths,
  };
}
