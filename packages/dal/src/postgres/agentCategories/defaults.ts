/**
 * ensureDefaultCategories (upstream methods/agentCategory.ts): creates the seven default
 * categories that are missing, and gives existing non-custom ones without a `com_` label their
 * localisation keys. Idempotent: true only when something was created or updated.
 */

import type { AgentCategoryMethods, IAgentCategory } from '@librechat/data-schemas';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { PgContext } from '../context.js';
import type { AgentCategoryQueries } from './queries.js';
import { type AgentCategoryWrites, bulkWriteCategories } from './writes.js';

const DEFAULT_CATEGORIES = ['general', 'hr', 'rd', 'finance', 'it', 'sales', 'aftersales'].map(
  (value, order) => ({
    value,
    label: `com_agents_category_${value}`,
    description: `com_agents_category_${value}_description`,
    order,
  }),
);

export function createEnsureDefaultCategories(
  { collections }: PgContext,
  { getAllCategories }: Pick<AgentCategoryQueries, 'getAllCategories'>,
  { createCategory }: Pick<AgentCategoryWrites, 'createCategory'>,
): AgentCategoryMethods['ensureDefaultCategories'] {
  return async () => {
    const existingCategories = await getAllCategories();
    const existingCategoryMap = new Map<string, IAgentCategory>(
      existingCategories.map((cat) => [cat.value, cat]),
    );

    const updates: { value: string; label: string; description: string }[] = [];
    let created = 0;

    for (const defaultCategory of DEFAULT_CATEGORIES) {
      const existingCategory = existingCategoryMap.get(defaultCategory.value);
      if (existingCategory) {
        const isNotCustom = !existingCategory.custom;
        const needsLocalization = !existingCategory.label.startsWith('com_');
        if (isNotCustom && needsLocalization) {
          updates.push({
            value: defaultCategory.value,
            label: defaultCategory.label,
            description: defaultCategory.description,
          });
        }
      } else {
        await createCategory({ ...defaultCategory, isActive: true, custom: false });
        created++;
      }
    }

    if (updates.length > 0) {
      const bulkOps = updates.map((update) => ({
        updateOne: {
          filter: { value: update.value, custom: { $ne: true } },
          update: { $set: { label: update.label, description: update.description } },
        },
      }));
      await bulkWriteCategories(collections.agentcategories, bulkOps as AnyBulkWriteOperation[], {
        ordered: false,
      });
    }

    return updates.length > 0 || created > 0;
  };
}
