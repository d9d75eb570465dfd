/** seedCategories, createCategory, updateCategory, deleteCategory (upstream methods/agentCategory.ts). */

import type { AgentCategoryMethods, IAgentCategory } from '@librechat/data-schemas';
import { tenantSafeBulkWrite } from '@librechat/data-schemas';
import type { AnyBulkWriteOperation, Model, MongooseBulkWriteOptions, mongo } from 'mongoose';
import type { PgContext } from '../context.js';
import { pgBulkWrite } from '../store/bulkWrite.js';
import type { PgCollection } from '../store/collection.js';

export type AgentCategoryWrites = Pick<
  AgentCategoryMethods,
  'seedCategories' | 'createCategory' | 'updateCategory' | 'deleteCategory'
>;

/** Upstream's tenantSafeBulkWrite (tenantId stripped from updates, injected into filters) over PostgreSQL. */
export function bulkWriteCategories(
  categories: PgCollection,
  ops: AnyBulkWriteOperation[],
  options?: MongooseBulkWriteOptions,
): Promise<mongo.BulkWriteResult> {
  const model = {
    modelName: categories.model.modelName,
    bulkWrite: (prepared: AnyBulkWriteOperation[], opts: object) => pgBulkWrite(categories, prepared, opts),
  } as unknown as Model<IAgentCategory>;
  return tenantSafeBulkWrite(model, ops, options);
}

export function createAgentCategoryWrites({ collections }: PgContext): AgentCategoryWrites {
  const categories = collections.agentcategories;

  const seedCategories: AgentCategoryMethods['seedCategories'] = async (list) => {
    const operations = list.map((category, index) => ({
      updateOne: {
        filter: { value: category.value },
        update: {
          $setOnInsert: {
            value: category.value,
            label: category.label || category.value,
            description: category.description || '',
            order: category.order || index,
            isActive: true,
            custom: category.custom || false,
          },
        },
        upsert: true,
      },
    }));
    return await bulkWriteCategories(categories, operations as AnyBulkWriteOperation[]);
  };

  /** `AgentCategory.create(data).toObject()`. */
  const createCategory: AgentCategoryMethods['createCategory'] = async (categoryData) => {
    const category = await categories.create(categoryData as Record<string, unknown>);
    return category.toObject() as IAgentCategory;
  };

  const updateCategory: AgentCategoryMethods['updateCategory'] = async (value, updateData) =>
    (await categories.findOneAndUpdateLean(
      { value },
      { $set: updateData },
      { new: true, runValidators: true },
    )) as IAgentCategory | null;

  const deleteCategory: AgentCategoryMethods['deleteCategory'] = async (value) => {
    const result = await categories.deleteOne({ value });
    return result.deletedCount > 0;
  };

  return { seedCategories, createCategory, updateCategory, deleteCategory };
}
