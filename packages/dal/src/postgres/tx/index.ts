/**
 * TxMethods (upstream methods/tx.ts): token pricing tables and multipliers. Pure — no database —
 * so they are upstream's own functions, built by `createMethods` over the unconnected schemas
 * with the same deps (matchModelName, findMatchingPattern) the MongoDB backend gets.
 */
import type { TxMethods } from '@librechat/data-schemas';
import { createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';

export function createTxMethods(ctx: PgContext): TxMethods {
  const upstream = createMethods(ctx.shaper.mongoose as unknown as typeof import('mongoose'), ctx.deps);
  return {
    tokenValues: upstream.tokenValues,
    premiumTokenValues: upstream.premiumTokenValues,
    getValueKey: upstream.getValueKey,
    getMultiplier: upstream.getMultiplier,
    getPremiumRate: upstream.getPremiumRate,
    getCacheMultiplier: upstream.getCacheMultiplier,
    defaultRate: upstream.defaultRate,
    cacheTokenValues: upstream.cacheTokenValues,
  };
}
