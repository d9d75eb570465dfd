/**
 * The transaction ledger (upstream methods/transaction.ts): createTransaction,
 * createStructuredTransaction, bulkInsertTransactions, getTransactions, deleteTransactions, and
 * the auto-refill ledger entry the reservations write.
 *
 * A transaction is built as upstream builds it — `new Transaction(txData)` on upstream's model,
 * the token value computed on that document, then validated and saved — and, as upstream, the
 * ledger row is written before the balance is charged (a failed charge leaves the row).
 */
import type { TransactionMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type pg from 'pg';
import type { PgContext } from '../context.js';
import type { Doc } from '../store/rows.js';
import type { BalanceRecords } from './balanceRecords.js';
import {
  calculateStructuredTokenValue,
  calculateTokenValue,
  type Pricing,
  type TxDoc,
} from './tokenValue.js';

type Ledger = Pick<
  TransactionMethods,
  | 'createTransaction'
  | 'createStructuredTransaction'
  | 'bulkInsertTransactions'
  | 'getTransactions'
  | 'deleteTransactions'
>;

type TxData = Parameters<TransactionMethods['createTransaction']>[0];
type TransactionResult = NonNullable<Awaited<ReturnType<TransactionMethods['createTransaction']>>>;

/** A transaction document as upstream's model builds it. */
type TxDocument = TxDoc & {
  user: { toString(): string };
  validate(): Promise<void>;
  toObject(options?: object): Doc;
};

export interface LedgerWriter {
  /** Saves the `credits` / `autoRefill` transaction of an applied refill (rate from upstream's pricing). */
  recordAutoRefill(
    entry: { _id?: unknown; user: unknown; rawAmount: number },
    client: pg.PoolClient,
  ): Promise<void>;
}

export function createLedger(
  ctx: PgContext,
  pricing: Pricing,
  records: BalanceRecords,
): Ledger & LedgerWriter {
  const { transactions } = ctx.collections;
  const Transaction = transactions.model;

  /** `transaction.save()`: validation of the document as computed, then the insert. */
  async function save(transaction: TxDocument, client?: pg.PoolClient): Promise<void> {
    await transaction.validate();
    await transactions.create(transaction.toObject({ depopulate: true }), client);
  }

  function build(txData: Omit<TxData, 'balance' | 'transactions'>): TxDocument {
    const transaction = new Transaction(txData) as unknown as TxDocument;
    transaction.endpointTokenConfig = txData.endpointTokenConfig;
    transaction.inputTokenCount = txData.inputTokenCount;
    return transaction;
  }

  async function chargeBalance(transaction: TxDocument): Promise<TransactionResult> {
    const incrementValue = transaction.tokenValue as number;
    const balanceResponse = await records.updateBalance({
      user: transaction.user as unknown as string,
      incrementValue,
    });
    return {
      rate: transaction.rate as number,
      user: transaction.user.toString(),
      balance: balanceResponse.tokenCredits,
      [transaction.tokenType as string]: incrementValue,
    } as TransactionResult;
  }

  const createTransaction: TransactionMethods['createTransaction'] = async (_txData) => {
    const { balance, transactions: txConfig, ...txData } = _txData;
    if (txData.rawAmount != null && Number.isNaN(txData.rawAmount)) return;
    if (txConfig?.enabled === false) return;
    const transaction = build(txData);
    calculateTokenValue(pricing, transaction);
    await save(transaction);
    if (!balance?.enabled) return;
    return chargeBalance(transaction);
  };

  const createStructuredTransaction: TransactionMethods['createStructuredTransaction'] = async (_txData) => {
    const { balance, transactions: txConfig, ...txData } = _txData;
    if (txConfig?.enabled === false) return;
    const transaction = build(txData);
    calculateStructuredTokenValue(pricing, transaction);
    await save(transaction);
    if (!balance?.enabled) return;
    return chargeBalance(transaction);
  };

  const recordAutoRefill: LedgerWriter['recordAutoRefill'] = async ({ _id, user, rawAmount }, client) => {
    const transaction = new Transaction({
      ...(_id !== undefined ? { _id } : {}),
      user,
      tokenType: 'credits',
      context: 'autoRefill',
      rawAmount,
    }) as unknown as TxDocument;
    calculateTokenValue(pricing, transaction);
    await save(transaction, client);
  };

  const bulkInsertTransactions: TransactionMethods['bulkInsertTransactions'] = async (docs) => {
    if (!docs.length) return;
    try {
      await transactions.insertMany(docs as unknown as Doc[]);
    } catch (error) {
      logger.error('[bulkInsertTransactions] Error inserting transaction docs:', error);
      throw error;
    }
  };

  const getTransactions: TransactionMethods['getTransactions'] = async (filter) => {
    try {
      return (await transactions.find(filter as Doc)) as never;
    } catch (error) {
      logger.error('Error querying transactions:', error);
      throw error;
    }
  };

  const deleteTransactions: TransactionMethods['deleteTransactions'] = async (filter) =>
    (await transactions.deleteMany(filter as Doc)) as never;

  return {
    createTransaction,
    createStructuredTransaction,
    bulkInsertTransactions,
    getTransactions,
    deleteTransactions,
    recordAutoRefill,
  };
}
