/**
 * AssistantMethods on PostgreSQL (upstream methods/assistant.ts): LibreChat's records of OpenAI
 * assistants (avatar, starters, actions). Criteria go through upstream's field map
 * (assistantId → assistant_id, avatarFilepath → avatar.filepath). deleteAssistant returns a
 * mongoose document as upstream (no `.lean()`); the indexes come from the migration, so
 * ensureAssistantIndexes has nothing to do.
 */
import type { AssistantMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { buildFilter, type FieldMap } from '../store/criteria.js';
import type { Select } from '../store/projection.js';

type AssistantQuery = Parameters<AssistantMethods['getAssistants']>[0];

const ASSISTANT_FIELDS: FieldMap<AssistantQuery> = {
  assistantId: 'assistant_id',
  user: 'user',
  avatarFilepath: 'avatar.filepath',
};

const assistantFilter = (query: AssistantQuery) => buildFilter(query, ASSISTANT_FIELDS);

export function createAssistantMethods({ collections }: PgContext): AssistantMethods {
  const assistants = collections.assistants;

  const ensureAssistantIndexes: AssistantMethods['ensureAssistantIndexes'] = async () => {};

  /** `findOneAndUpdate(filter, updateData, { new: true, upsert: true }).lean()`. */
  const updateAssistantDoc: AssistantMethods['updateAssistantDoc'] = async (query, updateData) =>
    (await assistants.findOneAndUpdateLean(assistantFilter(query), updateData as Record<string, unknown>, {
      new: true,
      upsert: true,
    })) as never;

  const getAssistant: AssistantMethods['getAssistant'] = async (query, projection) => {
    await ensureAssistantIndexes();
    return (await assistants.findOne(assistantFilter(query), {
      select: projection as Select,
    })) as never;
  };

  const getAssistants: AssistantMethods['getAssistants'] = async (query, select = null) =>
    (await assistants.find(assistantFilter(query), select ? { select: select as Select } : {})) as never;

  const deleteAssistant: AssistantMethods['deleteAssistant'] = async (query) => {
    const deleted = await assistants.findOneAndDelete(assistantFilter(query));
    return (deleted ? assistants.model.hydrate(deleted) : null) as never;
  };

  const deleteAssistants: AssistantMethods['deleteAssistants'] = async (query) =>
    (await assistants.deleteMany(assistantFilter(query))).deletedCount;

  return {
    updateAssistantDoc,
    deleteAssistant,
    deleteAssistants,
    getAssistants,
    getAssistant,
    ensureAssistantIndexes,
  };
}
