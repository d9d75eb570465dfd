/** Which contract methods the PostgreSQL backend implements, without opening a connection. */
import type pg from 'pg';
import type { MethodName } from './contract.js';
import { createDocumentShaper } from './documents/shaper.js';
import { implementedPostgresMethods } from './postgres/methods.js';

export function implementedPostgresMethodNames(): Set<MethodName> {
  const methods = implementedPostgresMethods({
    pool: {} as pg.Pool,
    deps: {},
    shaper: createDocumentShaper(),
  });
  return new Set(
    Object.entries(methods)
      .filter(([, fn]) => typeof fn === 'function')
      .map(([name]) => name as MethodName),
  );
}
