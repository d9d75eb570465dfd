/** grantCapability, revokeCapability, seedSystemGrants, deleteGrantsForPrincipal (upstream methods/systemGrant.ts). */
import type { ISystemGrant, SystemGrantMethods } from '@librechat/data-schemas';
import {
  logger,
  normalizePrincipalId,
  SystemCapabilities,
  tenantSafeBulkWrite,
} from '@librechat/data-schemas';
import { PrincipalType, SystemRoles } from 'librechat-data-provider';
import type { PgContext } from '../context.js';

export type SystemGrantWrites = Pick<
  SystemGrantMethods,
  'grantCapability' | 'revokeCapability' | 'seedSystemGrants' | 'deleteGrantsForPrincipal'
>;

type Filter = Record<string, unknown>;
type UpdateOneOp = { updateOne: { filter: Filter; update: Filter; upsert?: boolean } };

export function createSystemGrantWrites(ctx: PgContext): SystemGrantWrites {
  const { systemgrants } = ctx.collections;
  const SystemGrant = systemgrants.model;

  /** Insert-only upsert: re-asserting an existing grant writes nothing new; `created` tells them apart. */
  const grantCapability: SystemGrantMethods['grantCapability'] = async ({
    principalType,
    principalId,
    capability,
    tenantId,
    grantedBy,
  }) => {
    const normalizedPrincipalId = normalizePrincipalId(principalId, principalType);
    const filter: Filter = {
      principalType,
      principalId: normalizedPrincipalId,
      capability,
      tenantId: tenantId != null ? tenantId : { $exists: false },
    };
    const update = {
      $setOnInsert: {
        principalType,
        principalId: normalizedPrincipalId,
        capability,
        grantedAt: new Date(),
        ...(grantedBy != null && { grantedBy }),
        ...(tenantId != null && { tenantId }),
      },
    };
    try {
      const r = await systemgrants.findOneAndUpdate(filter, update, { upsert: true, new: true });
      // Without lean(), upstream's result value is a hydrated document.
      return { grant: r.after ? (SystemGrant.hydrate(r.after) as ISystemGrant) : null, created: r.upserted };
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        // A concurrent insert won the race: the grant exists and was not created by this call.
        return { grant: (await systemgrants.findOne(filter)) as ISystemGrant | null, created: false };
      }
      throw err;
    }
  };

  const revokeCapability: SystemGrantMethods['revokeCapability'] = async ({
    principalType,
    principalId,
    capability,
    tenantId,
  }) => {
    const result = await systemgrants.deleteOne({
      principalType,
      principalId: normalizePrincipalId(principalId, principalType),
      capability,
      tenantId: tenantId != null ? tenantId : { $exists: false },
    });
    return { deletedCount: result.deletedCount ?? 0 };
  };

  /**
   * The bulk write upstream hands to `Model.bulkWrite({ ordered: false })`: every upsert is
   * attempted (each one atomic, a lost insert race retried as an update); the first failure is
   * thrown after all ran.
   */
  async function unorderedUpserts(ops: UpdateOneOp[]): Promise<void> {
    const failures: unknown[] = [];
    for (const { updateOne } of ops) {
      try {
        await systemgrants.updateOne(updateOne.filter, updateOne.update, { upsert: updateOne.upsert });
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  }

  /**
   * Every system capability for the ADMIN role, platform-level, idempotent; tenant handling as
   * upstream's tenantSafeBulkWrite (reused: it decides, PostgreSQL writes). Up to 3 attempts.
   */
  const seedSystemGrants: SystemGrantMethods['seedSystemGrants'] = async () => {
    const maxRetries = 3;
    for (let attempt = 1; attempt <= maxRetries; attempt++) {
      try {
        const now = new Date();
        const ops = Object.values(SystemCapabilities).map((capability) => ({
          updateOne: {
            filter: {
              principalType: PrincipalType.ROLE,
              principalId: SystemRoles.ADMIN,
              capability,
              tenantId: { $exists: false },
            },
            update: {
              $setOnInsert: {
                principalType: PrincipalType.ROLE,
                principalId: SystemRoles.ADMIN,
                capability,
                grantedAt: now,
              },
            },
            upsert: true,
          },
        }));
        const model = {
          modelName: SystemGrant.modelName,
          bulkWrite: async (prepared: UpdateOneOp[]) => unorderedUpserts(prepared),
        };
        await tenantSafeBulkWrite(model as never, ops, { ordered: false });
        return;
      } catch (err) {
        if (attempt < maxRetries) {
          const delay = 1000 * 2 ** (attempt - 1);
          logger.warn(
            `[seedSystemGrants] Attempt ${attempt}/${maxRetries} failed, retrying in ${delay}ms: ${(err as Error).message ?? String(err)}`,
          );
          await new Promise((resolve) => setTimeout(resolve, delay));
        } else {
          logger.error(
            '[seedSystemGrants] Failed to seed capabilities after all retries. ' +
              'Admin panel access requires these grants. Manual recovery: ' +
              'insert the ADMIN role grants for each capability into systemgrants.',
            err,
          );
        }
      }
    }
  };

  /**
   * With a tenantId, only grants of exactly that tenant; without, all of the principal's grants.
   * Returns what it removed (read first, for audit entries).
   */
  const deleteGrantsForPrincipal: SystemGrantMethods['deleteGrantsForPrincipal'] = async (
    principalType,
    principalId,
    options,
  ) => {
    const filter: Filter = {
      principalType,
      principalId: normalizePrincipalId(principalId, principalType),
      ...(options?.tenantId != null && { tenantId: options.tenantId }),
    };
    const removed = (await systemgrants.find(filter)) as unknown as ISystemGrant[];
    await systemgrants.deleteMany(filter);
    return removed;
  };

  return { grantCapability, revokeCapability, seedSystemGrants, deleteGrantsForPrincipal };
}
