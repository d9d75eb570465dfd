/**
 * The audit hash chain (upstream methods/auditLog.ts, module-private there): chain keys, the
 * normalisation of what an entry records, and the per-entry SHA-256 over a canonical JSON form.
 * Write-time and verify-time hashing agree exactly with upstream's, so a chain written on either
 * engine verifies on the other.
 */
import { createHash } from 'node:crypto';
import {
  type AuditContext,
  type AuditMetadata,
  type IAuditLog,
  PLATFORM_CHAIN_KEY,
} from '@librechat/data-schemas';

/** Tenant chains are namespaced so a tenant named like the platform sentinel cannot share its chain. */
const TENANT_CHAIN_PREFIX = 'tenant:';

/** Tenant scope → chain key; a blank or missing tenant is the platform chain. */
export function auditChainKey(tenantId?: string): string {
  return typeof tenantId === 'string' && tenantId.trim().length > 0
    ? `${TENANT_CHAIN_PREFIX}${tenantId}`
    : PLATFORM_CHAIN_KEY;
}

export function normalizeTenantId(tenantId?: string): string | undefined {
  return typeof tenantId === 'string' && tenantId.trim().length > 0 ? tenantId : undefined;
}

/** Undefined values dropped; an empty map becomes undefined so the field is omitted (and hashes alike). */
export function normalizeMetadata(metadata?: AuditMetadata): AuditMetadata | undefined {
  if (!metadata) return undefined;
  const out: AuditMetadata = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function normalizeContext(context?: AuditContext): AuditContext | undefined {
  if (!context) return undefined;
  const out: AuditContext = {};
  if (context.requestId) out.requestId = context.requestId;
  if (context.ip) out.ip = context.ip;
  if (context.userAgent) out.userAgent = context.userAgent;
  if (context.sessionId) out.sessionId = context.sessionId;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Deterministic JSON: object keys sorted recursively. */
function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`).join(',')}}`;
}

/** The fields covered by an entry's hash. */
export interface HashableEntry {
  schemaVersion: number;
  category: IAuditLog['category'];
  action: IAuditLog['action'];
  outcome: IAuditLog['outcome'];
  severity: IAuditLog['severity'];
  actor: IAuditLog['actor'];
  target: IAuditLog['target'];
  metadata?: AuditMetadata;
  context?: AuditContext;
  tenantId?: string;
  chainKey: string;
  seq: number;
  prevHash: string;
  createdAt: Date;
}

export function computeEntryHash(entry: HashableEntry): string {
  const canonical = {
    v: entry.schemaVersion,
    category: entry.category,
    action: entry.action,
    outcome: entry.outcome,
    severity: entry.severity,
    actor: { type: entry.actor.type, id: entry.actor.id ?? null, name: entry.actor.name },
    target: { type: entry.target.type, id: entry.target.id ?? null, name: entry.target.name ?? null },
    metadata: entry.metadata ?? null,
    context: entry.context
      ? {
          requestId: entry.context.requestId ?? null,
          ip: entry.context.ip ?? null,
          userAgent: entry.context.userAgent ?? null,
          sessionId: entry.context.sessionId ?? null,
        }
      : null,
    tenantId: entry.tenantId ?? null,
    chainKey: entry.chainKey,
    seq: entry.seq,
    prevHash: entry.prevHash,
    createdAt: entry.createdAt.toISOString(),
  };
  return createHash('sha256').update(stableStringify(canonical)).digest('hex');
}
