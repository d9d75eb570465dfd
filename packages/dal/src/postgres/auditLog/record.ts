/**
 * recordAuditEntry (upstream methods/auditLog.ts): appends the next entry of the chain.
 *
 * Upstream reads the chain's tail and inserts `seq + 1`, retrying when a concurrent append took
 * that `seq` (unique index). On PostgreSQL the append holds a per-chain advisory lock for its
 * transaction, so appends to one chain are serialised and never collide; the unique index stays
 * the backstop and the duplicate-key retry is kept. Fail-open by default, as upstream.
 */
import {
  AUDIT_ACTION_CATEGORY,
  AUDIT_SCHEMA_VERSION,
  type AuditLogMethods,
  GENESIS_HASH,
  type IAuditLog,
  logger,
} from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import {
  auditChainKey,
  computeEntryHash,
  normalizeContext,
  normalizeMetadata,
  normalizeTenantId,
} from './chain.js';

/** Concurrent appends that still race for a `seq` retry this many times, with jittered backoff. */
const MAX_APPEND_RETRIES = 12;
const APPEND_BACKOFF_MS = 5;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function idToString(id: string | { toString(): string }): string {
  return typeof id === 'string' ? id : id.toString();
}

function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

export function createRecordAuditEntry(ctx: PgContext): AuditLogMethods['recordAuditEntry'] {
  const { auditlogs } = ctx.collections;

  return async (input, options) => {
    const tenantId = normalizeTenantId(input.tenantId);
    const chainKey = auditChainKey(input.tenantId);
    const category = input.category ?? AUDIT_ACTION_CATEGORY[input.action];
    const outcome = input.outcome ?? 'success';
    const severity = input.severity ?? (outcome === 'failure' || outcome === 'denied' ? 'warning' : 'info');
    const actor = {
      type: input.actor.type,
      name: input.actor.name,
      ...(input.actor.id != null ? { id: idToString(input.actor.id) } : {}),
    };
    const target = {
      type: input.target.type,
      ...(input.target.id != null ? { id: idToString(input.target.id) } : {}),
      ...(input.target.name != null ? { name: input.target.name } : {}),
    };
    const metadata = normalizeMetadata(input.metadata);
    const context = normalizeContext(input.context);

    for (let attempt = 0; attempt < MAX_APPEND_RETRIES; attempt++) {
      try {
        return await withTransaction(ctx.pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
            `auditlogs:${chainKey}`,
          ]);
          const last = (await auditlogs.findOne(
            { chainKey },
            { sort: { seq: -1 }, select: 'seq hash' },
            client,
          )) as { seq: number; hash: string } | null;
          const prevSeq = last?.seq ?? 0;
          const prevHash = last?.hash ?? GENESIS_HASH;
          const seq = prevSeq + 1;
          const createdAt = new Date();
          const hash = computeEntryHash({
            schemaVersion: AUDIT_SCHEMA_VERSION,
            category,
            action: input.action,
            outcome,
            severity,
            actor,
            target,
            metadata,
            context,
            tenantId,
            chainKey,
            seq,
            prevHash,
            createdAt,
          });
          return (await auditlogs.create(
            {
              schemaVersion: AUDIT_SCHEMA_VERSION,
              category,
              action: input.action,
              outcome,
              severity,
              actor,
              target,
              ...(metadata !== undefined && { metadata }),
              ...(context !== undefined && { context }),
              ...(tenantId !== undefined && { tenantId }),
              chainKey,
              seq,
              prevHash,
              hash,
              createdAt,
            },
            client,
          )) as IAuditLog;
        });
      } catch (err) {
        if (isDuplicateKeyError(err) && attempt < MAX_APPEND_RETRIES - 1) {
          await sleep(Math.floor(Math.random() * APPEND_BACKOFF_MS * (attempt + 1)));
          continue;
        }
        logger.error('[auditLog] failed to record audit entry', {
          action: input.action,
          category,
          outcome,
          chainKey,
          tenantId,
          actorId: actor.id ?? null,
          actorType: actor.type,
          targetType: target.type,
          targetId: target.id ?? null,
          err,
        });
        if (options?.failClosed) {
          throw err instanceof Error ? err : new Error('Failed to record audit entry');
        }
        return null;
      }
    }
    return null;
  };
}
