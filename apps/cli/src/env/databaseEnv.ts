/**
 * The database settings a command connects with: the `.env` file's values, overridden by
 * variables already in the environment (as with LibreChat's dotenv), and the parsed config.
 */
import { configFromEnv, type DalConfig } from '@librechat/dal';
import type { Output } from '../output.js';
import { readEnvFile } from './envFile.js';

export interface DatabaseEnv {
  /** The merged variables (what createDal is given). */
  env: Record<string, string | undefined>;
  config: DalConfig;
  /** Whether the `.env` file exists. */
  fileExists: boolean;
}

export async function loadDatabaseEnv(envFile: string, out: Output): Promise<DatabaseEnv> {
  const file = await readEnvFile(envFile);
  const env: Record<string, string | undefined> = { ...file.values };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const config = configFromEnv(env);
  // Never print the password, wherever it is spelled.
  if (config.type === 'postgresql') {
    out.secret(config.password);
    if (config.connectionString) out.secret(urlPassword(config.connectionString));
  } else {
    out.secret(urlPassword(config.uri));
  }
  return { env, config, fileExists: file.exists };
}

function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined; // validated by configFromEnv; nothing to hide if it does not parse
  }
}
