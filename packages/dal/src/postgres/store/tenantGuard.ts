/**
 * Upstream's tenant-isolation update guard (`tenant/policy.ts` sanitizeTenantMutation, bound by
 * the plugin to findOneAndUpdate, updateOne and updateMany): application code never sets
 * `tenantId` through an update. Outside system scope, `tenantId` is stripped from the top level
 * and from `$set`, `$setOnInsert`, `$unset` and `$rename`; under a tenant, a different value in
 * `$set`/`$setOnInsert`/top level throws. An update emptied by stripping matches nothing and
 * does not upsert. (Not exported by @librechat/data-schemas, hence reproduced here.)
 */
import { getTenantId, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import type { Doc } from './rows.js';
import type { TableSpec } from './tableSpec.js';

const VALUE_OPERATORS = ['$set', '$setOnInsert'] as const;
const STRIP_OPERATORS = ['$unset', '$rename'] as const;

export class TenantIsolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantIsolationError';
  }
}

export interface GuardedUpdate {
  update: Doc;
  /** Nothing left to do: the operation must match no document and not upsert. */
  emptied: boolean;
}

export function guardTenantMutation(spec: TableSpec, update: Doc): GuardedUpdate {
  const tenantId = getTenantId();
  if (!spec.tenantIsolation || tenantId === SYSTEM_TENANT_ID) return { update, emptied: false };
  const assertSameTenant = (value: unknown) => {
    if (tenantId && value !== tenantId) {
      throw new TenantIsolationError('[TenantIsolation] Cross-tenant tenantId mutation is not allowed');
    }
  };
  let next: Doc | null = null;
  const draft = (): Doc => {
    next ??= { ...update };
    return next;
  };
  const write = (operator: string, rest: Doc) => {
    if (Object.keys(rest).length === 0) delete draft()[operator];
    else draft()[operator] = rest;
  };
  for (const operator of [...VALUE_OPERATORS, ...STRIP_OPERATORS]) {
    const payload = update[operator] as Doc | undefined;
    if (!payload || typeof payload !== 'object' || !('tenantId' in payload)) continue;
    if ((VALUE_OPERATORS as readonly string[]).includes(operator)) assertSameTenant(payload.tenantId);
    const { tenantId: _stripped, ...rest } = payload;
    write(operator, rest);
  }
  if ('tenantId' in update) {
    assertSameTenant(update.tenantId);
    delete draft().tenantId;
  }
  const result: Doc = next ?? update;
  return { update: result, emptied: Object.keys(result).length === 0 };
}
