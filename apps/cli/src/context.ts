/** Options shared by the commands and how relative paths resolve (against the current dir). */
import path from 'node:path';
import { Output } from './output.js';

export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}

export const DEFAULT_DATA_DIR = path.join('data', 'postgres');
export const DEFAULT_ENV_FILE = '.env';
export const DEFAULT_DATABASE = 'librechat';

export function resolveDataDir(dataDir: string | undefined, cwd = process.cwd()): string {
  return path.resolve(cwd, dataDir ?? DEFAULT_DATA_DIR);
}

export function resolveEnvFile(envFile: string | undefined, cwd = process.cwd()): string {
  return path.resolve(cwd, envFile ?? DEFAULT_ENV_FILE);
}

/** A path relative to the current dir when it is inside it (for messages). */
export function display(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `./${rel}` : p;
}

export function createOutput(options: GlobalOptions): Output {
  return new Output({ json: options.json, debug: options.debug });
}
