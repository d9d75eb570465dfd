/** UserMethods on PostgreSQL (upstream methods/user.ts). */

import type { UserMethods } from '@librechat/data-schemas';
import { createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createUserFences } from './fences.js';
import { createUserQueries } from './queries.js';
import { createUserWrites } from './writes.js';

export function createUserMethods(ctx: PgContext): UserMethods {
  // generateToken touches no database: upstream's own function, over the unconnected schemas.
  const { generateToken } = createMethods(
    ctx.shaper.mongoose as unknown as typeof import('mongoose'),
    ctx.deps,
  );
  return {
    ...createUserQueries(ctx),
    ...createUserWrites(ctx),
    ...createUserFences(ctx),
    generateToken,
  };
}
