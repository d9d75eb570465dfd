/**
 * SQL for upstream's principal filters (`$or` of `{ principalType, principalId }`; `public`
 * without an id). `principal_id` is the Mixed field as EJSON jsonb, so an ObjectId matches only an
 * ObjectId and a role name only that string, as MongoDB compares Mixed values (mongoose casts
 * nothing there); whole-value jsonb equality is what the principalId btree indexes serve.
 */
import { PrincipalType } from 'librechat-data-provider';
import type { Params } from '../../filters/params.js';
import { toJsonb } from '../store/values.js';

export interface Principal {
  principalType: string;
  principalId?: unknown;
}

/** MongoDB's answer to `{ $or: [] }` (what upstream sends for an empty principal list). */
export class EmptyPrincipalListError extends Error {
  override readonly name = 'MongoServerError';
  readonly code = 2;
  readonly codeName = 'BadValue';
  constructor() {
    super('$and/$or/$nor must be a nonempty array');
  }
}

function column(alias: string, name: string): string {
  return `${alias ? `${alias}.` : ''}"${name}"`;
}

/** `principalId` equal to `value` (null or missing when `value` is null or undefined). */
export function principalIdEquals(value: unknown, params: Params, alias = ''): string {
  if (value === null || value === undefined) return `${column(alias, 'principal_id')} IS NULL`;
  return `${column(alias, 'principal_id')} = ${params.add(toJsonb(value), 'jsonb')}`;
}

function principalTypeEquals(value: unknown, params: Params, alias: string): string {
  if (value === null || value === undefined) return `${column(alias, 'principal_type')} IS NULL`;
  return `${column(alias, 'principal_type')} = ${params.add(String(value), 'text')}`;
}

/** Upstream's `$or: principalsList.map(p => ({ principalType, principalId unless public }))`. */
export function principalsCondition(principals: readonly Principal[], params: Params, alias = ''): string {
  if (!Array.isArray(principals) || principals.length === 0) throw new EmptyPrincipalListError();
  const parts = principals.map((p) => {
    const type = principalTypeEquals(p.principalType, params, alias);
    if (p.principalType === PrincipalType.PUBLIC) return type;
    return `${type} AND ${principalIdEquals(p.principalId, params, alias)}`;
  });
  return `(${parts.map((p) => `(${p})`).join(' OR ')})`;
}
