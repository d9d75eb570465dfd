/**
 * getAgentEventActorReconciliationStorageMetrics (one SQL aggregate over the journal entries, the
 * `$unwind`/`$group` of upstream's pipeline) and expireLegacyAgentEventActorReceipts (a bounded,
 * `_id`-cursored sweep of settled receipts older than 90 days).
 */
import type { ConversationMethods } from '@librechat/data-schemas';
import { Params } from '../../../filters/params.js';
import type { PgContext } from '../../context.js';
import type { PgCollection } from '../../store/collection.js';
import { tenantBulkWrite } from '../../store/tenantBulkWrite.js';
import type { Doc } from '../shared.js';

type Receipts = Pick<
  ConversationMethods,
  'getAgentEventActorReconciliationStorageMetrics' | 'expireLegacyAgentEventActorReceipts'
>;
type Receipt = { invocationId: string; status?: string; observedAt?: Date };

const AGENT_EVENT_ACTOR_RECEIPT_RETENTION_MS = 90 * 24 * 60 * 60_000;

export function createActorReceipts(ctx: PgContext): Receipts {
  const { conversations } = ctx.collections;
  /** Where the last sweep stopped (per backend instance, as upstream keeps it per method set). */
  let legacyReceiptExpiryCursor: unknown;

  const getAgentEventActorReconciliationStorageMetrics: Receipts['getAgentEventActorReconciliationStorageMetrics'] =
    async (now) => {
      const params = new Params();
      const where = conversations.where(
        { agentEventActorReconciliations: { $elemMatch: { status: { $ne: 'settled' } } } },
        params,
        'c',
      );
      const { rows } = await ctx.pool.query<{ pending: number; oldest: Date | null }>(
        `SELECT count(*)::int AS pending, min((e -> 'observedAt' ->> '$date')::timestamptz) AS oldest
           FROM "${conversations.spec.table}" c
           CROSS JOIN LATERAL jsonb_array_elements(
             CASE WHEN jsonb_typeof(c.agent_event_actor_reconciliations) = 'array'
                  THEN c.agent_event_actor_reconciliations ELSE '[]'::jsonb END) e
          WHERE ${where} AND (e ->> 'status') IS DISTINCT FROM 'settled'`,
        params.values,
      );
      const row = rows[0];
      const pending = row?.pending ?? 0;
      const oldest = pending > 0 ? row?.oldest : null;
      return {
        pending,
        oldestPendingAgeSeconds: oldest == null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000),
      };
    };

  /** Deliveries that still protect a receipt; the delivery group is not on PostgreSQL yet. */
  async function protectedInvocationIds(invocationIds: string[]): Promise<Set<string>> {
    const deliveries = (ctx.collections as unknown as Record<string, PgCollection | undefined>)
      .agenttriggerdeliveries;
    if (!deliveries || invocationIds.length === 0) return new Set();
    const keys = await deliveries.distinct('deliveryKey', {
      deliveryKey: { $in: invocationIds },
      $or: [{ handling: { $exists: false } }, { 'handling.status': 'started' }],
    });
    return new Set(keys as string[]);
  }

  const expireLegacyAgentEventActorReceipts: Receipts['expireLegacyAgentEventActorReceipts'] = async (
    now,
    limit = 100,
  ) => {
    if (Number.isNaN(now.getTime())) throw new TypeError('now must be a valid date');
    const boundedLimit = Math.max(1, Math.min(Math.trunc(limit), 1_000));
    const cutoff = new Date(now.getTime() - AGENT_EVENT_ACTOR_RECEIPT_RETENTION_MS);
    const candidates = await conversations.find(
      legacyReceiptExpiryCursor == null ? {} : { _id: { $gt: legacyReceiptExpiryCursor } },
      { select: { _id: 1, agentEventActorReconciliations: 1 }, sort: { _id: 1 }, limit: boundedLimit },
    );
    if (candidates.length === 0) {
      legacyReceiptExpiryCursor = undefined;
      return 0;
    }
    legacyReceiptExpiryCursor = candidates[candidates.length - 1]?._id;
    const expired = (candidate: Doc) =>
      ((candidate.agentEventActorReconciliations as Receipt[] | undefined) ?? []).filter(
        (receipt) => receipt.status === 'settled' && (receipt.observedAt as Date) <= cutoff,
      );
    const expiredInvocationIds = [
      ...new Set(candidates.flatMap((c) => expired(c).map((receipt) => receipt.invocationId))),
    ];
    const protectedIds = await protectedInvocationIds(expiredInvocationIds);
    const operations = candidates.flatMap((candidate) => {
      const removable = expired(candidate)
        .filter((receipt) => !protectedIds.has(receipt.invocationId))
        .map((receipt) => receipt.invocationId);
      return removable.length === 0
        ? []
        : [
            {
              updateOne: {
                filter: { _id: candidate._id },
                update: {
                  $pull: {
                    agentEventActorReconciliations: {
                      invocationId: { $in: removable },
                      status: 'settled',
                      observedAt: { $lte: cutoff },
                    },
                  },
                },
              },
            },
          ];
    });
    if (operations.length === 0) return 0;
    const result = await tenantBulkWrite(conversations, operations, { ordered: false, timestamps: false });
    return result.modifiedCount;
  };

  return { getAgentEventActorReconciliationStorageMetrics, expireLegacyAgentEventActorReceipts };
}
