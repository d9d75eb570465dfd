/** What every PostgreSQL method group is built from. */
import type pg from 'pg';
import type { CreateMethodsDeps } from '../contract.js';
import type { DocumentShaper } from '../documents/shaper.js';
import type { PgSearchRuntime } from '../search/postgres/queries.js';
import type { Collections } from './store/collections.js';

export interface PgContext {
  pool: pg.Pool;
  deps: CreateMethodsDeps;
  /** Upstream mongoose schemas, used without a connection to apply defaults, setters and validators. */
  shaper: DocumentShaper;
  /** One MongoDB-collection-like view per table. */
  collections: Collections;
  /** Search reads (Meili, or the database fallback); absent where no search was set up. */
  search?: PgSearchRuntime;
}
