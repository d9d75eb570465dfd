/**
 * modifyPermissionBits and replaceRoleBits: upstream's guarded compare-and-set writes (the guard
 * binds permBits, roleId, grantedBy and grantedAt of the observed entry; a lost race re-reads and
 * retries that one entry), over bulkWriteAclEntries on PostgreSQL, where each guarded update is a
 * row-locked compare-and-set.
 */
import type { AclEntryMethods, IAclEntry } from '@librechat/data-schemas';
import { RoleBits } from '@librechat/data-schemas';
import { permissionWriteAttemptsSchema } from 'librechat-data-provider';
import type { Model } from 'mongoose';
import type { PgContext } from '../context.js';
import type { Filter } from '../store/collection.js';
import type { Doc } from '../store/rows.js';
import { principalIdentity } from './writes.js';

type PermissionWrites = Pick<AclEntryMethods, 'modifyPermissionBits' | 'replaceRoleBits'>;

/** Reject values JavaScript bit operations would truncate. Missing legacy fields mean zero. */
function permissionMask(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new Error('Invalid permBits: expected a nonnegative 31-bit integer');
  }
  return value;
}

export function createPermissionWrites(
  ctx: PgContext,
  bulkWriteAclEntries: AclEntryMethods['bulkWriteAclEntries'],
): PermissionWrites {
  const acl = ctx.collections.aclentries;
  const hydrate = (doc: Doc) => (acl.model as Model<IAclEntry>).hydrate(doc);

  const readPermissionEntries = (filter: Filter) => acl.find(filter, { sort: { _id: 1 } });

  async function mutatePermissionEntry(
    initial: Doc,
    identity: Filter,
    transform: (bits: number) => number,
    metadata: Doc,
    maxAttempts: number,
  ): Promise<IAclEntry | null> {
    let current: Doc | undefined = initial;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (current == null) return null;
      const permBits = permissionMask(transform(permissionMask(current.permBits)));
      const guard: Filter = { ...identity, _id: current._id };
      for (const key of ['permBits', 'roleId', 'grantedBy', 'grantedAt']) {
        const value = current[key];
        guard[key] = value === undefined ? { $exists: false } : value;
      }
      const result = await bulkWriteAclEntries(
        [{ updateOne: { filter: guard, update: { $set: { ...metadata, permBits } } } }],
        {},
      );
      if (result.matchedCount === 1) return hydrate({ ...current, ...metadata, permBits });
      [current] = await readPermissionEntries({ ...identity, _id: initial._id });
    }
    if (current == null) return null;
    throw new Error(`Permission write conflict: permBits guard did not hold after ${maxAttempts} attempts`);
  }

  const modifyPermissionBits: PermissionWrites['modifyPermissionBits'] = async (
    principalType,
    principalId,
    resourceType,
    resourceId,
    addBits,
    removeBits,
    _session,
    maxAttempts,
  ) => {
    const query = principalIdentity(ctx, principalType, principalId, resourceType, resourceId);
    const addMask = permissionMask(addBits ?? 0);
    const removeMask = permissionMask(removeBits ?? 0);
    const attempts = permissionWriteAttemptsSchema.parse(maxAttempts);
    const [entry] = await readPermissionEntries(query);
    if (entry == null) return null;
    if (addMask === 0 && removeMask === 0) return hydrate(entry);
    return mutatePermissionEntry(entry, query, (bits) => (bits | addMask) & ~removeMask, {}, attempts);
  };

  const replaceRoleBits: PermissionWrites['replaceRoleBits'] = async (writes, options) => {
    const maxAttempts = permissionWriteAttemptsSchema.parse(options?.maxAttempts);
    const upsertedWrites = new Set<number>();
    let completedEntries = 0;
    try {
      for (const [index, write] of writes.entries()) {
        const roleOnly = permissionMask(write.roleBits) & RoleBits.OWNER;
        let existing = await readPermissionEntries(write.filter);
        if (existing.length === 0) {
          const result = await bulkWriteAclEntries(
            [
              {
                updateOne: {
                  filter: write.filter,
                  update: { $setOnInsert: { ...write.insert, ...write.metadata, permBits: roleOnly } },
                  upsert: true,
                },
              },
            ],
            {},
          );
          if (result.upsertedCount === 1) {
            upsertedWrites.add(index);
            completedEntries++;
            continue;
          }
          existing = await readPermissionEntries(write.filter);
          if (existing.length === 0) throw new Error('ACL disappeared during role insertion');
        }
        for (const entry of existing) {
          const updated = await mutatePermissionEntry(
            entry,
            write.filter,
            (bits) => (bits & ~RoleBits.OWNER) | roleOnly,
            write.metadata,
            maxAttempts,
          );
          if (updated == null)
            throw new Error('ACL deleted during role update; permission was not recreated');
          completedEntries++;
        }
      }
      return { upsertedWrites };
    } catch (error) {
      if (error instanceof Error) {
        Object.assign(error, { completedEntries, transactional: false });
        error.message += ` (${completedEntries} ACL writes completed before failure; transaction may roll back)`;
      }
      throw error;
    }
  };

  return { modifyPermissionBits, replaceRoleBits };
}
