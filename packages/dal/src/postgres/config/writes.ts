/**
 * Config writes (upstream methods/config.ts). Every write bumps `configVersion`; upserts create the
 * principal's config with the schema defaults. `expectEmpty` makes a write conditional on the
 * config having no overrides and no tombstones (compare-and-set: a non-empty config fails the
 * filter, the upsert's insert then meets the unique index and upsertConfig answers null). Results
 * are mongoose documents, as upstream's (no `.lean()`).
 */
import type { ConfigMethods } from '@librechat/data-schemas';
import { escapeRegExp } from '@librechat/data-schemas';
import type { Filter, PgCollection } from '../store/collection.js';

type Writes = Omit<ConfigMethods, 'findConfigByPrincipal' | 'listAllConfigs' | 'getApplicableConfigs'>;

/** `a.b.c` clears the tombstones `a.b` and `a.b.c` (a top-level field only itself). */
function getTombstonePathsToClear(fieldPath: string): string[] {
  const parts = fieldPath.split('.');
  if (parts.length <= 1) return [fieldPath];
  return parts.slice(1).map((_, index) => parts.slice(0, index + 2).join('.'));
}

function getPathAndDescendantsRegex(fieldPath: string): RegExp {
  return new RegExp(`^${escapeRegExp(fieldPath)}(?:\\.|$)`);
}

const EMPTY_CONFIG = [
  { $or: [{ overrides: { $eq: {} } }, { overrides: { $exists: false } }] },
  { $or: [{ tombstones: { $size: 0 } }, { tombstones: { $exists: false } }] },
];

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

export function createConfigWrites(configs: PgCollection): Writes {
  const hydrated = (doc: Record<string, unknown> | null) =>
    (doc ? configs.model.hydrate(doc) : null) as never;
  const upsertOptions = { upsert: true, new: true };

  const upsertConfig: Writes['upsertConfig'] = async (
    principalType,
    principalId,
    principalModel,
    overrides,
    priority,
    _session,
    options,
  ) => {
    const query: Filter = { principalType, principalId: principalId.toString() };
    if (options?.expectEmpty) query.$and = EMPTY_CONFIG;
    const $set = {
      principalModel,
      overrides,
      ...(options?.preservePriority ? {} : { priority }),
      isActive: true,
    };
    const update = {
      $set,
      ...(options?.preservePriority ? { $setOnInsert: { priority } } : {}),
      $inc: { configVersion: 1 },
    };
    try {
      return hydrated((await configs.findOneAndUpdate(query, update, upsertOptions)).after);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (options?.expectEmpty) return null;
      const retried = await configs.findOneAndUpdate(
        { principalType, principalId: principalId.toString() },
        { $set, $inc: update.$inc },
        { new: true },
      );
      return hydrated(retried.after);
    }
  };

  /** Sets `overrides.<path>` per field and clears the tombstones of those paths and their parents. */
  const patchConfigFields: Writes['patchConfigFields'] = async (
    principalType,
    principalId,
    principalModel,
    fields,
    priority,
  ) => {
    const setPayload: Record<string, unknown> = { principalModel, priority };
    for (const [path, value] of Object.entries(fields)) setPayload[`overrides.${path}`] = value;
    const tombstonesToClear = [...new Set(Object.keys(fields).flatMap(getTombstonePathsToClear))];
    const update: Record<string, unknown> = { $set: setPayload, $inc: { configVersion: 1 } };
    if (tombstonesToClear.length > 0) update.$pull = { tombstones: { $in: tombstonesToClear } };
    const result = await configs.findOneAndUpdate(
      { principalType, principalId: principalId.toString() },
      update,
      upsertOptions,
    );
    return hydrated(result.after);
  };

  /** Removes `overrides.<fieldPath>` and records it as deliberately cleared. */
  const tombstoneConfigField: Writes['tombstoneConfigField'] = async (
    principalType,
    principalId,
    principalModel,
    fieldPath,
    priority,
  ) => {
    const result = await configs.findOneAndUpdate(
      { principalType, principalId: principalId.toString() },
      {
        $set: { principalModel, priority },
        $unset: { [`overrides.${fieldPath}`]: '' },
        $addToSet: { tombstones: fieldPath },
        $inc: { configVersion: 1 },
      },
      upsertOptions,
    );
    return hydrated(result.after);
  };

  /** Removes `overrides.<fieldPath>` and the tombstones of that path and its descendants; never inserts. */
  const unsetConfigField: Writes['unsetConfigField'] = async (principalType, principalId, fieldPath) => {
    const result = await configs.findOneAndUpdate(
      { principalType, principalId: principalId.toString() },
      {
        $unset: { [`overrides.${fieldPath}`]: '' },
        $pull: { tombstones: { $regex: getPathAndDescendantsRegex(fieldPath) } },
        $inc: { configVersion: 1 },
      },
      { new: true },
    );
    return hydrated(result.after);
  };

  const principalFilter = (
    principalType: string,
    principalId: { toString(): string },
    options?: { expectEmpty?: boolean },
  ): Filter => ({
    principalType,
    principalId: principalId.toString(),
    ...(options?.expectEmpty ? { $and: EMPTY_CONFIG } : {}),
  });

  const deleteConfig: Writes['deleteConfig'] = async (principalType, principalId, _session, options) =>
    hydrated(await configs.findOneAndDelete(principalFilter(principalType, principalId, options)));

  const toggleConfigActive: Writes['toggleConfigActive'] = async (
    principalType,
    principalId,
    isActive,
    _session,
    options,
  ) => {
    const result = await configs.findOneAndUpdate(
      principalFilter(principalType, principalId, options),
      { $set: { isActive } },
      { new: true },
    );
    return hydrated(result.after);
  };

  return {
    upsertConfig,
    patchConfigFields,
    tombstoneConfigField,
    unsetConfigField,
    deleteConfig,
    toggleConfigActive,
  };
}
