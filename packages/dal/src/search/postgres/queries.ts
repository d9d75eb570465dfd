/**
 * The search reads of the PostgreSQL backend, as upstream's plugin answers them on MongoDB:
 *
 * - `searchMessages(q, params, hydrate)` = `Message.meiliSearch`: Meili search of `messages`; with
 *   `hydrate`, each hit is merged over its database document (all schema paths, hit fields win).
 * - `conversationIdsForSearch(user, search)` = the search step of `getConvosByCursor`: Meili
 *   `convos` and `messages` hits for the user (a failing message search is logged and only
 *   title matches count); any other failure is `Error('Error during meiliSearch')`.
 *
 * Without Meili (search disabled) both answer from the database (fallback.ts).
 */
import { logger, MEILI_SEARCH_LIMIT, type MessageMethods } from '@librechat/data-schemas';
import type { MeiliSearch } from 'meilisearch';
import type { Doc } from '../documents.js';
import { type FallbackParams, fallbackSearch } from './fallback.js';
import type { IndexTable } from './rows.js';

export interface PgSearchRuntime {
  /** Meili in use (SEARCH=true with MEILI_HOST and MEILI_MASTER_KEY); false: database fallback. */
  meili: boolean;
  searchMessages: MessageMethods['searchMessages'];
  /** `Conversation.meiliSearch(q, params)` (no population), or the database fallback. */
  searchConversations(q: string, params?: Record<string, unknown>): Promise<{ hits: Doc[] }>;
  conversationIdsForSearch(user: string, search: string): Promise<string[]>;
}

const escapeMeiliFilterValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function createPgSearchRuntime(options: {
  client: MeiliSearch | null;
  messages: IndexTable;
  convos: IndexTable;
}): PgSearchRuntime {
  const { client, messages, convos } = options;
  const collection = messages.collection;
  const schemaObj = collection.model.schema.obj as Record<string, unknown>;
  const projection = Object.keys(schemaObj).reduce<Record<string, 1>>(
    (out, key) => {
      if (!key.startsWith('$')) out[key] = 1;
      return out;
    },
    { _id: 1, __v: 1 },
  );

  async function search(t: IndexTable, q: string, params: FallbackParams) {
    if (client) return client.index(t.def.uid).search(q, params as never);
    return fallbackSearch(collection.pool, t, q, params);
  }

  const searchMessages: MessageMethods['searchMessages'] = async (q, searchOptions, hydrate) => {
    const data = (await search(messages, q, (searchOptions ?? {}) as FallbackParams)) as { hits: Doc[] };
    if (hydrate) {
      const ids = data.hits.map((hit) => hit.messageId);
      const found = await collection.find(
        { messageId: { $in: ids } },
        { select: projection, sort: { _id: 1 } },
      );
      data.hits = data.hits.map((hit) => {
        const original = found.find((item) => item.messageId === hit.messageId);
        return { ...(original && typeof original === 'object' ? original : {}), ...hit };
      });
    }
    return data as never;
  };

  async function conversationIdsForSearch(user: string, searchText: string): Promise<string[]> {
    try {
      const params = {
        filter: `user = "${escapeMeiliFilterValue(user)}"`,
        limit: MEILI_SEARCH_LIMIT,
        attributesToRetrieve: ['conversationId', 'originalConversationId'],
      };
      const [convoResults, messageHits] = await Promise.all([
        search(convos, searchText, params) as Promise<{ hits: Doc[] }>,
        searchMessages(searchText, params as never).then(
          (results) => (Array.isArray(results.hits) ? results.hits : []),
          (error: unknown) => {
            logger.error('[getConvosByCursor] Message search failed, using title matches only', error);
            return [];
          },
        ),
      ]);
      const matchingIds = new Set<string>();
      for (const hit of convoResults.hits ?? []) {
        if (typeof hit.conversationId === 'string') matchingIds.add(hit.conversationId);
      }
      for (const hit of messageHits as Doc[]) {
        if (typeof hit.conversationId === 'string') matchingIds.add(hit.conversationId);
      }
      return [...matchingIds];
    } catch (error) {
      logger.error('[getConvosByCursor] Error during meiliSearch', error);
      throw new Error('Error during meiliSearch');
    }
  }

  return {
    meili: client !== null,
    searchMessages,
    searchConversations: (q, params = {}) =>
      search(convos, q, params as FallbackParams) as Promise<{ hits: Doc[] }>,
    conversationIdsForSearch,
  };
}
