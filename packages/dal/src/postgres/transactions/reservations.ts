/**
 * Balance reservations (upstream methods/transaction.ts): reserveBalance admits a request against
 * the credits in-flight requests have not reserved, applying a due auto-refill first;
 * renewBalanceReservation extends one; releaseBalanceReservation returns one.
 *
 * Each runs on PostgreSQL under the balance row's lock (SELECT … FOR UPDATE in one transaction),
 * so pruning expired reservations, the auto-refill with its ledger transaction, and the admission
 * commit together or not at all. Upstream reaches the same end state with fenced single-document
 * writes and a `pendingRefill` marker; a marker found on a record (data migrated from MongoDB) is
 * settled exactly as upstream settles it.
 */
import type { IBalance, IBalanceReservation, TransactionMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { getRefillEligibilityDate } from 'librechat-data-provider';
import type pg from 'pg';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import type { Doc } from '../store/rows.js';
import type { BalanceRecords } from './balanceRecords.js';
import type { LedgerWriter } from './ledger.js';

type Reservations = Pick<
  TransactionMethods,
  'reserveBalance' | 'renewBalanceReservation' | 'releaseBalanceReservation'
>;

const maxReservationAttempts = 10;

type StoredBalance = Doc & Partial<Omit<IBalance, 'reservations'>> & { reservations?: IBalanceReservation[] };

/** Upstream's isAutoRefillDue: enabled, a positive amount, and the interval since lastRefill elapsed. */
export function isAutoRefillDue(record: StoredBalance, now: Date): boolean {
  if (!record.autoRefillEnabled || !((record.refillAmount as number) > 0)) return false;
  const lastRefill = new Date(record.lastRefill ?? 0);
  if (Number.isNaN(lastRefill.getTime())) return true;
  return (
    now >=
    getRefillEligibilityDate(lastRefill, record.refillIntervalValue ?? 0, record.refillIntervalUnit ?? 'days')
  );
}

export function createReservations(
  ctx: PgContext,
  records: BalanceRecords,
  ledger: LedgerWriter,
): Reservations {
  const { balances, transactions } = ctx.collections;

  /** Records the ledger transaction of a refill marker (once: its id is fixed), then clears the marker. */
  async function settlePendingRefill(record: StoredBalance, client: pg.PoolClient): Promise<Doc> {
    const pending = record.pendingRefill as { transactionId: unknown; rawAmount: number };
    if (!(await transactions.exists({ _id: pending.transactionId }, client))) {
      await ledger.recordAutoRefill(
        { _id: pending.transactionId, user: record.user, rawAmount: pending.rawAmount },
        client,
      );
    }
    return { $unset: { pendingRefill: 1 } };
  }

  /** Upstream's removeReservations for expired entries: each still expired at `now` is pulled (by id) and its amount released. */
  function pruneExpired(
    record: StoredBalance,
    now: Date,
  ): { list: IBalanceReservation[]; reserved: number | undefined } | null {
    const held = record.reservations ?? [];
    const expired = held.filter((r) => r.expiresAt <= now);
    if (expired.length === 0) return null;
    let list = [...held];
    let reserved = record.reservedCredits;
    for (const { id, amount } of expired) {
      if (list.some((r) => r.id === id && r.amount === amount && r.expiresAt <= now)) {
        list = list.filter((r) => r.id !== id);
        reserved = (reserved ?? 0) - amount;
      }
    }
    return { list, reserved };
  }

  const reserveBalance: TransactionMethods['reserveBalance'] = async ({
    user,
    reservationId,
    amount,
    expiresAt,
    initialBalance,
  }) => {
    for (let attempt = 1; attempt <= maxReservationAttempts; attempt++) {
      const outcome = await withTransaction(ctx.pool, async (client) => {
        const [locked] = await balances.findRaw({ user }, { limit: 1, forUpdate: true }, client);
        if (!locked) return undefined;
        let record = locked as StoredBalance;
        const $set: Doc = {};
        let $unset: Doc | undefined;

        if (record.pendingRefill != null) {
          ({ $unset } = (await settlePendingRefill(record, client)) as { $unset: Doc });
          const { pendingRefill: _settled, ...rest } = record;
          record = rest;
        }

        let now = new Date();
        const pruned = pruneExpired(record, now);
        if (pruned) {
          $set.reservations = pruned.list;
          $set.reservedCredits = pruned.reserved;
          record = { ...record, reservations: pruned.list, reservedCredits: pruned.reserved };
        }

        let credits = record.tokenCredits ?? 0;
        let balance = credits - (record.reservedCredits ?? 0);
        if (balance - amount <= 0 && isAutoRefillDue(record, now)) {
          const refillAmount = record.refillAmount as number;
          now = new Date();
          $set.tokenCredits = Math.max(0, (record.tokenCredits ?? 0) + refillAmount);
          $set.lastRefill = now;
          await ledger.recordAutoRefill({ user: record.user, rawAmount: refillAmount }, client);
          logger.debug('[Balance.reserve] Auto-refill applied', {
            user: record.user,
            rawAmount: refillAmount,
          });
          record = { ...record, tokenCredits: $set.tokenCredits as number, lastRefill: now };
          credits = record.tokenCredits ?? 0;
          balance = credits - (record.reservedCredits ?? 0);
        }

        const reserved = balance >= amount;
        if (reserved && amount > 0) {
          const held = Math.ceil(amount);
          $set.reservations = [
            ...(record.reservations ?? []),
            { id: reservationId, amount: held, expiresAt },
          ];
          $set.reservedCredits = (record.reservedCredits ?? 0) + held;
        }

        const update: Doc = {};
        if (Object.keys($set).length > 0) update.$set = $set;
        if ($unset) update.$unset = $unset;
        if (Object.keys(update).length > 0) {
          await balances.findOneAndUpdate({ _id: record._id }, update, {}, client);
        }
        return { reserved, balance };
      });
      if (outcome) return outcome;
      if (!initialBalance) return null;
      await records.upsertBalanceRecord(user, {}, initialBalance);
    }
    throw new Error(`Balance reservation for user ${user} exceeded its retry bound.`);
  };

  /** Every reservation with the id gets the new expiry; one already released or pruned stays gone. */
  const renewBalanceReservation: TransactionMethods['renewBalanceReservation'] = async ({
    user,
    reservationId,
    expiresAt,
  }) => {
    await withTransaction(ctx.pool, async (client) => {
      const [record] = await balances.findRaw(
        { user, 'reservations.id': reservationId },
        { limit: 1, forUpdate: true },
        client,
      );
      if (!record) return;
      const list = ((record as StoredBalance).reservations ?? []).map((r) =>
        r.id === reservationId ? { ...r, expiresAt } : r,
      );
      await balances.findOneAndUpdate({ _id: record._id }, { $set: { reservations: list } }, {}, client);
    });
  };

  /** Upstream's removeReservations for one id: pulled only while still held at that amount. */
  const releaseBalanceReservation: TransactionMethods['releaseBalanceReservation'] = async ({
    user,
    reservationId,
    amount,
  }) => {
    if (!(amount > 0)) return;
    const held = Math.ceil(amount);
    await balances.updateOne(
      { user, reservations: { $elemMatch: { id: reservationId, amount: held } } },
      { $pull: { reservations: { id: reservationId } }, $inc: { reservedCredits: -held } },
    );
  };

  return { reserveBalance, renewBalanceReservation, releaseBalanceReservation };
}
