/** Assembles the implemented PostgreSQL method groups. */
import type { PgContext } from './context.js';
import type { PartialMethods } from './registry.js';
import { createAclEntryMethods } from './aclEntries/index.js';
import { createAuditLogMethods } from './auditLog/index.js';
import { createBillingMethods } from './transactions/billing.js';
import { createUserMethods } from './users/index.js';

export function implementedPostgresMethods(ctx: PgContext): PartialMethods {
  return {
    ...createUserMethods(ctx),
    ...createBillingMethods(ctx),
    ...createAuditLogMethods(ctx),
    ...createAclEntryMethods(ctx),
  };
}
