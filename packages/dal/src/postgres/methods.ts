/** Assembles the implemented PostgreSQL method groups. */
import type { PgContext } from './context.js';
import type { PartialMethods } from './registry.js';
import { createAclEntryMethods } from './aclEntries/index.js';
import { createUserMethods } from './users/index.js';

export function implementedPostgresMethods(ctx: PgContext): PartialMethods {
  return {
    ...createUserMethods(ctx),
    ...createAclEntryMethods(ctx),
  };
}
