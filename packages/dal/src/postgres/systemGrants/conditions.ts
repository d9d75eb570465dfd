/** Filter pieces shared by the system-grant methods, as upstream builds them. */
import { normalizePrincipalId } from '@librechat/data-schemas';
import { PrincipalType } from 'librechat-data-provider';
import type { Types } from 'mongoose';

type Filter = Record<string, unknown>;

export interface PrincipalRef {
  principalType: PrincipalType;
  principalId?: string | Types.ObjectId;
}

/** Tenant-scoped: that tenant's grants and platform grants; without a tenant: platform grants only. */
export function tenantCondition(tenantId?: string): Filter {
  return tenantId != null
    ? { $and: [{ $or: [{ tenantId }, { tenantId: { $exists: false } }] }] }
    : { tenantId: { $exists: false } };
}

/** `{ principalType, principalId }` per principal, public ones and ones without an id dropped. */
export function principalConditions(principals: PrincipalRef[]): Filter[] {
  return principals
    .filter(
      (p): p is PrincipalRef & { principalId: string | Types.ObjectId } =>
        p.principalType !== PrincipalType.PUBLIC && p.principalId != null,
    )
    .map((p) => ({
      principalType: p.principalType,
      principalId: normalizePrincipalId(p.principalId, p.principalType),
    }));
}
