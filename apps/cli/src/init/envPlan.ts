/**
 * The `.env` variables init writes, with LibreChat's names (plus DATABASE_TYPE), for each
 * database, runtime and search choice. Values already in `.env` are reused wherever they still
 * fit, so a re-run computes the same values and writes nothing. Secrets are generated with
 * crypto only when `.env` has none.
 */
import { randomBytes } from 'node:crypto';
import { HOST } from '../cluster/embedded.js';
import type { InitSettings } from './context.js';

const TRUE = new Set(['true', '1', 'yes']);

export const DEFAULT_MONGO_DATABASE = 'LibreChat';
export const DEFAULT_MONGO_USER = 'librechat';
export const DEFAULT_POSTGRES_PORT = 5432;
export const DEFAULT_MONGO_PORT = 27017;
export const DEFAULT_MEILI_PORT = 7700;

export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export interface EnvPlan {
  updates: Record<string, string>;
  /** Keys whose value was generated now (secrets). */
  generated: string[];
  /** Every secret value, to be redacted from output. */
  secrets: string[];
}

export interface PlanInput {
  settings: InitSettings;
  /** The current `.env` values. */
  env: Record<string, string>;
  /** Embedded/docker PostgreSQL superuser password (decided by the caller). */
  postgresPassword: string;
  postgresPasswordGenerated: boolean;
  /** The embedded server's port. */
  embeddedPort?: number;
}

function port(value: string | undefined, fallback: number): number {
  return value && /^\d+$/.test(value.trim()) ? Number(value.trim()) : fallback;
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && TRUE.has(value.trim().toLowerCase());
}

export function planEnv(input: PlanInput): EnvPlan {
  const { settings, env, postgresPassword, embeddedPort } = input;
  const updates: Record<string, string> = { DATABASE_TYPE: settings.db };
  const generated: string[] = [];
  const secrets: string[] = [postgresPassword];
  const secret = (key: string, bytes?: number): string => {
    const existing = env[key];
    if (existing) return existing;
    const value = generateSecret(bytes);
    generated.push(key);
    return value;
  };

  if (settings.db === 'postgresql') {
    if (settings.runtime === 'external') {
      if (settings.postgresUrl) updates.POSTGRES_URL = settings.postgresUrl;
    } else {
      const docker = settings.runtime === 'docker';
      updates.POSTGRES_HOST = HOST;
      updates.POSTGRES_PORT = String(
        docker ? port(env.POSTGRES_PORT, DEFAULT_POSTGRES_PORT) : (embeddedPort ?? DEFAULT_POSTGRES_PORT),
      );
      updates.POSTGRES_DATABASE = docker ? env.POSTGRES_DATABASE || settings.database : settings.database;
      updates.POSTGRES_USERNAME = docker ? env.POSTGRES_USERNAME || settings.user : settings.user;
      updates.POSTGRES_PASSWORD = postgresPassword;
      if (input.postgresPasswordGenerated) generated.push('POSTGRES_PASSWORD');
      // These would take precedence over, or break, the local connection: neutralize them in place.
      if (env.POSTGRES_URL) updates.POSTGRES_URL = '';
      if (isTrue(env.POSTGRES_SSL)) updates.POSTGRES_SSL = 'false';
    }
  } else if (settings.runtime === 'external') {
    if (settings.mongoUri) updates.MONGO_URI = settings.mongoUri;
  } else {
    // docker: the mongo image creates this root user on its first start (compose.yml).
    const user = env.MONGO_INITDB_ROOT_USERNAME || DEFAULT_MONGO_USER;
    const password = secret('MONGO_INITDB_ROOT_PASSWORD');
    secrets.push(password);
    updates.MONGO_INITDB_ROOT_USERNAME = user;
    updates.MONGO_INITDB_ROOT_PASSWORD = password;
    const mongoPort = port(env.MONGO_PORT, DEFAULT_MONGO_PORT);
    updates.MONGO_URI = `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${mongoPort}/${DEFAULT_MONGO_DATABASE}?authSource=admin`;
  }

  if (settings.meili === 'on') {
    updates.SEARCH = 'true';
    if (settings.runtime === 'docker') {
      updates.MEILI_HOST = `http://${HOST}:${port(env.MEILI_PORT, DEFAULT_MEILI_PORT)}`;
      const key = secret('MEILI_MASTER_KEY', 32);
      secrets.push(key);
      updates.MEILI_MASTER_KEY = key;
    } else if (settings.meiliHost) {
      updates.MEILI_HOST = settings.meiliHost;
    }
  } else if (settings.meili === 'off') {
    updates.SEARCH = 'false';
  }
  if (env.MEILI_MASTER_KEY) secrets.push(env.MEILI_MASTER_KEY);
  return { updates, generated, secrets };
}
