/**
 * Upstream's raw `code_environment_tombstones` collection as a table: a retired environment id
 * (per tenant scope) can never be registered again. Ids are upstream's sha256 tombstone ids.
 */
import { createHash } from 'node:crypto';
import { getTenantId, SYSTEM_TENANT_ID } from '@librechat/data-schemas';
import type { Queryable } from '../pool.js';

export function tenantScope(tenantId?: string): string {
  const resolved = tenantId ?? getTenantId();
  return resolved == null || resolved === SYSTEM_TENANT_ID ? '' : resolved;
}

export function tombstoneId(environmentId: string, tenantId?: string): string {
  return createHash('sha256')
    .update(`librechat-code-environment-tombstone\0${tenantScope(tenantId)}\0${environmentId}`)
    .digest('hex');
}

/** `tombstones.findOne({ _id: tombstoneId(environmentId) }) != null`. */
export async function isRetired(db: Queryable, environmentId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM code_environment_tombstones WHERE _id = $1', [
    tombstoneId(environmentId),
  ]);
  return rows.length > 0;
}

/** `tombstones.updateOne({ _id }, { $setOnInsert: { tenantId, environmentId, deletedAt } }, { upsert: true })`. */
export async function retire(db: Queryable, environmentId: string, tenantId?: string): Promise<void> {
  await db.query(
    `INSERT INTO code_environment_tombstones (_id, tenant_id, environment_id, deleted_at)
     VALUES ($1, $2, $3, now()) ON CONFLICT (_id) DO NOTHING`,
    [tombstoneId(environmentId, tenantId), tenantScope(tenantId), environmentId],
  );
}
