/**
 * Upstream's `buildFilter` (utils/criteria.ts, not exported by `@librechat/data-schemas`): a domain
 * query (`{ actionId, user }`) → a MongoDB filter through a field map. Unknown criteria and
 * non-scalar values throw with upstream's texts (fail closed: no operator smuggled into a filter);
 * `undefined` criteria are omitted; an array means "any of" (`$in`).
 */
export type FieldMap<TQuery> = Readonly<Record<keyof TQuery & string, string>>;

type CriterionValue = string | number | boolean | Date;

function isCriterionValue(value: unknown): value is CriterionValue {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || value instanceof Date;
}

function assertCriterionValue(key: string, value: unknown): void {
  const values = Array.isArray(value) ? value : [value];
  for (const entry of values) {
    if (!isCriterionValue(entry)) {
      throw new Error(`Invalid value for query criterion '${key}': expected a scalar or array of scalars`);
    }
  }
}

export function buildFilter<TQuery extends object>(
  query: TQuery,
  fields: FieldMap<TQuery>,
): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const key of Object.keys(query) as Array<keyof TQuery & string>) {
    if (!Object.hasOwn(fields, key)) {
      throw new Error(`Unknown query criterion: '${key}'`);
    }
    const value = query[key];
    if (value === undefined) continue;
    assertCriterionValue(key, value);
    filter[fields[key]] = Array.isArray(value) ? { $in: value } : value;
  }
  return filter;
}
