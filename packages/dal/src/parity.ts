/** Which contract methods the PostgreSQL backend implements, without opening a connection. */
import type pg from 'pg';
import type { MethodName } from './contract.js';
import { createDocumentShaper } from './documents/shaper.js';
import { implementedPostgresMethods } from './postgres/methods.js';
import { createCollections } from './postgres/store/collections.js';

export function implementedPostgresMethodNames(): Set<MethodName> {
  const pool = {} as pg.Pool;
  const shaper = createDocumentShaper();
  const methods = implementedPostgresMethods({
    pool,
    deps: {},
    shaper,
    collections: createCollections(pool, shaper),
  });
  return new Set(
    Object.entries(methods)
      .filter(([, member]) => member !== undefined)
      .map(([name]) => name as MethodName),
  );
}
