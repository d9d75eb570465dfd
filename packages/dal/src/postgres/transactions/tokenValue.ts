/**
 * How a transaction's `rate` and `tokenValue` are derived from its token counts: upstream's
 * calculateTokenValue / calculateStructuredTokenValue (methods/transaction.ts, module-private
 * there), over upstream's own pricing functions (getMultiplier, getCacheMultiplier) and
 * CANCEL_RATE. They mutate the unsaved mongoose document, as upstream does, so mongoose casts
 * the computed values exactly as on MongoDB.
 */
import type { TxMethods } from '@librechat/data-schemas';
import { CANCEL_RATE } from '@librechat/data-schemas';

export type Pricing = Pick<TxMethods, 'getMultiplier' | 'getCacheMultiplier'>;

/** The fields the calculators read and write on a (mongoose) transaction document. */
export interface TxDoc {
  valueKey?: string;
  tokenType?: 'prompt' | 'completion' | 'credits';
  model?: string;
  endpointTokenConfig?: Record<string, Record<string, number>> | null;
  inputTokenCount?: number;
  rawAmount?: number;
  context?: string;
  rate?: number;
  tokenValue?: number;
  rateDetail?: Record<string, number>;
  inputTokens?: number;
  writeTokens?: number;
  readTokens?: number;
}

/** `rate = |multiplier|`, `tokenValue = rawAmount × multiplier`; incomplete completions pay CANCEL_RATE. */
export function calculateTokenValue(pricing: Pricing, txn: TxDoc): void {
  const { valueKey, tokenType, model, endpointTokenConfig, inputTokenCount } = txn;
  const multiplier = Math.abs(
    pricing.getMultiplier({
      valueKey,
      tokenType: tokenType as 'prompt' | 'completion' | undefined,
      model,
      endpointTokenConfig: endpointTokenConfig ?? undefined,
      inputTokenCount,
    }),
  );
  txn.rate = multiplier;
  txn.tokenValue = (txn.rawAmount ?? 0) * multiplier;
  if (txn.context && txn.tokenType === 'completion' && txn.context === 'incomplete') {
    txn.tokenValue = Math.ceil((txn.tokenValue ?? 0) * CANCEL_RATE);
    txn.rate = (txn.rate ?? 0) * CANCEL_RATE;
  }
}

/** Cache-aware prompt pricing (input/write/read rates) and plain completion pricing. */
export function calculateStructuredTokenValue(pricing: Pricing, txn: TxDoc): void {
  if (!txn.tokenType) {
    txn.tokenValue = txn.rawAmount;
    return;
  }

  const { model, endpointTokenConfig, inputTokenCount } = txn;
  const etConfig = endpointTokenConfig ?? undefined;

  if (txn.tokenType === 'prompt') {
    const inputMultiplier = pricing.getMultiplier({
      tokenType: 'prompt',
      model,
      endpointTokenConfig: etConfig,
      inputTokenCount,
    });
    const writeMultiplier =
      pricing.getCacheMultiplier({
        cacheType: 'write',
        model,
        endpointTokenConfig: etConfig,
        inputTokenCount,
      }) ?? inputMultiplier;
    const readMultiplier =
      pricing.getCacheMultiplier({
        cacheType: 'read',
        model,
        endpointTokenConfig: etConfig,
        inputTokenCount,
      }) ?? inputMultiplier;

    txn.rateDetail = { input: inputMultiplier, write: writeMultiplier, read: readMultiplier };

    const totalPromptTokens =
      Math.abs(txn.inputTokens ?? 0) + Math.abs(txn.writeTokens ?? 0) + Math.abs(txn.readTokens ?? 0);

    if (totalPromptTokens > 0) {
      txn.rate =
        (Math.abs(inputMultiplier * (txn.inputTokens ?? 0)) +
          Math.abs(writeMultiplier * (txn.writeTokens ?? 0)) +
          Math.abs(readMultiplier * (txn.readTokens ?? 0))) /
        totalPromptTokens;
    } else {
      txn.rate = Math.abs(inputMultiplier);
    }

    txn.tokenValue = -(
      Math.abs(txn.inputTokens ?? 0) * inputMultiplier +
      Math.abs(txn.writeTokens ?? 0) * writeMultiplier +
      Math.abs(txn.readTokens ?? 0) * readMultiplier
    );

    txn.rawAmount = -totalPromptTokens;
  } else if (txn.tokenType === 'completion') {
    const multiplier = pricing.getMultiplier({
      tokenType: txn.tokenType,
      model,
      endpointTokenConfig: etConfig,
      inputTokenCount,
    });
    txn.rate = Math.abs(multiplier);
    txn.tokenValue = -Math.abs(txn.rawAmount ?? 0) * multiplier;
    txn.rawAmount = -Math.abs(txn.rawAmount ?? 0);
  }

  if (txn.context && txn.tokenType === 'completion' && txn.context === 'incomplete') {
    txn.tokenValue = Math.ceil((txn.tokenValue ?? 0) * CANCEL_RATE);
    txn.rate = (txn.rate ?? 0) * CANCEL_RATE;
    if (txn.rateDetail) {
      txn.rateDetail = Object.fromEntries(
        Object.entries(txn.rateDetail).map(([k, v]) => [k, v * CANCEL_RATE]),
      );
    }
  }
}
