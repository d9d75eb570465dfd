/**
 * `librechat-db doctor` exit codes: 0 when healthy (warnings allowed), otherwise the code of the
 * first failing check in this order (the earlier a check, the more the later ones depend on it).
 */
export const DOCTOR_EXIT = {
  HEALTHY: 0,
  /** `.env` missing, or a database variable invalid. */
  ENV: 10,
  /** The server cannot be reached or rejects the credentials (engine down). */
  CONNECTION: 11,
  /** The server's version is older than supported. */
  VERSION: 12,
  /** PostgreSQL migrations pending, unknown, out of order, or the last run failed. */
  MIGRATIONS: 13,
  /** MongoDB indexes the models declare are missing. */
  INDEXES: 14,
  /** Start-up seed data missing (roles, access roles, categories, system grants). */
  SEED: 15,
  /** Search is on but MeiliSearch is unreachable, unhealthy or rejects the key. */
  MEILI: 16,
  /** A MeiliSearch index does not hold what the database has (drift). */
  MEILI_DRIFT: 17,
} as const;

export type DoctorExit = (typeof DOCTOR_EXIT)[keyof typeof DOCTOR_EXIT];

/** Oldest supported servers: the migrations use NULLS NOT DISTINCT (PostgreSQL 15). */
export const MIN_POSTGRES_MAJOR = 15;
/** MongoDB 5.0 is the oldest release line still maintained when this was written. */
export const MIN_MONGO_VERSION = [5, 0] as const;
