/** grantPermission, revokePermission, deleteAclEntries, bulkWriteAclEntries (upstream methods/aclEntry.ts). */
import type { AclEntryMethods, IAclEntry } from '@librechat/data-schemas';
import { tenantSafeBulkWrite } from '@librechat/data-schemas';
import { PrincipalModel, PrincipalType } from 'librechat-data-provider';
import type { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import type { PgContext } from '../context.js';
import { pgBulkWrite } from '../store/bulkWrite.js';
import type { Filter } from '../store/collection.js';

type Writes = Pick<
  AclEntryMethods,
  'grantPermission' | 'revokePermission' | 'deleteAclEntries' | 'bulkWriteAclEntries'
>;

const MODEL_OF: Record<string, string> = {
  [PrincipalType.USER]: PrincipalModel.USER,
  [PrincipalType.GROUP]: PrincipalModel.GROUP,
  [PrincipalType.ROLE]: PrincipalModel.ROLE,
};

/**
 * Upstream's identity of a principal's entry on a resource: user and group ids given as strings
 * become ObjectIds (a malformed one throws BSONError, as upstream); role names stay strings.
 */
export function principalIdentity(
  ctx: PgContext,
  principalType: string,
  principalId: string | Types.ObjectId | null | undefined,
  resourceType: string,
  resourceId: unknown,
): Filter {
  const query: Filter = { principalType, resourceType, resourceId };
  if (principalType !== PrincipalType.PUBLIC) {
    query.principalId =
      typeof principalId === 'string' && principalType !== PrincipalType.ROLE
        ? new ctx.shaper.mongoose.Types.ObjectId(principalId)
        : principalId;
  }
  return query;
}

export function createAclWrites(ctx: PgContext): Writes {
  const acl = ctx.collections.aclentries;

  const grantPermission: Writes['grantPermission'] = async (
    principalType,
    principalId,
    resourceType,
    resourceId,
    permBits,
    grantedBy,
    _session,
    roleId,
    expiredAt,
  ) => {
    const query = principalIdentity(ctx, principalType, principalId, resourceType, resourceId);
    const principalModel = MODEL_OF[principalType];
    if (principalType !== PrincipalType.PUBLIC && principalModel) query.principalModel = principalModel;
    const update = {
      $set: {
        permBits,
        grantedAt: new Date(),
        ...(grantedBy && { grantedBy }),
        ...(roleId && { roleId }),
        ...(expiredAt && { expiredAt }),
      },
    };
    const r = await acl.findOneAndUpdate(query, update, { upsert: true, new: true });
    // Not lean upstream: a hydrated AclEntry document.
    return r.after ? (acl.model as Model<IAclEntry>).hydrate(r.after) : null;
  };

  const revokePermission: Writes['revokePermission'] = async (
    principalType,
    principalId,
    resourceType,
    resourceId,
  ) => acl.deleteOne(principalIdentity(ctx, principalType, principalId, resourceType, resourceId));

  /** Raw MongoDB filters, cast by mongoose and translated (unsupported operators throw). */
  const deleteAclEntries: Writes['deleteAclEntries'] = async (filter) => acl.deleteMany(filter);

  /** Upstream's tenantSafeBulkWrite (tenantId stripped from updates, injected into filters) over PostgreSQL. */
  const bulkWriteAclEntries: Writes['bulkWriteAclEntries'] = async (ops, options) => {
    const { session: _session, ...rest } = (options ?? {}) as Record<string, unknown>;
    const model = {
      modelName: acl.model.modelName,
      bulkWrite: (prepared: AnyBulkWriteOperation[], opts: object) => pgBulkWrite(acl, prepared, opts),
    } as unknown as Model<IAclEntry>;
    return tenantSafeBulkWrite(model, ops as AnyBulkWriteOperation[], rest);
  };

  return { grantPermission, revokePermission, deleteAclEntries, bulkWriteAclEntries };
}
