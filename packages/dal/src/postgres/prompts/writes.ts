/**
 * Creates and updates (upstream methods/prompt.ts): createPromptGroup, savePrompt,
 * incrementPromptGroupUsage, updatePromptGroup, makePromptProduction, updatePromptLabels.
 */
import type { IPrompt, IPromptGroupDocument, PromptMethods } from '@librechat/data-schemas';
import { isValidObjectIdString, logger } from '@librechat/data-schemas';
import type { Model } from 'mongoose';
import type { PgContext } from '../context.js';

type WriteMethods = Pick<
  PromptMethods,
  | 'createPromptGroup'
  | 'savePrompt'
  | 'incrementPromptGroupUsage'
  | 'updatePromptGroup'
  | 'makePromptProduction'
  | 'updatePromptLabels'
>;

export function createPromptWrites(
  ctx: PgContext,
  invalidatePromptGroupAccessContext: PromptMethods['invalidatePromptGroupAccessContext'],
): WriteMethods {
  const { promptgroups, prompts } = ctx.collections;

  const incrementPromptGroupUsage: WriteMethods['incrementPromptGroupUsage'] = async (groupId) => {
    if (!isValidObjectIdString(groupId)) {
      throw new Error('Invalid groupId');
    }
    const result = await promptgroups.findOneAndUpdateLean(
      { _id: groupId },
      { $inc: { numberOfGenerations: 1 } },
      { new: true, select: 'numberOfGenerations' },
    );
    if (!result) {
      throw new Error('Prompt group not found');
    }
    return { numberOfGenerations: result.numberOfGenerations as number };
  };

  const createPromptGroup: WriteMethods['createPromptGroup'] = async (saveData) => {
    try {
      const { prompt, group, author, authorName } = saveData;
      let newPromptGroup = await promptgroups.findOneAndUpdateLean(
        { ...group, author, authorName, productionId: null },
        { $setOnInsert: { ...group, author, authorName, productionId: null } },
        { new: true, upsert: true, select: '-__v' },
      );
      const newPrompt = await prompts.findOneAndUpdateLean(
        { ...prompt, author, groupId: newPromptGroup?._id },
        { $setOnInsert: { ...prompt, author, groupId: newPromptGroup?._id } },
        { new: true, upsert: true, select: '-__v' },
      );
      newPromptGroup = await promptgroups.findOneAndUpdateLean(
        { _id: newPromptGroup?._id },
        { productionId: newPrompt?._id },
        { new: true, select: '-__v' },
      );
      await invalidatePromptGroupAccessContext();
      return {
        prompt: newPrompt,
        group: { ...newPromptGroup, productionPrompt: { prompt: (newPrompt as unknown as IPrompt).prompt } },
      };
    } catch (error) {
      logger.error('Error saving prompt group', error);
      throw new Error('Error saving prompt group');
    }
  };

  const savePrompt: WriteMethods['savePrompt'] = async (saveData) => {
    try {
      const { prompt, author } = saveData;
      // Upstream retries after dropping a legacy groupId_1_version_1 index; PostgreSQL never had it.
      const newPrompt = (await prompts.create({ ...prompt, author })) as IPrompt;
      return { prompt: newPrompt };
    } catch (error) {
      logger.error('Error saving prompt', error);
      return { message: 'Error saving prompt' };
    }
  };

  const updatePromptGroup: WriteMethods['updatePromptGroup'] = async (filter, data) => {
    try {
      const r = await promptgroups.findOneAndUpdate(filter, { ...data }, { new: true, upsert: false });
      if (!r.after) {
        throw new Error('Prompt group not found');
      }
      // Not lean upstream: a hydrated PromptGroup document.
      return (promptgroups.model as Model<IPromptGroupDocument>).hydrate(r.after);
    } catch (error) {
      logger.error('Error updating prompt group', error);
      return { message: 'Error updating prompt group' };
    }
  };

  const makePromptProduction: WriteMethods['makePromptProduction'] = async (promptId) => {
    try {
      const prompt = await prompts.findOne({ _id: promptId });
      if (!prompt) {
        throw new Error('Prompt not found');
      }
      await promptgroups.findOneAndUpdateLean(
        { _id: prompt.groupId },
        { productionId: prompt._id },
        { new: true },
      );
      return { message: 'Prompt production made successfully' };
    } catch (error) {
      logger.error('Error making prompt production', error);
      return { message: 'Error making prompt production' };
    }
  };

  const updatePromptLabels: WriteMethods['updatePromptLabels'] = async (_id, labels) => {
    try {
      const response = await prompts.updateOne({ _id }, { $set: { labels } });
      if (response.matchedCount === 0) {
        return { message: 'Prompt not found' };
      }
      return { message: 'Prompt labels updated successfully' };
    } catch (error) {
      logger.error('Error updating prompt labels', error);
      return { message: 'Error updating prompt labels' };
    }
  };

  return {
    createPromptGroup,
    savePrompt,
    incrementPromptGroupUsage,
    updatePromptGroup,
    makePromptProduction,
    updatePromptLabels,
  };
}
