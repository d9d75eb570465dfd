/**
 * CategoriesMethods (upstream methods/categories.ts): the prompt categories are a static list and
 * touch no database, so this is upstream's own function over the unconnected schemas.
 */

import type { CategoriesMethods } from '@librechat/data-schemas';
import { createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

export function createCategoriesMethods(ctx: PgContext): CategoriesMethods {
  const { getCategories } = createMethods(
    ctx.shaper.mongoose as unknown as typeof import('mongoose'),
    ctx.deps,
  );
  return { getCategories };
}
