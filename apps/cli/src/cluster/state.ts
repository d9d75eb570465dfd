/**
 * `librechat-db.json` in the data dir: what `up`, `status` and a re-run of `init` need to find the
 * embedded server again. It never holds the password (that lives only in `.env`).
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CliError, EXIT } from '../errors.js';

export const STATE_FILE = 'librechat-db.json';

const stateSchema = z.object({
  version: z.literal(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1),
  database: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

export type ClusterState = z.infer<typeof stateSchema>;

export function statePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

/** True when `initdb` has run in the data dir. */
export function isInitialized(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

export async function readState(dataDir: string): Promise<ClusterState | undefined> {
  let text: string;
  try {
    text = await fs.readFile(statePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError('E_STATE_INVALID', `${statePath(dataDir)} is not a valid librechat-db state file.`, {
      exitCode: EXIT.ENVIRONMENT,
      fix: `delete ${statePath(dataDir)} and run: librechat-db init --yes --port <the server's port>`,
    });
  }
  return parsed.data;
}

export async function writeState(dataDir: string, state: ClusterState): Promise<void> {
  const file = statePath(dataDir);
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await fs.rename(tmp, file);
}
