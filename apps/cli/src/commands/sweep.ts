/**
 * `librechat-db sweep`: deletes the expired rows MongoDB's TTL indexes would have deleted
 * (sessions, tokens, keys, temporary chats, shared links, …) from the PostgreSQL database in
 * `.env`, through `dal.maintenance.sweepExpired()`, and prints the count per table. Meant to be
 * scheduled (docs/operators.md). On MongoDB there is nothing to do: its TTL monitor deletes them.
 */
import type { Dal, SweepResult } from '@librechat/dal';
import { createOutput, display, type GlobalOptions, resolveEnvFile } from '../context.js';
import { loadDal } from '../dal.js';
import { loadDatabaseEnv } from '../env/databaseEnv.js';
import { CliError, EXIT, toCliError } from '../errors.js';

export interface SweepFlags {
  envFile?: string;
  /** Rows per DELETE statement. */
  batchSize?: number;
}

interface SweepErrorLike extends Error {
  name: 'SweepError';
  deleted: SweepResult;
  failures: { table: string; error: unknown }[];
}

function isSweepError(error: unknown): error is SweepErrorLike {
  return error instanceof Error && error.name === 'SweepError';
}

function total(deleted: SweepResult): number {
  return Object.values(deleted).reduce((sum, n) => sum + n, 0);
}

/** `  sessions        3` lines, tables in the sweeper's order. */
function tableLines(deleted: SweepResult): string[] {
  const width = Math.max(0, ...Object.keys(deleted).map((t) => t.length));
  return Object.entries(deleted).map(([table, n]) => `  ${table.padEnd(width)}  ${n}`);
}

export async function sweepCommand(flags: SweepFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const envFile = resolveEnvFile(flags.envFile);
  const { env, config, fileExists } = await loadDatabaseEnv(envFile, out);
  if (!fileExists) out.debug(`${display(envFile)} not found; using the environment only`);

  if (config.type === 'mongodb') {
    out.result('sweep', { engine: 'mongodb', deleted: {}, total: 0, ms: 0 }, [
      'DATABASE_TYPE is mongodb: MongoDB deletes expired documents itself (TTL indexes); nothing to sweep.',
    ]);
    return EXIT.OK;
  }

  const started = performance.now();
  const { createDal } = await loadDal();
  let dal: Dal | undefined;
  try {
    dal = await createDal({ env });
    const deleted = await dal.maintenance.sweepExpired(
      flags.batchSize === undefined ? {} : { batchSize: flags.batchSize },
    );
    const ms = Math.round(performance.now() - started);
    const n = total(deleted);
    out.result('sweep', { engine: 'postgresql', deleted, total: n, ms }, [
      `swept ${n} expired row(s) in ${ms}ms:`,
      ...tableLines(deleted),
    ]);
    return EXIT.OK;
  } catch (error) {
    if (!isSweepError(error)) throw toCliError(error);
    for (const f of error.failures) {
      out.warn(`${f.table}: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
    }
    const done = Object.entries(error.deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n}`);
    throw new CliError(
      'E_SWEEP',
      `The sweep failed for ${error.failures.map((f) => f.table).join(', ')}; the other tables were swept (deleted: ${done.join(', ') || 'nothing'}).`,
      {
        exitCode: EXIT.DATABASE,
        fix: 'librechat-db migrate status (a missing table means pending migrations: librechat-db migrate up)',
        cause: error,
      },
    );
  } finally {
    await dal?.close().catch(() => {});
  }
}
