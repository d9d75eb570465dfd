/** verifyAuditChain and purgeAuditLogEntries (upstream methods/auditLog.ts). */
import { type AuditLogMethods, GENESIS_HASH, logger } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { auditChainKey, computeEntryHash } from './chain.js';
import { scanBySeq } from './scan.js';

type Integrity = Pick<AuditLogMethods, 'verifyAuditChain' | 'purgeAuditLogEntries'>;

export function createAuditLogIntegrity(ctx: PgContext): Integrity {
  const { auditlogs } = ctx.collections;

  /**
   * Walks the chain by `seq`: contiguous sequence, each `prevHash` the previous `hash`, each
   * `hash` recomputed. A chain not starting at 1 verifies only against a matching trusted checkpoint.
   */
  const verifyAuditChain: AuditLogMethods['verifyAuditChain'] = async (tenantId, options) => {
    const chainKey = auditChainKey(tenantId);
    const trustedCheckpoint = options?.trustedCheckpoint;
    const isCancelled = options?.isCancelled;
    const maxRows = options?.maxRows;
    let prevHash = GENESIS_HASH;
    let expectedSeq: number | null = null;
    let firstSeq: number | null = null;
    let lastSeq = 0;
    let checked = 0;

    for await (const doc of scanBySeq(auditlogs, { chainKey }, 1)) {
      if (isCancelled?.()) {
        return {
          ok: false,
          chainKey,
          checked,
          reason: 'verification cancelled',
          range: firstSeq !== null ? { firstSeq, lastSeq } : undefined,
        };
      }
      if (maxRows != null && checked >= maxRows) {
        return {
          ok: false,
          chainKey,
          checked,
          brokenAt: doc.seq,
          reason: `verification row limit exceeded (${maxRows})`,
          range: firstSeq !== null ? { firstSeq, lastSeq } : { firstSeq: doc.seq, lastSeq: doc.seq },
        };
      }
      if (firstSeq === null) {
        firstSeq = doc.seq;
        expectedSeq = doc.seq;
        if (doc.seq === 1) {
          prevHash = GENESIS_HASH;
        } else if (
          trustedCheckpoint &&
          trustedCheckpoint.throughSeq === doc.seq - 1 &&
          trustedCheckpoint.prevHash === doc.prevHash
        ) {
          prevHash = doc.prevHash;
        } else {
          return {
            ok: false,
            chainKey,
            checked,
            brokenAt: doc.seq,
            reason: trustedCheckpoint
              ? 'checkpoint mismatch: purged prefix does not match the trusted checkpoint'
              : `non-genesis start at seq ${doc.seq}: prefix purged or deleted (supply a trusted checkpoint to verify)`,
            range: { firstSeq, lastSeq: doc.seq },
          };
        }
      }
      if (doc.seq !== expectedSeq) {
        return {
          ok: false,
          chainKey,
          checked,
          brokenAt: expectedSeq ?? doc.seq,
          reason: `sequence gap: expected ${expectedSeq}, found ${doc.seq}`,
          range: { firstSeq, lastSeq },
        };
      }
      if (doc.prevHash !== prevHash) {
        return {
          ok: false,
          chainKey,
          checked,
          brokenAt: doc.seq,
          reason: 'broken hash link',
          range: { firstSeq, lastSeq },
        };
      }
      if (computeEntryHash(doc) !== doc.hash) {
        return {
          ok: false,
          chainKey,
          checked,
          brokenAt: doc.seq,
          reason: 'hash mismatch',
          range: { firstSeq, lastSeq },
        };
      }
      prevHash = doc.hash;
      lastSeq = doc.seq;
      expectedSeq = doc.seq + 1;
      checked++;
    }

    return { ok: true, chainKey, checked, range: firstSeq !== null ? { firstSeq, lastSeq } : undefined };
  };

  /**
   * Retention purge: deletes the contiguous `seq` prefix before the first entry created at or
   * after `before`, and returns the checkpoint that proves the purge to verifyAuditChain.
   */
  const purgeAuditLogEntries: AuditLogMethods['purgeAuditLogEntries'] = async (tenantId, options) => {
    if (!options.confirm) return { deletedCount: 0 };
    if (!(options.before instanceof Date) || Number.isNaN(options.before.getTime())) {
      throw new Error('purgeAuditLogEntries: `before` must be a valid Date');
    }
    const chainKey = auditChainKey(tenantId);
    const firstRetained = (await auditlogs.findOne(
      { chainKey, createdAt: { $gte: options.before } },
      { sort: { seq: 1 }, select: 'seq' },
    )) as { seq: number } | null;
    const deleteFilter = firstRetained ? { chainKey, seq: { $lt: firstRetained.seq } } : { chainKey };
    const result = await auditlogs.deleteMany(deleteFilter);
    const deletedCount = result.deletedCount ?? 0;

    logger.warn('[auditLog] retention purge executed', {
      chainKey,
      before: options.before.toISOString(),
      deletedCount,
    });

    if (deletedCount === 0) return { deletedCount: 0 };

    const newFirst = (await auditlogs.findOne(
      { chainKey },
      { sort: { seq: 1 }, select: 'seq prevHash' },
    )) as { seq: number; prevHash: string } | null;
    return {
      deletedCount,
      checkpoint: newFirst ? { throughSeq: newFirst.seq - 1, prevHash: newFirst.prevHash } : undefined,
    };
  };

  return { verifyAuditChain, purgeAuditLogEntries };
}
