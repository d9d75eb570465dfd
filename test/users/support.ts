/** Helpers shared by the users suites: engine-neutral reads of what the methods wrote. */
import type { Dal } from '@librechat/dal';

/** The balance document for a user, read the way upstream's Balance model reads it (lean). */
export async function readBalance(dal: Dal, userId: unknown): Promise<unknown> {
  if (dal.engine.mongoose) {
    return dal.engine.mongoose.models.Balance?.findOne({ user: userId }).lean();
  }
  return dal.engine.collections?.balances.findOne({ user: userId });
}

/** The stored user with every hidden field, as MongoDB holds it. */
export async function readStoredUser(dal: Dal, userId: unknown): Promise<unknown> {
  const all =
    '+password +totpSecret +backupCodes +pendingTotpSecret +pendingBackupCodes +agentTriggerDeletionStartedAt +subagentAdmissionFences +pinnedOrder';
  return dal.methods.getUserById(String(userId), all);
}

/** A duplicate-key error as callers inspect it; the database name in the message is masked. */
export function duplicateKeyShape(error: unknown): unknown {
  const e = error as {
    name?: string;
    code?: unknown;
    keyPattern?: unknown;
    keyValue?: unknown;
    message?: string;
  };
  return {
    name: e.name,
    code: e.code,
    keyPattern: e.keyPattern,
    keyValue: e.keyValue,
    message: e.message?.replace(/collection: [^.\s]+\./, 'collection: <db>.'),
  };
}

export const alice = {
  name: 'Alice Liddell',
  username: 'Alice',
  email: 'Alice@Example.com',
  password: 'wonderland1',
  provider: 'local',
};
export const bob = {
  name: 'Bob Builder',
  username: 'bobb',
  email: 'bob@builders.io',
  password: 'canwefixit',
  provider: 'google',
  googleId: 'g-123',
};
