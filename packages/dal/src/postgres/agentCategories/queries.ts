/**
 * getActiveCategories, getCategoriesWithCounts, getValidCategoryValues, findCategoryByValue,
 * findCategoryById, getAllCategories (upstream methods/agentCategory.ts).
 */

import type { AgentCategoryMethods, IAgentCategory } from '@librechat/data-schemas';
import { Params } from '../../filters/params.js';
import type { PgContext } from '../context.js';

export type AgentCategoryQueries = Pick<
  AgentCategoryMethods,
  | 'getActiveCategories'
  | 'getCategoriesWithCounts'
  | 'getValidCategoryValues'
  | 'findCategoryByValue'
  | 'findCategoryById'
  | 'getAllCategories'
>;

export function createAgentCategoryQueries({ collections, pool }: PgContext): AgentCategoryQueries {
  const categories = collections.agentcategories;
  const agents = collections.agents;

  const getActiveCategories: AgentCategoryMethods['getActiveCategories'] = async () =>
    (await categories.find({ isActive: true }, { sort: { order: 1, label: 1 } })) as never;

  /**
   * Upstream aggregates agents `{$match: {category: {$exists: true, $ne: null}}}, {$group: {_id:
   * '$category', count: {$sum: 1}}}` (tenant-scoped by the plugin): here one GROUP BY.
   */
  const countAgentsByCategory = async (): Promise<Map<unknown, number>> => {
    const params = new Params();
    const where = agents.where({ category: { $exists: true, $ne: null } }, params);
    const { rows } = await pool.query<{ category: string; count: number }>(
      `SELECT category, count(*)::int AS count FROM agents WHERE ${where} GROUP BY category`,
      params.values,
    );
    return new Map(rows.map((r) => [r.category, r.count]));
  };

  const getCategoriesWithCounts: AgentCategoryMethods['getCategoriesWithCounts'] = async () => {
    const countMap = await countAgentsByCategory();
    const active = await getActiveCategories();
    return active.map((category) => ({
      ...category,
      agentCount: countMap.get(category.value) || 0,
    })) as (IAgentCategory & { agentCount: number })[];
  };

  const getValidCategoryValues: AgentCategoryMethods['getValidCategoryValues'] = async () =>
    (await categories.distinct('value', { isActive: true })) as string[];

  const findCategoryByValue: AgentCategoryMethods['findCategoryByValue'] = async (value) =>
    (await categories.findOne({ value })) as IAgentCategory | null;

  const findCategoryById: AgentCategoryMethods['findCategoryById'] = async (id) =>
    (await categories.findOne({ _id: id })) as IAgentCategory | null;

  const getAllCategories: AgentCategoryMethods['getAllCategories'] = async () =>
    (await categories.find({}, { sort: { order: 1, label: 1 } })) as never;

  return {
    getActiveCategories,
    getCategoriesWithCounts,
    getValidCategoryValues,
    findCategoryByValue,
    findCategoryById,
    getAllCategories,
  };
}
