/**
 * Environment → typed, validated configuration. The only module that reads `process.env`.
 * Variable names follow LibreChat's `.env.example` (MONGO_*) and the seed plan (POSTGRES_*).
 */
import { z } from 'zod';
import { DalConfigError } from './errors.js';

export const DATABASE_TYPES = ['mongodb', 'postgresql'] as const;
export type DatabaseType = (typeof DATABASE_TYPES)[number];

export interface MongoConfig {
  type: 'mongodb';
  uri: string;
  /** Only the options whose variables are set, as LibreChat's `api/db/connect.js` does. */
  options: {
    maxPoolSize?: number;
    minPoolSize?: number;
    maxConnecting?: number;
    maxIdleTimeMS?: number;
    waitQueueTimeoutMS?: number;
    autoIndex?: boolean;
    autoCreate?: boolean;
  };
}

export interface PostgresConfig {
  type: 'postgresql';
  /** A libpq connection string; built from POSTGRES_HOST/… when POSTGRES_URL is unset. */
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: boolean;
  max?: number;
  connectionTimeoutMillis?: number;
  /**
   * Hot queries as named (server-side prepared) statements: parsed and planned once per
   * connection. Default on; `POSTGRES_PREPARED_STATEMENTS=false` behind a transaction-pooling
   * PgBouncer older than 1.21 (or one without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

export type DalConfig = MongoConfig | PostgresConfig;

const boolish = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), {
    message: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.string().trim().regex(/^\d+$/, { message: 'must be a whole number' }).transform(Number);

const portNumber = positiveInt.refine((n) => n > 0 && n < 65536, {
  message: 'must be a port number between 1 and 65535',
});

const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });

const mongoEnv = z.object({
  MONGO_URI: z
    .string({ message: 'is required when DATABASE_TYPE=mongodb' })
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, { message: 'must start with mongodb:// or mongodb+srv://' }),
  MONGO_MAX_POOL_SIZE: positiveInt.optional(),
  MONGO_MIN_POOL_SIZE: positiveInt.optional(),
  MONGO_MAX_CONNECTING: positiveInt.optional(),
  MONGO_MAX_IDLE_TIME_MS: positiveInt.optional(),
  MONGO_WAIT_QUEUE_TIMEOUT_MS: positiveInt.optional(),
  MONGO_AUTO_INDEX: boolish.optional(),
  MONGO_AUTO_CREATE: boolish.optional(),
});

const postgresEnv = z.object({
  POSTGRES_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  POSTGRES_HOST: nonEmpty.optional(),
  POSTGRES_PORT: portNumber.optional(),
  POSTGRES_DATABASE: nonEmpty.optional(),
  POSTGRES_USERNAME: nonEmpty.optional(),
  POSTGRES_PASSWORD: z.string().optional(),
  POSTGRES_SSL: boolish.optional(),
  POSTGRES_MAX_CONNECTIONS: positiveInt.refine((n) => n > 0, { message: 'must be at least 1' }).optional(),
  POSTGRES_CONNECTION_TIMEOUT: positiveInt.optional(),
  POSTGRES_PREPARED_STATEMENTS: boolish.optional(),
});

type Env = Record<string, string | undefined>;

/** Empty strings count as unset, as in a `.env` with `KEY=`. */
function present(env: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

function fail(error: z.ZodError): never {
  const variables = [...new Set(error.issues.map((i) => String(i.path[0])))];
  const lines = error.issues.map((i) => `${String(i.path[0])} ${i.message}`);
  // zod messages name the rule, never the received value, so passwords are not echoed.
  throw new DalConfigError(`Invalid database configuration: ${lines.join('; ')}`, variables);
}

export function parseDatabaseType(raw: string | undefined): DatabaseType {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return 'mongodb';
  if ((DATABASE_TYPES as readonly string[]).includes(value)) return value as DatabaseType;
  throw new DalConfigError(
    `Invalid database configuration: DATABASE_TYPE must be one of ${DATABASE_TYPES.join(', ')}`,
    ['DATABASE_TYPE'],
  );
}

/** Reads and validates the database configuration from an environment object. */
export function configFromEnv(rawEnv: Env = process.env): DalConfig {
  const env = present(rawEnv);
  const type = parseDatabaseType(env.DATABASE_TYPE);
  if (type === 'mongodb') {
    const parsed = mongoEnv.safeParse(env);
    if (!parsed.success) fail(parsed.error);
    const e = parsed.data;
    const options: MongoConfig['options'] = {};
    if (e.MONGO_MAX_POOL_SIZE !== undefined) options.maxPoolSize = e.MONGO_MAX_POOL_SIZE;
    if (e.MONGO_MIN_POOL_SIZE !== undefined) options.minPoolSize = e.MONGO_MIN_POOL_SIZE;
    if (e.MONGO_MAX_CONNECTING !== undefined) options.maxConnecting = e.MONGO_MAX_CONNECTING;
    if (e.MONGO_MAX_IDLE_TIME_MS !== undefined) options.maxIdleTimeMS = e.MONGO_MAX_IDLE_TIME_MS;
    if (e.MONGO_WAIT_QUEUE_TIMEOUT_MS !== undefined)
      options.waitQueueTimeoutMS = e.MONGO_WAIT_QUEUE_TIMEOUT_MS;
    if (e.MONGO_AUTO_INDEX !== undefined) options.autoIndex = e.MONGO_AUTO_INDEX;
    if (e.MONGO_AUTO_CREATE !== undefined) options.autoCreate = e.MONGO_AUTO_CREATE;
    return { type, uri: e.MONGO_URI, options };
  }
  const parsed = postgresEnv.safeParse(env);
  if (!parsed.success) fail(parsed.error);
  const e = parsed.data;
  if (!e.POSTGRES_URL && !e.POSTGRES_HOST) {
    throw new DalConfigError(
      'Invalid database configuration: set POSTGRES_URL, or POSTGRES_HOST with POSTGRES_DATABASE and POSTGRES_USERNAME, when DATABASE_TYPE=postgresql',
      ['POSTGRES_URL', 'POSTGRES_HOST'],
    );
  }
  const config: PostgresConfig = { type };
  if (e.POSTGRES_URL) config.connectionString = e.POSTGRES_URL;
  if (e.POSTGRES_HOST) config.host = e.POSTGRES_HOST;
  if (e.POSTGRES_PORT !== undefined) config.port = e.POSTGRES_PORT;
  if (e.POSTGRES_DATABASE) config.database = e.POSTGRES_DATABASE;
  if (e.POSTGRES_USERNAME) config.user = e.POSTGRES_USERNAME;
  if (e.POSTGRES_PASSWORD !== undefined) config.password = e.POSTGRES_PASSWORD;
  if (e.POSTGRES_SSL !== undefined) config.ssl = e.POSTGRES_SSL;
  if (e.POSTGRES_MAX_CONNECTIONS !== undefined) config.max = e.POSTGRES_MAX_CONNECTIONS;
  if (e.POSTGRES_CONNECTION_TIMEOUT !== undefined)
    config.connectionTimeoutMillis = e.POSTGRES_CONNECTION_TIMEOUT;
  if (e.POSTGRES_PREPARED_STATEMENTS !== undefined)
    config.preparedStatements = e.POSTGRES_PREPARED_STATEMENTS;
  return config;
}

/** A libpq URL with the password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
