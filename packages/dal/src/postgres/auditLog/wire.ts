/** Audit-log reads (upstream methods/auditLog.ts): the admin API's entry shape and the query filters. */
import {
  type AdminAuditLogEntry,
  type AuditLogFilters,
  type IAuditLog,
  MAX_AUDIT_LOG_LIMIT,
} from '@librechat/data-schemas';
import { normalizeContext } from './chain.js';

const DEFAULT_LIMIT = 100;
const MAX_SEARCH_LENGTH = 200;

type Filter = Record<string, unknown>;

function escapeRegex(input: string): string {
  return input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function regexFilter(value: string): { $regex: string; $options: string } {
  return { $regex: escapeRegex(value), $options: 'i' };
}

function oneOrIn<T>(values: T[]): T | { $in: T[] } {
  return values.length === 1 ? (values[0] as T) : { $in: values };
}

/** A stored entry → the admin API's entry. */
export function toWire(doc: IAuditLog): AdminAuditLogEntry {
  const entry: AdminAuditLogEntry = {
    id: doc._id.toString(),
    schemaVersion: doc.schemaVersion,
    category: doc.category,
    action: doc.action,
    outcome: doc.outcome,
    severity: doc.severity,
    actor: {
      type: doc.actor.type,
      name: doc.actor.name,
      ...(doc.actor.id != null ? { id: doc.actor.id } : {}),
    },
    target: {
      type: doc.target.type,
      ...(doc.target.id != null ? { id: doc.target.id } : {}),
      ...(doc.target.name != null ? { name: doc.target.name } : {}),
    },
    integrity: { seq: doc.seq, hash: doc.hash, prevHash: doc.prevHash },
    timestamp: doc.createdAt.toISOString(),
  };
  if (doc.metadata != null) entry.metadata = doc.metadata;
  const context = normalizeContext(doc.context);
  if (context) entry.context = context;
  if (doc.tenantId != null) entry.tenantId = doc.tenantId;
  return entry;
}

export function clampLimit(limit?: number): number {
  if (!limit || Number.isNaN(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), MAX_AUDIT_LOG_LIMIT);
}

/** Chain-scoped filter: facets as equality / `$in`, names and search as case-insensitive substrings. */
export function buildFilter(chainKey: string, filters: AuditLogFilters): Filter {
  const query: Filter = { chainKey };

  if (filters.category && filters.category.length > 0) query.category = oneOrIn(filters.category);
  if (filters.action && filters.action.length > 0) query.action = oneOrIn(filters.action);
  if (filters.outcome && filters.outcome.length > 0) query.outcome = oneOrIn(filters.outcome);
  if (filters.severity && filters.severity.length > 0) query.severity = oneOrIn(filters.severity);
  if (filters.actorType) query['actor.type'] = filters.actorType;
  if (filters.actorQuery) query['actor.name'] = regexFilter(filters.actorQuery);
  if (filters.targetType) query['target.type'] = filters.targetType;
  if (filters.targetQuery) query['target.name'] = regexFilter(filters.targetQuery);
  if (filters.capability) query['metadata.capability'] = regexFilter(filters.capability);
  if (filters.from || filters.to) {
    const createdAt: { $gte?: Date; $lte?: Date } = {};
    if (filters.from) createdAt.$gte = filters.from;
    if (filters.to) createdAt.$lte = filters.to;
    query.createdAt = createdAt;
  }
  if (filters.search && filters.search.length > 0) {
    const safe = regexFilter(filters.search.slice(0, MAX_SEARCH_LENGTH));
    query.$or = [
      { 'actor.name': safe },
      { 'target.name': safe },
      { action: safe },
      { 'metadata.capability': safe },
    ];
  }

  return query;
}
