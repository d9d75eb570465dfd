/** Helpers for the auditLog suites: comparable entries, and raw (hook-bypassing) edits for tamper tests. */
import type { Dal } from '@librechat/dal';

const HEX64 = /^[0-9a-f]{64}$/;
const GENESIS = '0'.repeat(64);

/**
 * Makes audit results comparable across engines: hashes differ (they cover `createdAt`, which
 * differs by milliseconds), so each distinct hash becomes a label in order of appearance (the
 * genesis hash stays) — hash links are preserved; wire timestamps become Dates, which the
 * differential normaliser labels relative to the run.
 */
export function comparable(value: unknown): unknown {
  const labels = new Map<string, string>();
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key === 'timestamp') return new Date(v);
      if (HEX64.test(v) && v !== GENESIS) {
        if (!labels.has(v)) labels.set(v, `hash#${labels.size + 1}`);
        return labels.get(v);
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object' && !(v instanceof Date) && !('_bsontype' in v)) {
      if ('$__' in v && typeof (v as { toObject?: unknown }).toObject === 'function') {
        const doc = v as unknown as { toObject(): unknown; constructor: { modelName?: string } };
        return { $document: doc.constructor.modelName, value: walk(doc.toObject()) };
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value);
}

export const alice = { type: 'user' as const, id: '65a1b2c3d4e5f60718293a4b', name: 'Alice Admin' };

export function grant(capability: string, extra: Record<string, unknown> = {}) {
  return {
    action: 'grant.assigned' as const,
    actor: alice,
    target: { type: 'role', id: 'USER', name: 'User role' },
    metadata: { capability },
    ...extra,
  };
}

/** Rewrites a stored field of the entry at `seq` without the append-only hooks. */
export async function tamper(dal: Dal, chainKey: string, seq: number, actorName: string): Promise<void> {
  if (dal.engine.mongoose) {
    await dal.engine.mongoose.models.AuditLog!.collection.updateOne(
      { chainKey, seq },
      { $set: { 'actor.name': actorName } },
    );
    return;
  }
  await dal.engine.pool!.query(
    `UPDATE auditlogs SET actor = jsonb_set(actor, '{name}', to_jsonb($3::text)) WHERE chain_key = $1 AND seq = $2`,
    [chainKey, seq, actorName],
  );
}

export async function setPrevHash(dal: Dal, chainKey: string, seq: number, prevHash: string): Promise<void> {
  if (dal.engine.mongoose) {
    await dal.engine.mongoose.models.AuditLog!.collection.updateOne(
      { chainKey, seq },
      { $set: { prevHash } },
    );
    return;
  }
  await dal.engine.pool!.query(`UPDATE auditlogs SET prev_hash = $3 WHERE chain_key = $1 AND seq = $2`, [
    chainKey,
    seq,
    prevHash,
  ]);
}

export async function removeRaw(dal: Dal, chainKey: string, seq: number): Promise<void> {
  if (dal.engine.mongoose) {
    await dal.engine.mongoose.models.AuditLog!.collection.deleteOne({ chainKey, seq });
    return;
  }
  await dal.engine.pool!.query(`DELETE FROM auditlogs WHERE chain_key = $1 AND seq = $2`, [chainKey, seq]);
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
