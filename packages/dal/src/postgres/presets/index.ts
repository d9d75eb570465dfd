/**
 * PresetMethods on PostgreSQL (upstream methods/preset.ts): a user's saved conversation presets.
 * Reads and saves answer soft errors (`{ message }`) as upstream; getPresets sorts in memory by
 * `order` (missing = 10000) then newest update; savePreset returns a hydrated document.
 */
import type { PresetMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';

type Preset = Record<string, unknown> & { order?: number; updatedAt?: Date };

export function createPresetMethods({ collections }: PgContext): PresetMethods {
  const presets = collections.presets;

  const getPreset: PresetMethods['getPreset'] = async (user, presetId) => {
    try {
      return (await presets.findOne({ user, presetId })) as never;
    } catch (error) {
      logger.error('[getPreset] Error getting single preset', error);
      return { message: 'Error getting single preset' };
    }
  };

  const getPresets: PresetMethods['getPresets'] = async (user, filter = {}) => {
    try {
      const found = (await presets.find({ ...filter, user })) as Preset[];
      const defaultValue = 10000;
      found.sort((a, b) => {
        const orderA = a.order !== undefined ? a.order : defaultValue;
        const orderB = b.order !== undefined ? b.order : defaultValue;
        if (orderA !== orderB) return orderA - orderB;
        return new Date(b.updatedAt ?? 0).getTime() - new Date(a.updatedAt ?? 0).getTime();
      });
      return found as never;
    } catch (error) {
      logger.error('[getPresets] Error getting presets', error);
      return { message: 'Error retrieving presets' };
    }
  };

  /**
   * Upsert by (presetId, user). Tools are normalised to plugin keys, `newPresetId` renames, and a
   * new default preset takes `order: 0` from the user's previous default.
   */
  const savePreset: PresetMethods['savePreset'] = async (
    user,
    { presetId, newPresetId, defaultPreset, ...preset },
  ) => {
    try {
      const setter: Record<string, unknown> = { $set: {} };
      const { user: _unusedUser, ...cleanPreset } = preset;
      const update: Record<string, unknown> = { presetId, ...cleanPreset };
      if (preset.tools && Array.isArray(preset.tools)) {
        update.tools =
          (preset.tools as Array<string | { pluginKey?: string }>)
            .map((tool) => (typeof tool === 'object' && tool?.pluginKey ? tool.pluginKey : tool))
            .filter((toolName) => typeof toolName === 'string') ?? [];
      }
      if (newPresetId) update.presetId = newPresetId;

      if (defaultPreset) {
        update.defaultPreset = defaultPreset;
        update.order = 0;
        const currentDefault = await presets.findOne({ defaultPreset: true, user });
        if (currentDefault && currentDefault.presetId !== presetId) {
          await presets.updateOne({ _id: currentDefault._id }, { $unset: { defaultPreset: '', order: '' } });
        }
      } else if (defaultPreset === false) {
        update.defaultPreset = undefined;
        update.order = undefined;
        setter.$unset = { defaultPreset: '', order: '' };
      }

      setter.$set = update;
      const saved = await presets.findOneAndUpdate({ presetId, user } as Filter, setter, {
        new: true,
        upsert: true,
      });
      return (saved.after ? presets.model.hydrate(saved.after) : null) as never;
    } catch (error) {
      logger.error('[savePreset] Error saving preset', error);
      return { message: 'Error saving preset' };
    }
  };

  const deletePresets: PresetMethods['deletePresets'] = async (user, filter = {}) =>
    presets.deleteMany({ ...filter, user });

  return { getPreset, getPresets, savePreset, deletePresets };
}
