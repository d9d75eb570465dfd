/** Helpers shared by the ACL and user-group suites. */
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';
// The very module instances @librechat/dal uses (tenant context).
import {
  runAsSystem,
  tenantStorage,
} from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

export const PERM = { VIEW: 1, EDIT: 2, DELETE: 4, SHARE: 8 } as const;

export const oid = () => new Types.ObjectId();

/** Runs `fn` inside a tenant's request context, as LibreChat's tenant middleware does. */
export function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return tenantStorage.run({ tenantId }, fn);
}

export function asSystem<T>(fn: () => Promise<T>): Promise<T> {
  return runAsSystem(fn);
}

type Table = 'aclentries' | 'groups' | 'users' | 'accessroles' | 'roles';

/**
 * Every stored document of a collection as it is (raw driver / table rows), in natural order:
 * insertion order on MongoDB (an upsert's `_id` is made by the server, so `_id` order is not
 * insertion order there), `_id` order on PostgreSQL (every `_id` is made in process, in order).
 */
export async function readAll(dal: Dal, collection: Table): Promise<Record<string, unknown>[]> {
  const db = dal.engine.mongoose?.connection.db;
  if (db) return db.collection(collection).find({}).toArray();
  return (await dal.engine.collections?.[collection].findRaw({}, { sort: { _id: 1 } })) ?? [];
}

/** Writes a document as it is, past mongoose (legacy shapes): the raw driver / the table row. */
export async function insertRaw(dal: Dal, collection: Table, doc: Record<string, unknown>) {
  const stored = { _id: new Types.ObjectId(), ...doc };
  const db = dal.engine.mongoose?.connection.db;
  if (db) await db.collection(collection).insertOne(stored);
  else await dal.engine.collections?.[collection].insertRow(stored);
  return stored._id;
}

/** A user through the users methods (ids as LibreChat stores them); `key` names it. */
export async function makeUser(
  dal: Dal,
  key: string,
  data: Record<string, unknown> = {},
): Promise<Types.ObjectId> {
  return (await dal.methods.createUser({
    name: `User ${key}`,
    username: key,
    email: `${key}@example.com`,
    provider: 'local',
    ...data,
  } as never)) as Types.ObjectId;
}

/**
 * Stored ACL entries in a canonical order (principal type, then principal id), for scenarios where
 * natural order differs legitimately: a bulk insert's `_id` is made when the op is cast, an upsert's
 * when it runs (by the server on MongoDB), so `_id` order is not insertion order.
 */
export function byPrincipal(entries: Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (e: Record<string, unknown>) =>
    `${e.principalType}|${String(e.principalId ?? '')}|${e.tenantId ?? ''}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
