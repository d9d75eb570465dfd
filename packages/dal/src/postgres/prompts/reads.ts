/**
 * Single reads (upstream methods/prompt.ts): getPrompts, getPrompt, getPromptGroup (an aggregate
 * with a $lookup of the production prompt), getPromptGroupsWithPrompts and getOwnedPromptGroupIds.
 */
import type { PromptMethods } from '@librechat/data-schemas';
import { getTenantId, logger, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';

type ReadMethods = Pick<
  PromptMethods,
  'getPrompts' | 'getPrompt' | 'getPromptGroup' | 'getPromptGroupsWithPrompts' | 'getOwnedPromptGroupIds'
>;

export function createPromptReads(ctx: PgContext): ReadMethods {
  const { promptgroups, prompts } = ctx.collections;
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;

  const getPrompts: ReadMethods['getPrompts'] = async (filter) => {
    try {
      return await prompts.find(filter, { sort: { createdAt: -1 } });
    } catch (error) {
      logger.error('Error getting prompts', error);
      return { message: 'Error getting prompts' };
    }
  };

  const getPrompt: ReadMethods['getPrompt'] = async (filter) => {
    try {
      if (filter.groupId) {
        filter.groupId = new ObjectId(filter.groupId as string);
      }
      return await prompts.findOne(filter);
    } catch (error) {
      logger.error('Error getting prompt', error);
      return { message: 'Error getting prompt' };
    }
  };

  const getPromptGroupsWithPrompts: ReadMethods['getPromptGroupsWithPrompts'] = async (filter) => {
    try {
      // Upstream populates `prompts`, a path the PromptGroup schema does not declare: mongoose's
      // strictPopulate refuses it once a group is found (no match: null, nothing to populate).
      const group = await promptgroups.findOne(filter, { select: '-_id -__v -user' });
      if (group) {
        throw new Error(
          'Cannot populate path `prompts` because it is not in your schema. Set the `strictPopulate` option to false to override.',
        );
      }
      return group;
    } catch (error) {
      logger.error('Error getting prompt groups', error);
      return { message: 'Error getting prompt groups' };
    }
  };

  const getPromptGroup: ReadMethods['getPromptGroup'] = async (filter) => {
    try {
      // Cast string _id to ObjectId for aggregation (findOne auto-casts, aggregate does not)
      const matchFilter = { ...filter };
      if (typeof matchFilter._id === 'string') {
        matchFilter._id = new ObjectId(matchFilter._id);
      }
      const tenantId = getTenantId();
      const useTenantFilter = tenantId && tenantId !== SYSTEM_TENANT_ID;
      const result = await aggregate(
        promptgroups,
        [
          { $match: matchFilter },
          {
            $lookup: {
              from: 'prompts',
              localField: 'productionId',
              foreignField: '_id',
              as: 'productionPrompt',
            },
          },
          { $unwind: { path: '$productionPrompt', preserveNullAndEmptyArrays: true } },
        ],
        (name) => Object.values(ctx.collections).find((c) => c.spec.collection === name),
      );
      const group = (result[0] as Record<string, any>) || null;
      if (group?.productionPrompt && useTenantFilter && group.productionPrompt.tenantId !== tenantId) {
        group.productionPrompt = null;
      }
      if (group?.author) {
        group.author = group.author.toString();
      }
      return group;
    } catch (error) {
      logger.error('Error getting prompt group', error);
      return null;
    }
  };

  const getOwnedPromptGroupIds: ReadMethods['getOwnedPromptGroupIds'] = async (author) => {
    try {
      if (!author || !ObjectId.isValid(author)) {
        logger.warn('getOwnedPromptGroupIds called with invalid author', { author });
        return [];
      }
      // readPrimary: PostgreSQL reads its primary anyway.
      const groups = await promptgroups.find({ author: new ObjectId(author) }, { select: { _id: 1 } });
      return groups.map((g) => g._id as InstanceType<typeof ObjectId>);
    } catch (error) {
      logger.error('Error getting owned prompt group IDs', error);
      /** A failed lookup must not be cached as an empty ownership set */
      throw error;
    }
  };

  return { getPrompts, getPrompt, getPromptGroup, getPromptGroupsWithPrompts, getOwnedPromptGroupIds };
}
