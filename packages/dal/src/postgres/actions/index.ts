/**
 * ActionMethods on PostgreSQL (upstream methods/action.ts): OpenAPI actions of agents and
 * assistants. Criteria go through upstream's field map (actionId → action_id, …); reads strip the
 * credentials (api_key, oauth_client_id, oauth_client_secret) unless asked for them.
 */
import type { ActionMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { buildFilter, type FieldMap } from '../store/criteria.js';

type ActionQuery = Parameters<ActionMethods['getActions']>[0];

const sensitiveFields = ['api_key', 'oauth_client_id', 'oauth_client_secret'] as const;

const ACTION_FIELDS: FieldMap<ActionQuery> = {
  actionId: 'action_id',
  agentId: 'agent_id',
  assistantId: 'assistant_id',
  user: 'user',
};

const actionFilter = (query: ActionQuery) => buildFilter(query, ACTION_FIELDS);

export function createActionMethods({ collections }: PgContext): ActionMethods {
  const actions = collections.actions;

  /** `findOneAndUpdate(filter, updateData, { new: true, upsert: true }).lean()`. */
  const updateAction: ActionMethods['updateAction'] = async (query, updateData) =>
    (await actions.findOneAndUpdateLean(actionFilter(query), updateData as Record<string, unknown>, {
      new: true,
      upsert: true,
    })) as never;

  const getActions: ActionMethods['getActions'] = async (query, includeSensitive = false) => {
    const found = (await actions.find(actionFilter(query))) as Array<{
      metadata?: Record<string, unknown>;
    }>;
    if (!includeSensitive) {
      for (const action of found) {
        const metadata = action.metadata;
        if (!metadata) continue;
        for (const field of sensitiveFields) {
          if (metadata[field]) delete metadata[field];
        }
      }
    }
    return found as never;
  };

  const deleteAction: ActionMethods['deleteAction'] = async (query) =>
    (await actions.findOneAndDelete(actionFilter(query))) as never;

  const deleteActions: ActionMethods['deleteActions'] = async (query) =>
    (await actions.deleteMany(actionFilter(query))).deletedCount;

  return { getActions, updateAction, deleteAction, deleteActions };
}
