/**
 * `librechat-db reindex [--index messages|convos] [--batch-size N] [--resume | --restart]`:
 * rebuilds MeiliSearch indexes from the database through `dal.search.reindex()` (a temporary
 * index swapped in at the end, so search keeps working). Progress with docs/s and ETA; each
 * confirmed batch is checkpointed in the database, so Ctrl-C (exit 130) is safe and
 * `--resume` continues where it stopped. Exit 0 done; 1 some documents rejected by Meili;
 * 2 search not configured / bad flags; 3 an interrupted reindex needs --resume or --restart,
 * or another reindex is running; 4 the database or Meili failed.
 */
import type { Dal, ReindexProgress, ReindexResult, SearchIndexUid } from '@librechat/dal';
import { createOutput, display, type GlobalOptions, resolveEnvFile } from '../context.js';
import { loadDal } from '../dal.js';
import { readEnvFile } from '../env/envFile.js';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';

export interface ReindexFlags {
  index?: SearchIndexUid;
  batchSize?: number;
  resume?: boolean;
  restart?: boolean;
  envFile?: string;
}

function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A one-line progress bar on a terminal, a line every few seconds otherwise, events with --json. */
function progressReporter(out: Output): { update(p: ReindexProgress): void; end(): void } {
  const tty = Boolean(process.stderr.isTTY) && !out.json;
  let lastLine = 0;
  let lastPhase = '';
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const phaseChanged = `${p.index}:${p.phase}` !== lastPhase;
      const eta = p.docsPerSecond > 0 ? ((p.total - p.done) / p.docsPerSecond) * 1000 : Number.NaN;
      if (out.json) {
        if (phaseChanged || now - lastLine >= 500 || p.phase === 'done') {
          out.event('progress', {
            ...p,
            docsPerSecond: Math.round(p.docsPerSecond),
            etaMs: Number.isFinite(eta) ? Math.round(eta) : null,
          });
          lastLine = now;
        }
      } else {
        const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
        const width = 24;
        const filled = Math.round((pct / 100) * width);
        const line = `${p.index.padEnd(8)} ${p.phase.padEnd(7)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${String(pct).padStart(3)}%  ${Math.round(p.docsPerSecond)} docs/s  ETA ${p.phase === 'done' ? '0s' : formatEta(eta)}${p.resumed ? '  (resumed)' : ''}`;
        if (tty) {
          process.stderr.write(`\r${line}\x1b[K`);
          drawn = true;
          if (p.phase === 'done') {
            process.stderr.write('\n');
            drawn = false;
          }
        } else if (phaseChanged || now - lastLine >= 2_000 || p.phase === 'done') {
          process.stderr.write(`${line}\n`);
          lastLine = now;
        }
      }
      lastPhase = `${p.index}:${p.phase}`;
    },
    end() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

export async function reindexCommand(flags: ReindexFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  if (flags.resume && flags.restart) {
    throw new CliError('E_USAGE', '--resume and --restart exclude each other.', {
      exitCode: EXIT.USAGE,
      fix: 'librechat-db reindex --resume  (continue)  or  librechat-db reindex --restart  (start over)',
    });
  }
  const envFile = resolveEnvFile(flags.envFile);
  const envFlag = envFile === resolveEnvFile(undefined) ? '' : ` --env-file ${display(envFile)}`;
  const indexFlag = flags.index ? ` --index ${flags.index}` : '';
  const file = await readEnvFile(envFile);
  const env: Record<string, string | undefined> = { ...file.values };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  out.secret(env.MEILI_MASTER_KEY);
  out.secret(env.POSTGRES_PASSWORD);

  const { createDal, SEARCH_INDEX_UIDS } = await loadDal();
  let dal: Dal;
  try {
    dal = await createDal({ env, search: { worker: false } });
  } catch (error) {
    if ((error as Error).name === 'DalConfigError') throw error;
    throw new CliError('E_DB_UNREACHABLE', out.redact((error as Error).message), {
      exitCode: EXIT.DATABASE,
      fix: `librechat-db doctor${envFlag}`,
      cause: error,
    });
  }
  const indexes = flags.index ? [flags.index] : [...SEARCH_INDEX_UIDS];
  const reporter = progressReporter(out);
  const onSigint = () => {
    reporter.end();
    out.error(
      new CliError(
        'E_INTERRUPTED',
        'Reindex interrupted; every confirmed batch is checkpointed and the live index is untouched.',
        {
          exitCode: EXIT.INTERRUPTED,
          fix: `librechat-db reindex --resume${indexFlag}${envFlag}`,
        },
      ),
    );
    process.exit(EXIT.INTERRUPTED);
  };
  try {
    if (!dal.search.enabled) {
      throw new CliError(
        'E_SEARCH_OFF',
        `Search is not configured in ${display(envFile)}: it needs SEARCH=true, MEILI_HOST and MEILI_MASTER_KEY.`,
        { exitCode: EXIT.USAGE, fix: `librechat-db init --meili${envFlag}` },
      );
    }
    const status = await dal.search.status();
    const interrupted = status.filter((s) => indexes.includes(s.index) && s.reindex);
    if (interrupted.length && !flags.resume && !flags.restart) {
      const what = interrupted
        .map((s) => `${s.index} (${s.reindex?.phase}, ${s.reindex?.done}/${s.reindex?.total})`)
        .join(', ');
      throw new CliError('E_REINDEX_INTERRUPTED', `An interrupted reindex exists: ${what}.`, {
        exitCode: EXIT.ENVIRONMENT,
        fix: `librechat-db reindex --resume${indexFlag}${envFlag}  (or --restart to start over)`,
      });
    }
    if (flags.resume && !interrupted.length)
      out.info('No interrupted reindex to resume: starting a new one.');

    process.once('SIGINT', onSigint);
    let results: ReindexResult[];
    try {
      results = await dal.search.reindex({
        indexes,
        batchSize: flags.batchSize,
        restart: flags.restart,
        onProgress: (p) => reporter.update(p),
      });
    } catch (error) {
      reporter.end();
      const name = (error as Error).name;
      if (name === 'ReindexBusyError' || name === 'MongoReindexBusyError') {
        throw new CliError('E_REINDEX_BUSY', `Another reindex is running: ${(error as Error).message}`, {
          exitCode: EXIT.ENVIRONMENT,
          fix: `wait for it to finish, then: librechat-db reindex --resume${indexFlag}${envFlag}`,
          cause: error,
        });
      }
      throw new CliError('E_REINDEX', `Reindex failed: ${out.redact((error as Error).message)}`, {
        exitCode: EXIT.DATABASE,
        fix: `librechat-db doctor${envFlag}, then: librechat-db reindex --resume${indexFlag}${envFlag}`,
        cause: error,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    reporter.end();

    const rejected = results.reduce((n, r) => n + r.rejected.length, 0);
    const lines = results.map(
      (r) =>
        `${r.index}: ${r.done}/${r.total} documents in ${(r.elapsedMs / 1000).toFixed(1)}s (${Math.round(r.docsPerSecond)} docs/s)${r.resumed ? ', resumed' : ''}${r.rejected.length ? `, ${r.rejected.length} rejected by Meili` : ''}`,
    );
    if (rejected)
      lines.push(`${rejected} document(s) were rejected by MeiliSearch (see --json for their errors)`);
    out.result(
      'reindex',
      {
        ok: rejected === 0,
        results: results.map((r) => ({ ...r, rejected: r.rejected })),
      },
      lines,
    );
    return rejected ? EXIT.CHECK_FAILED : EXIT.OK;
  } finally {
    await dal.close().catch(() => {});
  }
}
