/** Helpers shared by the role, access-role and system-grant suites. */
import { createRequire } from 'node:module';
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';
// The very module instance @librechat/dal uses: the tenant context must be the same one.
import { tenantStorage } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

// Constants only (any copy of the package will do): roleDefaults, cache names.
type DataProvider =
  typeof import('../../packages/dal/node_modules/librechat-data-provider/dist/types/index.js');
const provider = createRequire(import.meta.url)(
  '../../packages/dal/node_modules/librechat-data-provider',
) as DataProvider;

export const { AUTH_USER_DOC_BY_ID_PREFIX, CacheKeys, roleDefaults } = provider;

/** Runs `fn` inside a tenant's request context, as LibreChat's tenant middleware does. */
export function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return tenantStorage.run({ tenantId }, fn);
}

/** Writes a document as it is, past mongoose (legacy shapes): the raw driver / the table row. */
export async function insertRaw(dal: Dal, collection: 'roles' | 'users', doc: Record<string, unknown>) {
  const stored = { _id: new Types.ObjectId(), ...doc };
  const db = dal.engine.mongoose?.connection.db;
  if (db) {
    await db.collection(collection).insertOne(stored);
  } else {
    await dal.engine.collections?.[collection].insertRow(stored);
  }
  return stored._id;
}

/** The stored role document as it is (raw driver / table row), without `_id`. */
export async function readRawRole(dal: Dal, name: string): Promise<Record<string, unknown> | null> {
  const db = dal.engine.mongoose?.connection.db;
  const doc = db
    ? await db.collection('roles').findOne({ name })
    : await dal.engine.collections?.roles.rawFindOne({ name });
  return (doc ?? null) as Record<string, unknown> | null;
}

/** An in-memory cache store like LibreChat's Keyv stores: what `deps.getCache` hands out. */
export function memoryCache() {
  const stores = new Map<string, Map<string, unknown>>();
  const store = (namespace: string) => {
    let map = stores.get(namespace);
    if (!map) {
      map = new Map();
      stores.set(namespace, map);
    }
    const m = map;
    return {
      get: async (key: string) => m.get(key),
      set: async (key: string, value: unknown) => {
        m.set(key, value);
        return true;
      },
      delete: async (key: string) => m.delete(key),
    };
  };
  return {
    getCache: (namespace: string) => store(namespace),
    /** The namespace's entries, keys sorted. */
    entries: (namespace: string) =>
      Object.fromEntries(
        [...(stores.get(namespace) ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
  };
}
