/** listAuditLogPage, findAuditLogEntry, streamAuditLogEntries (upstream methods/auditLog.ts). */
import type { AuditLogMethods, IAuditLog } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { auditChainKey } from './chain.js';
import { scanBySeq } from './scan.js';
import { buildFilter, clampLimit, toWire } from './wire.js';

type Queries = Pick<AuditLogMethods, 'listAuditLogPage' | 'findAuditLogEntry' | 'streamAuditLogEntries'>;

const OBJECT_ID_RE = /^[a-fA-F0-9]{24}$/;

export function createAuditLogQueries(ctx: PgContext): Queries {
  const { auditlogs } = ctx.collections;

  /** Newest first by `seq`; `cursor` (a seq) takes precedence over `offset`; `total` ignores both. */
  const listAuditLogPage: AuditLogMethods['listAuditLogPage'] = async (tenantId, filters) => {
    const chainKey = auditChainKey(tenantId);
    const limit = clampLimit(filters.limit);
    const base = buildFilter(chainKey, filters);
    const cursorSeq =
      typeof filters.cursor === 'number' && Number.isFinite(filters.cursor) ? filters.cursor : undefined;
    const paged = cursorSeq !== undefined ? { ...base, seq: { $lt: cursorSeq } } : base;
    const offset =
      cursorSeq === undefined && filters.offset && filters.offset > 0 ? Math.floor(filters.offset) : 0;

    const [rowsPlusOne, total] = await Promise.all([
      auditlogs.find(paged, { sort: { seq: -1 }, limit: limit + 1, skip: offset }) as unknown as Promise<
        IAuditLog[]
      >,
      auditlogs.count(base),
    ]);

    const hasMore = rowsPlusOne.length > limit;
    const rows = hasMore ? rowsPlusOne.slice(0, limit) : rowsPlusOne;
    const nextCursor = hasMore && rows.length > 0 ? (rows[rows.length - 1] as IAuditLog).seq : null;
    return { entries: rows.map(toWire), total, nextCursor };
  };

  const findAuditLogEntry: AuditLogMethods['findAuditLogEntry'] = async (tenantId, id) => {
    if (!OBJECT_ID_RE.test(id)) return null;
    const doc = (await auditlogs.findOne({ _id: id, chainKey: auditChainKey(tenantId) })) as IAuditLog | null;
    return doc ? toWire(doc) : null;
  };

  /** Newest first; stops when cancelled, or at `maxRows` (truncated only when a further row exists). */
  const streamAuditLogEntries: AuditLogMethods['streamAuditLogEntries'] = async (
    tenantId,
    filters,
    onEntry,
    options,
  ) => {
    const query = buildFilter(auditChainKey(tenantId), filters);
    const isCancelled = options?.isCancelled;
    const maxRows = options?.maxRows;
    let count = 0;
    let truncated = false;
    for await (const doc of scanBySeq(auditlogs, query, -1)) {
      if (isCancelled?.()) break;
      if (maxRows != null && count >= maxRows) {
        truncated = true;
        break;
      }
      await onEntry(toWire(doc));
      count++;
    }
    return { count, truncated };
  };

  return { listAuditLogPage, findAuditLogEntry, streamAuditLogEntries };
}
