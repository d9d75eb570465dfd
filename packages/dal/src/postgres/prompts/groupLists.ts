/**
 * The prompt-group lists (upstream methods/prompt.ts): getAllPromptGroups, getPromptGroups (page
 * numbers), getListPromptGroupsByAccess (keyset cursor over the ACL-accessible ids) and
 * getRandomPromptGroups, all in upstream's order { numberOfGenerations: -1, updatedAt: -1, _id: 1 }
 * (the promptgroups_numberOfGenerations_desc_updatedAt_desc__id_1 index), each group with its
 * production prompt's text attached.
 */
import type { PromptMethods } from '@librechat/data-schemas';
import { escapeRegExp, isValidObjectIdString, logger } from '@librechat/data-schemas';
import { SystemCategories } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import type { Doc } from '../store/rows.js';

type ListMethods = Pick<
  PromptMethods,
  'getAllPromptGroups' | 'getPromptGroups' | 'getListPromptGroupsByAccess' | 'getRandomPromptGroups'
>;

const LIST_SORT = { numberOfGenerations: -1, updatedAt: -1, _id: 1 } as const;

/** Upstream's name and category handling, shared by the two filtered lists. */
function listQuery(name: string | undefined, query: Record<string, unknown>): Record<string, unknown> {
  if (name) {
    query.name = new RegExp(escapeRegExp(name), 'i');
  }
  if (!query.category) {
    delete query.category;
  } else if (query.category === SystemCategories.MY_PROMPTS) {
    delete query.category;
  } else if (query.category === SystemCategories.NO_CATEGORY) {
    query.category = '';
  } else if (query.category === SystemCategories.SHARED_PROMPTS) {
    delete query.category;
  }
  return query;
}

export function createPromptGroupLists(ctx: PgContext): ListMethods {
  const { promptgroups, prompts } = ctx.collections;
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;

  /** Batch-fetches production prompts and attaches them as `productionPrompt`. */
  async function attachProductionPrompts(groups: Doc[]): Promise<Doc[]> {
    const uniqueIds = [
      ...new Set(groups.map((g) => (g.productionId as Types.ObjectId)?.toString()).filter(Boolean)),
    ];
    if (uniqueIds.length === 0) {
      return groups.map((g) => ({ ...g, productionPrompt: null }));
    }
    const found = await prompts.find({ _id: { $in: uniqueIds } }, { select: 'prompt' });
    const promptMap = new Map(found.map((p) => [String(p._id), p]));
    return groups.map((g) => ({
      ...g,
      productionPrompt: g.productionId ? (promptMap.get(String(g.productionId)) ?? null) : null,
    }));
  }

  const getAllPromptGroups: ListMethods['getAllPromptGroups'] = async (filter) => {
    try {
      const { name, ...query } = filter as { name?: string; [key: string]: unknown };
      const groups = await promptgroups.find(listQuery(name, query), {
        sort: LIST_SORT,
        select:
          'name numberOfGenerations oneliner category author authorName createdAt updatedAt command productionId',
      });
      return await attachProductionPrompts(groups);
    } catch (error) {
      logger.error('Error getting all prompt groups', error);
      return { message: 'Error getting all prompt groups' };
    }
  };

  const getPromptGroups: ListMethods['getPromptGroups'] = async (filter) => {
    try {
      const {
        pageNumber = 1,
        pageSize = 10,
        name,
        ...query
      } = filter as {
        pageNumber?: number | string;
        pageSize?: number | string;
        name?: string;
        [key: string]: unknown;
      };
      const validatedPageNumber = Math.max(parseInt(String(pageNumber), 10), 1);
      const validatedPageSize = Math.max(parseInt(String(pageSize), 10), 1);
      const where = listQuery(name, query);
      const skip = (validatedPageNumber - 1) * validatedPageSize;
      const limit = validatedPageSize;
      if (!Number.isFinite(skip) || !Number.isFinite(limit)) {
        // mongoose sends NaN to the server, which refuses a non-integral skip/limit.
        throw new TypeError(`Invalid pagination: skip ${skip}, limit ${limit}`);
      }
      const [groups, totalPromptGroups] = await Promise.all([
        promptgroups.find(where, {
          sort: LIST_SORT,
          skip,
          limit,
          select:
            'name numberOfGenerations oneliner category productionId author authorName createdAt updatedAt',
        }),
        promptgroups.count(where),
      ]);
      const promptGroups = await attachProductionPrompts(groups);
      return {
        promptGroups,
        pageNumber: validatedPageNumber.toString(),
        pageSize: validatedPageSize.toString(),
        pages: Math.ceil(totalPromptGroups / validatedPageSize).toString(),
      };
    } catch (error) {
      logger.error('Error getting prompt groups', error);
      return { message: 'Error getting prompt groups' };
    }
  };

  const getListPromptGroupsByAccess: ListMethods['getListPromptGroupsByAccess'] = async ({
    accessibleIds = [],
    otherParams = {},
    limit = null,
    after = null,
  }) => {
    const isPaginated = limit !== null && limit !== undefined;
    const normalizedLimit = isPaginated ? Math.min(Math.max(1, parseInt(String(limit)) || 20), 100) : null;
    const baseQuery: Record<string, unknown> = { ...otherParams, _id: { $in: accessibleIds } };
    let matchQuery: Record<string, unknown> = baseQuery;

    if (after && typeof after === 'string' && after !== 'undefined' && after !== 'null') {
      try {
        const cursor = JSON.parse(Buffer.from(after, 'base64').toString('utf8'));
        const { numberOfGenerations = 0, updatedAt, _id } = cursor;
        if (
          typeof numberOfGenerations !== 'number' ||
          !Number.isFinite(numberOfGenerations) ||
          typeof updatedAt !== 'string' ||
          Number.isNaN(new Date(updatedAt).getTime()) ||
          typeof _id !== 'string' ||
          !isValidObjectIdString(_id)
        ) {
          logger.warn('[getListPromptGroupsByAccess] Invalid cursor fields, skipping cursor condition');
        } else {
          const cursorCondition = {
            $or: [
              { numberOfGenerations: { $lt: numberOfGenerations } },
              { numberOfGenerations, updatedAt: { $lt: new Date(updatedAt) } },
              { numberOfGenerations, updatedAt: new Date(updatedAt), _id: { $gt: new ObjectId(_id) } },
            ],
          };
          matchQuery =
            Object.keys(baseQuery).length > 0 ? { $and: [baseQuery, cursorCondition] } : cursorCondition;
        }
      } catch (error) {
        logger.warn('Invalid cursor:', (error as Error).message);
      }
    }

    const groups = await promptgroups.find(matchQuery, {
      sort: LIST_SORT,
      select: 'name numberOfGenerations oneliner category productionId author authorName createdAt updatedAt',
      ...(isPaginated && normalizedLimit ? { limit: normalizedLimit + 1 } : {}),
    });
    const promptGroups = await attachProductionPrompts(groups);
    const hasMore = isPaginated && normalizedLimit ? promptGroups.length > normalizedLimit : false;
    const data = (isPaginated && normalizedLimit ? promptGroups.slice(0, normalizedLimit) : promptGroups).map(
      (group) => {
        if (group.author) {
          group.author = (group.author as Types.ObjectId).toString();
        }
        return group;
      },
    );

    let nextCursor: string | null = null;
    if (isPaginated && hasMore && data.length > 0 && normalizedLimit) {
      const lastGroup = promptGroups[normalizedLimit - 1] as Doc;
      nextCursor = Buffer.from(
        JSON.stringify({
          numberOfGenerations: lastGroup.numberOfGenerations,
          updatedAt: (lastGroup.updatedAt as Date).toISOString(),
          _id: (lastGroup._id as Types.ObjectId).toString(),
        }),
      ).toString('base64');
    }

    return {
      object: 'list' as const,
      data,
      first_id: data.length > 0 ? String(data[0]?._id) : null,
      last_id: data.length > 0 ? String(data[data.length - 1]?._id) : null,
      has_more: hasMore,
      after: nextCursor,
    };
  };

  const getRandomPromptGroups: ListMethods['getRandomPromptGroups'] = async (filter) => {
    try {
      const categories = (await promptgroups.distinct('category', { category: { $ne: '' } })) as string[];
      for (let i = categories.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [categories[i], categories[j]] = [categories[j] as string, categories[i] as string];
      }
      const skip = +filter.skip;
      const limit = +filter.limit;
      const selectedCategories = categories.slice(skip, skip + limit);
      if (selectedCategories.length === 0) {
        return { prompts: [] };
      }
      const groups = (await promptgroups.find({ category: { $in: selectedCategories } })) as Array<{
        category: string;
      }>;
      const groupByCategory = new Map<string, unknown>();
      for (const group of groups) {
        if (!groupByCategory.has(group.category)) {
          groupByCategory.set(group.category, group);
        }
      }
      const prompts = selectedCategories.map((cat) => groupByCategory.get(cat)).filter(Boolean);
      return { prompts };
    } catch (error) {
      logger.error('Error getting prompt groups', error);
      return { message: 'Error getting prompt groups' };
    }
  };

  return { getAllPromptGroups, getPromptGroups, getListPromptGroupsByAccess, getRandomPromptGroups };
}
