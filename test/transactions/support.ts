/** Helpers shared by the transactions, spendTokens and concurrency suites: engine-neutral setup and reads. */
import type { Dal } from '@librechat/dal';
// The logger instance @librechat/data-schemas (and so both backends) log through.
import { logger } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

export const HIDDEN_BALANCE_FIELDS = '+reservations +reservedCredits +pendingRefill';

/** Inserts a balance document as it would have been stored (upstream's model: defaults applied). */
export async function seedBalance(dal: Dal, doc: Record<string, unknown>): Promise<void> {
  if (dal.engine.mongoose) {
    await dal.engine.mongoose.models.Balance!.create(doc);
    return;
  }
  await dal.engine.collections!.balances.create(doc);
}

/** Every balance document of a user, oldest first, hidden fields included. */
export async function readBalances(dal: Dal, user: unknown): Promise<unknown[]> {
  if (dal.engine.mongoose) {
    return dal.engine.mongoose.models
      .Balance!.find({ user })
      .sort({ _id: 1 })
      .select(HIDDEN_BALANCE_FIELDS)
      .lean();
  }
  return dal.engine.collections!.balances.find({ user }, { select: HIDDEN_BALANCE_FIELDS, sort: { _id: 1 } });
}

/** Every ledger transaction, oldest first. */
export async function readTransactions(dal: Dal, filter: Record<string, unknown> = {}): Promise<unknown[]> {
  if (dal.engine.mongoose) {
    return dal.engine.mongoose.models.Transaction!.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
  }
  return dal.engine.collections!.transactions.find(filter, { sort: { createdAt: 1 } });
}

/**
 * Runs `fn` and returns what it returned together with what it logged as errors (message and
 * error text): upstream's spendTokens logs a failed charge instead of throwing it.
 */
export async function withLoggedErrors<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; loggedErrors: string[] }> {
  const loggedErrors: string[] = [];
  const original = logger.error;
  logger.error = ((message: unknown, ...meta: unknown[]) => {
    const details = meta.map((m) => (m instanceof Error ? m.message : JSON.stringify(m)));
    loggedErrors.push([String(message), ...details].join(' '));
    return logger;
  }) as typeof logger.error;
  try {
    return { result: await fn(), loggedErrors };
  } finally {
    logger.error = original;
  }
}

export const USER_A = '65a1b2c3d4e5f60718293a4b';
export const USER_B = '65a1b2c3d4e5f60718293a4c';
