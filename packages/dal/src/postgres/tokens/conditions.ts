/**
 * The `$and` conditions findToken and deleteTokens build from a TokenQuery (upstream
 * methods/token.ts): `undefined` keys are ignored, `null` matches a missing or null field, the
 * email is trimmed and lower-cased. findToken skips a falsy userId/token; deleteTokens only an
 * undefined one.
 */
import type { TokenQuery } from '@librechat/data-schemas';

export function tokenConditions(query: TokenQuery, mode: 'find' | 'delete'): Record<string, unknown>[] {
  const conditions: Record<string, unknown>[] = [];
  if (mode === 'find' ? query.userId : query.userId !== undefined) conditions.push({ userId: query.userId });
  if (mode === 'find' ? query.token : query.token !== undefined) conditions.push({ token: query.token });
  if (query.email !== undefined) {
    const email = query.email === null ? null : query.email.trim().toLowerCase();
    conditions.push({ email });
  }
  if (query.type !== undefined) conditions.push({ type: query.type });
  if (query.identifier !== undefined) conditions.push({ identifier: query.identifier });
  if (query.metadataCredentialSetId !== undefined) {
    conditions.push({ 'metadata.credential_set_id': query.metadataCredentialSetId });
  }
  return conditions;
}
