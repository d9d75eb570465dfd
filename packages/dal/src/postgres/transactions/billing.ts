/**
 * The billing groups wired as upstream's createMethods wires them: TxMethods (pricing) feed
 * TransactionMethods, whose createTransaction / createStructuredTransaction feed SpendTokensMethods.
 */
import type { SpendTokensMethods, TransactionMethods, TxMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createSpendTokensMethods } from '../spendTokens/index.js';
import { createTxMethods } from '../tx/index.js';
import { createTransactionMethods } from './index.js';

export function createBillingMethods(ctx: PgContext): TxMethods & TransactionMethods & SpendTokensMethods {
  const tx = createTxMethods(ctx);
  const transactions = createTransactionMethods(ctx, tx);
  return { ...tx, ...transactions, ...createSpendTokensMethods(transactions) };
}
