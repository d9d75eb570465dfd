/**
 * `$lookup { from, localField, foreignField, as }` (the equality form). The foreign rows are read
 * in one query, without tenant scoping or `select: false` hiding, as MongoDB's `$lookup` reads
 * them; a local value only matches a foreign value of the same BSON type.
 */
import { runAsSystem } from '@librechat/data-schemas';
import { UnsupportedFilterError } from '../../../errors.js';
import type { PgCollection } from '../collection.js';
import { isObjectId } from '../values.js';
import { type Doc, equalityKey, matchValues } from './bsonValues.js';

export type CollectionResolver = (collectionName: string) => PgCollection | undefined;

/** Only values of the foreign column's own type can match it (MongoDB compares within a type). */
function storableIn(target: PgCollection, field: string, value: unknown): boolean {
  const col = target.spec.byField.get(field);
  if (!col) return false;
  switch (col.type) {
    case 'objectId':
      return isObjectId(value);
    case 'text':
    case 'textArray':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return value instanceof Date;
    default:
      return true;
  }
}

export async function lookupStage(docs: Doc[], spec: Doc, resolve: CollectionResolver): Promise<Doc[]> {
  const { from, localField, foreignField, as } = spec as Record<string, unknown>;
  if (
    typeof from !== 'string' ||
    typeof localField !== 'string' ||
    typeof foreignField !== 'string' ||
    typeof as !== 'string'
  ) {
    throw new UnsupportedFilterError('$lookup other than { from, localField, foreignField, as }');
  }
  const target = resolve(from);
  if (!target) throw new UnsupportedFilterError(`$lookup from "${from}" (no such table)`);
  if (foreignField.includes('.') || !target.spec.byField.has(foreignField)) {
    throw new UnsupportedFilterError(`$lookup foreignField "${foreignField}"`);
  }
  const locals = docs.map((doc) => matchValues(doc, localField));
  const wanted = locals.flat();
  const values = wanted.filter((v) => v !== null && storableIn(target, foreignField, v));
  const or: Doc[] = [];
  if (values.length) or.push({ [foreignField]: { $in: values } });
  if (wanted.includes(null)) or.push({ [foreignField]: null });
  const foreign = or.length ? await runAsSystem(() => target.findRaw({ $or: or }, {})) : [];
  const byKey = new Map<string, Doc[]>();
  for (const row of foreign) {
    for (const key of new Set(matchValues(row, foreignField).map(equalityKey))) {
      const list = byKey.get(key) ?? [];
      list.push(row);
      byKey.set(key, list);
    }
  }
  return docs.map((doc, i) => {
    const matched = new Set<Doc>();
    for (const v of locals[i] ?? []) for (const row of byKey.get(equalityKey(v)) ?? []) matched.add(row);
    // Foreign documents in the collection's natural order.
    return { ...doc, [as]: foreign.filter((row) => matched.has(row)) };
  });
}
