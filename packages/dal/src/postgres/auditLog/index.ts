/** AuditLogMethods on PostgreSQL (upstream methods/auditLog.ts): the append-only, hash-chained audit trail. */
import type { AuditLogMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createAuditLogIntegrity } from './integrity.js';
import { createAuditLogQueries } from './queries.js';
import { createRecordAuditEntry } from './record.js';

export function createAuditLogMethods(ctx: PgContext): AuditLogMethods {
  return {
    recordAuditEntry: createRecordAuditEntry(ctx),
    ...createAuditLogQueries(ctx),
    ...createAuditLogIntegrity(ctx),
  };
}
