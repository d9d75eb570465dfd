/** AclEntryMethods on PostgreSQL (upstream methods/aclEntry.ts). */
import type { AclEntryMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createPermissionWrites } from './permissionWrites.js';
import { createAclReads } from './reads.js';
import { createAclWrites } from './writes.js';

export function createAclEntryMethods(ctx: PgContext): AclEntryMethods {
  const writes = createAclWrites(ctx);
  return {
    ...createAclReads(ctx),
    ...writes,
    ...createPermissionWrites(ctx, writes.bulkWriteAclEntries),
  };
}
