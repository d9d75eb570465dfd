/** TransactionMethods on PostgreSQL (upstream methods/transaction.ts). */
import type { TransactionMethods, TxMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createBalanceRecords } from './balanceRecords.js';
import { createLedger } from './ledger.js';
import { createReservations } from './reservations.js';

/** `pricing`: upstream's getMultiplier / getCacheMultiplier (the TxMethods group). */
export function createTransactionMethods(
  ctx: PgContext,
  pricing: Pick<TxMethods, 'getMultiplier' | 'getCacheMultiplier'>,
): TransactionMethods {
  const records = createBalanceRecords(ctx);
  const { recordAutoRefill, ...ledger } = createLedger(ctx, pricing, records);
  const { upsertBalanceRecord: _internal, ...balanceMethods } = records;
  return {
    ...balanceMethods,
    ...ledger,
    ...createReservations(ctx, records, { recordAutoRefill }),
  };
}
