/** What the OpenID refresh-flight methods share: the duplicate-key test and the "revoked" update. */

export const REVOKED_MESSAGE = 'OpenID refresh was revoked by logout';

export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error != null &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'number' &&
    (error as { code: number }).code === 11000
  );
}

/** The update that marks a flight revoked by logout (release and revoke). */
export function revokedUpdate(extraSet: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $set: {
      ownerId: 'revoked',
      status: 'revoked',
      errorMessage: REVOKED_MESSAGE,
      ...extraSet,
      updatedAt: new Date(),
    },
    $unset: { deliveryId: '', deliveryExpiresAt: '', revocationRequestedAt: '' },
  };
}

/** No delivery in progress: none claimed, or its claim has lapsed. */
export function deliveryFreeClause(): Record<string, unknown>[] {
  return [
    { deliveryId: { $exists: false } },
    { deliveryExpiresAt: { $exists: false } },
    { deliveryExpiresAt: { $lte: new Date() } },
  ];
}
