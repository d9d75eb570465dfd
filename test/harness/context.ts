/** What globalSetup hands to every test file (vitest provide/inject), and test metadata. */
export type Engine = 'mongodb' | 'postgresql';
export const ENGINES: readonly Engine[] = ['postgresql', 'mongodb'];

export type MongoKind = 'ferretdb' | 'mongodb';

export interface FerretdbGapMeta {
  feature: string;
  ferretdbError: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Non-empty when globalSetup could not start the servers; files using them fail with it. */
    setupError: string;
    /** Unique per `vitest run`; prefixes every per-file database name. */
    runId: string;
    /** Superuser URL (database `postgres`) of the test PostgreSQL server. */
    pgAdminUrl: string;
    /** The migrated database each file's database is copied from. */
    pgTemplate: string;
    /** The MongoDB-wire server's URL (its database part is replaced per file). */
    mongoUrl: string;
    /** `ferretdb` when no MONGO_URL was given; the allow-list applies only then. */
    mongoKind: MongoKind;
  }
  export interface TaskMeta {
    /** Set on a differential test that passed only because of a listed FerretDB gap. */
    ferretdbGap?: FerretdbGapMeta;
  }
}
