/**
 * ToolFavoriteMethods on PostgreSQL (upstream methods/favorite.ts): a user's favourite tools,
 * MCP servers and skills. Adding is idempotent; the unique (user, itemType, itemId) index is the
 * race backstop, and the MAX_TOOL_FAVORITES cap is a read-then-write soft limit, as upstream.
 */

import type { ToolFavoriteMethods } from '@librechat/data-schemas';
import { MAX_TOOL_FAVORITES } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

const DUPLICATE_KEY_ERROR = 11000;

function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: number }).code === DUPLICATE_KEY_ERROR
  );
}

/** Upstream's cap error: a plain Error with `code` and `limit`. */
function capError(): Error {
  const error = new Error(`Maximum of ${MAX_TOOL_FAVORITES} favorites reached`);
  (error as Error & { code: string; limit: number }).code = 'MAX_FAVORITES_EXCEEDED';
  (error as Error & { code: string; limit: number }).limit = MAX_TOOL_FAVORITES;
  return error;
}

export function createToolFavoriteMethods({ collections }: PgContext): ToolFavoriteMethods {
  const favorites = collections.toolfavorites;

  const getToolFavorites: ToolFavoriteMethods['getToolFavorites'] = async (userId) =>
    (await favorites.find(
      { user: userId },
      { select: 'itemType itemId -_id', sort: { createdAt: 1 } },
    )) as never;

  const addToolFavorite: ToolFavoriteMethods['addToolFavorite'] = async ({ userId, itemType, itemId }) => {
    const filter = { user: userId, itemType, itemId };
    const existing = await favorites.exists(filter);
    if (existing != null) return { ok: true, added: false };

    const count = await favorites.count({ user: userId });
    if (count >= MAX_TOOL_FAVORITES) throw capError();

    try {
      await favorites.updateOne(filter, { $setOnInsert: filter }, { upsert: true, runValidators: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return { ok: true, added: true };
  };

  const removeToolFavorite: ToolFavoriteMethods['removeToolFavorite'] = async ({
    userId,
    itemType,
    itemId,
  }) => {
    const result = await favorites.deleteOne({ user: userId, itemType, itemId });
    return { ok: true, removed: result.deletedCount > 0 };
  };

  return { getToolFavorites, addToolFavorite, removeToolFavorite };
}
