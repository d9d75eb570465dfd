/** Upstream's email normalisation of user search criteria (top level and inside `$or`). */
type Criteria = Record<string, unknown>;

export function normalizeEmailInCriteria<T extends Criteria>(criteria: T): T {
  const normalized: Criteria = { ...criteria };
  if (typeof normalized.email === 'string') normalized.email = normalized.email.trim().toLowerCase();
  if (Array.isArray(normalized.$or)) {
    normalized.$or = normalized.$or.map((condition: Criteria) =>
      typeof condition.email === 'string'
        ? { ...condition, email: condition.email.trim().toLowerCase() }
        : condition,
    );
  }
  return normalized as T;
}
