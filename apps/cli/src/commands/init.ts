/**
 * `librechat-db init`: set up LibreChat's database of choice — write `.env`, start the runtime
 * (embedded PostgreSQL, docker compose, or an existing server), create the database, apply
 * migrations (PostgreSQL) or build indexes (MongoDB), seed what LibreChat seeds at start-up,
 * check health and Meilisearch, and print what to run next.
 *
 * Idempotent: a re-run after success changes nothing. Resumable: after a failure or Ctrl-C a
 * re-run with the same choices skips the completed durable steps (init/state.ts).
 */
import { HOST } from '../cluster/embedded.js';
import { createOutput, display, type GlobalOptions } from '../context.js';
import { loadDal } from '../dal.js';
import { removePendingTempFiles } from '../env/envFile.js';
import { CliError, EXIT, toCliError } from '../errors.js';
import { closeDal } from '../init/connection.js';
import type { InitContext } from '../init/context.js';
import { type InitFlags, resolveInit } from '../init/settings.js';
import { initStatePath, writeInitState } from '../init/state.js';
import { checkHealthStep } from '../init/steps/checkHealth.js';
import { checkMeiliStep } from '../init/steps/checkMeili.js';
import { connectServerStep } from '../init/steps/connectServer.js';
import { createDatabaseStep } from '../init/steps/createDatabase.js';
import { applyMigrationsStep, buildIndexesStep } from '../init/steps/schema.js';
import { seedStep } from '../init/steps/seed.js';
import { composeTarget, startContainersStep } from '../init/steps/startContainers.js';
import { startServerStep } from '../init/steps/startServer.js';
import { writeEnvStep } from '../init/steps/writeEnv.js';
import { commandLine, composeArgs } from '../runtime/compose.js';
import { formatMs, runSteps, type Step } from '../steps.js';

export function initSteps(ctx: Pick<InitContext, 'settings'>): Step<InitContext>[] {
  const { db, runtime } = ctx.settings;
  const start =
    runtime === 'embedded' ? startServerStep : runtime === 'docker' ? startContainersStep : connectServerStep;
  return [
    writeEnvStep,
    start,
    createDatabaseStep,
    db === 'postgresql' ? applyMigrationsStep : buildIndexesStep,
    seedStep,
    checkHealthStep,
    checkMeiliStep,
  ];
}

export async function initCommand(flags: InitFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const ctx = await resolveInit(flags, out);
  const { settings, progress } = ctx;
  const started = performance.now();
  // Load the DAL (for the later steps) while the first ones run.
  loadDal().catch(() => {});

  const steps = initSteps(ctx);
  let current: string | undefined;
  const save = () => writeInitState(settings.envFile, progress);
  const onSigint = () => {
    removePendingTempFiles();
    progress.status = 'interrupted';
    progress.failed = {
      step: current ?? 'write-env',
      code: 'E_INTERRUPTED',
      message: 'interrupted (Ctrl-C)',
    };
    progress.finishedAt = new Date().toISOString();
    save();
    out.error(
      new CliError('E_INTERRUPTED', `Interrupted during "${current ?? 'setup'}"; nothing is half-written.`, {
        exitCode: EXIT.INTERRUPTED,
        fix: 'librechat-db init (it resumes where it stopped)',
      }),
    );
    process.exit(EXIT.INTERRUPTED);
  };
  process.once('SIGINT', onSigint);
  if (ctx.resumeFrom) {
    out.info(`Resuming the earlier run at "${ctx.resumeFrom}" (${initStatePath(settings.envFile)}).`);
  }
  save();

  let timings: Awaited<ReturnType<typeof runSteps<InitContext>>>;
  try {
    timings = await runSteps(steps, ctx, out, {
      // A resumed run skips the durable steps the earlier run completed.
      skip: (step) =>
        ctx.resumeFrom && step.resumable && progress.done[step.id] ? 'done in the earlier run' : undefined,
      onStart: (step) => {
        current = step.id;
      },
      onDone: (step, timing) => {
        progress.done[step.id] = { at: new Date().toISOString(), ms: timing.ms, detail: timing.detail };
        save();
      },
      onFail: (step, error) => {
        const err = toCliError(error);
        progress.status = 'failed';
        progress.failed = { step: step.id, code: err.code, message: out.redact(err.message) };
        progress.finishedAt = new Date().toISOString();
        save();
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    await closeDal(ctx);
  }
  progress.status = 'complete';
  progress.failed = undefined;
  progress.finishedAt = new Date().toISOString();
  save();
  const totalMs = Math.round(performance.now() - started);
  report(ctx, timings, totalMs);
  return 0;
}

function report(
  ctx: InitContext,
  timings: { id: string; ms: number; detail?: string }[],
  totalMs: number,
): void {
  const { out, settings } = ctx;
  const env = ctx.envWrite;
  const envName = display(settings.envFile);
  const changedKeys = [...(env?.updated ?? []), ...(env?.added ?? [])];
  const secretKeys = new Set([
    'POSTGRES_PASSWORD',
    'MONGO_INITDB_ROOT_PASSWORD',
    'MEILI_MASTER_KEY',
    'MONGO_URI',
    'POSTGRES_URL',
  ]);
  const shownKeys = changedKeys.map((k) =>
    secretKeys.has(k) ? `${k}=<${ctx.generated.includes(k) ? 'generated' : 'set'}, hidden>` : k,
  );
  const envFlag = settings.envFile === `${process.cwd()}/.env` ? '' : ` --env-file ${envName}`;
  const server = ctx.server;

  let where: string;
  if (settings.runtime === 'embedded') {
    where = `embedded PostgreSQL ${server?.created ? 'created and started' : server?.started ? 'started' : 'already running'} on ${HOST}:${server?.port} (data ${display(settings.dataDir)})`;
  } else if (settings.runtime === 'docker') {
    where = `docker compose: ${composeTarget(ctx).services.join(', ')} (${display(settings.composeFile)})`;
  } else {
    where = `existing ${settings.db === 'postgresql' ? 'PostgreSQL' : 'MongoDB'} server`;
  }
  const lines = ['', 'librechat-db init finished', `  runtime    ${where}`];
  lines.push(
    `  database   ${settings.db}${ctx.databaseCreated === undefined ? '' : ctx.databaseCreated ? ' (created)' : ' (exists)'}`,
  );
  if (settings.db === 'postgresql') {
    lines.push(
      `  migrations ${ctx.migrationsApplied === undefined ? 'done in the earlier run' : ctx.migrationsApplied.length ? `${ctx.migrationsApplied.length} applied` : 'up to date'}`,
    );
  } else if (ctx.indexes) {
    lines.push(
      `  indexes    ${ctx.indexes.declared} declared, ${ctx.indexes.failed.length ? `${ctx.indexes.failed.length} could not be built (see the warning above)` : 'all present'}`,
    );
  }
  lines.push(
    `  seed       ${ctx.seed ? 'roles, access roles, categories, system grants' : 'done in the earlier run'}`,
  );
  lines.push(
    `  .env       ${env?.changed ? `${envName} written${env.backupPath ? ` (backup ${display(env.backupPath)})` : ''}` : `${envName} unchanged`}`,
  );
  if (env?.changed) lines.push(`             set ${shownKeys.join(', ')}`);
  if (ctx.health) {
    lines.push(
      `  health     ok, ${settings.db === 'postgresql' ? 'PostgreSQL' : 'MongoDB'} ${ctx.health.version} (${ctx.health.latencyMs}ms)${ctx.health.transactions === false ? ', no transactions (standalone)' : ''}`,
    );
  }
  if (ctx.meiliReport) {
    lines.push(
      `  meili      ${ctx.meiliReport.healthy && !ctx.meiliReport.error ? `healthy; ${ctx.meiliReport.indexes.map((i) => `${i.uid}: ${i.exists ? `${i.documents} docs` : 'not created yet'}`).join(', ')}` : `not reachable (${ctx.meiliReport.error})`}`,
    );
  }
  lines.push(`  took       ${formatMs(totalMs)}`, '', 'Next:');
  const next: string[] = [];
  if (settings.runtime === 'docker') {
    const api = commandLine(composeArgs({ ...composeTarget(ctx), envFile: settings.envFile }, 'up', '-d'));
    next.push(api);
    lines.push(`  ${api}`, '      starts LibreChat (the api service) next to the database');
  } else {
    next.push('start LibreChat (it reads the .env)');
    lines.push(
      `  start LibreChat from the folder with ${envName} (e.g. npm run backend) — it reads DATABASE_TYPE and the connection from it`,
    );
  }
  next.push(`librechat-db doctor${envFlag}`);
  lines.push(`  librechat-db doctor${envFlag}     checks everything init set up`);
  if (settings.runtime === 'embedded')
    lines.push('  librechat-db down / up  stop / start the embedded server');

  out.result(
    'init',
    {
      ok: true,
      db: settings.db,
      runtime: settings.runtime,
      meili: settings.meili,
      dataDir: settings.runtime === 'embedded' ? settings.dataDir : undefined,
      envFile: settings.envFile,
      host: settings.runtime === 'embedded' ? HOST : undefined,
      port: server?.port,
      pid: server?.pid,
      database:
        settings.runtime === 'external'
          ? undefined
          : settings.db === 'postgresql'
            ? settings.database
            : 'LibreChat',
      user: settings.db === 'postgresql' && settings.runtime !== 'external' ? settings.user : undefined,
      clusterCreated: server?.created ?? false,
      serverStarted: server?.started ?? false,
      containers: ctx.containers?.services,
      databaseCreated: ctx.databaseCreated ?? false,
      migrationsApplied: ctx.migrationsApplied ?? [],
      indexes: ctx.indexes,
      seed: ctx.seed,
      resumed: ctx.resumeFrom,
      env: {
        changed: env?.changed ?? false,
        updated: env?.updated ?? [],
        added: env?.added ?? [],
        backupPath: env?.backupPath,
        generated: ctx.generated,
        password: ctx.passwordSource === 'generated' ? 'generated, hidden' : 'kept, hidden',
      },
      health: ctx.health,
      meiliReport: ctx.meiliReport,
      warnings: ctx.warnings,
      timings,
      totalMs,
      next,
    },
    lines,
  );
}
