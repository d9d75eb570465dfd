/**
 * `librechat-db init`: embedded PostgreSQL + database + migrations + `.env` + health check.
 * Safe to re-run: it reuses the data dir, the password in `.env` and the recorded port.
 */
import { HOST } from '../cluster/embedded.js';
import { createOutput, display, type GlobalOptions } from '../context.js';
import { loadDal } from '../dal.js';
import type { InitContext } from '../init/context.js';
import { type InitFlags, resolveInit } from '../init/settings.js';
import { applyMigrationsStep } from '../init/steps/applyMigrations.js';
import { checkHealthStep } from '../init/steps/checkHealth.js';
import { createDatabaseStep } from '../init/steps/createDatabase.js';
import { startServerStep } from '../init/steps/startServer.js';
import { writeEnvStep } from '../init/steps/writeEnv.js';
import { formatMs, runSteps, type Step } from '../steps.js';

export const initSteps: Step<InitContext>[] = [
  startServerStep,
  createDatabaseStep,
  applyMigrationsStep,
  writeEnvStep,
  checkHealthStep,
];

export async function initCommand(flags: InitFlags, global: GlobalOptions): Promise<number> {
  const out = createOutput(global);
  const ctx = await resolveInit(flags, out);
  const started = performance.now();
  // Load the DAL (for the migration and health steps) while the first step starts PostgreSQL.
  loadDal().catch(() => {});
  const timings = await runSteps(initSteps, ctx, out);
  const totalMs = Math.round(performance.now() - started);

  const server = ctx.server;
  const env = ctx.envWrite;
  const envName = display(ctx.settings.envFile);
  const changedKeys = [...(env?.updated ?? []), ...(env?.added ?? [])];
  const shownKeys = changedKeys.map((k) =>
    k === 'POSTGRES_PASSWORD' ? 'POSTGRES_PASSWORD=<generated, hidden>' : k,
  );

  const lines = [
    '',
    'librechat-db init finished',
    `  server     ${server?.created ? 'created and started' : server?.started ? 'started' : 'already running'} on ${HOST}:${server?.port} (data ${display(ctx.settings.dataDir)})`,
    `  database   ${ctx.settings.database} ${ctx.databaseCreated ? '(created)' : '(exists)'}`,
    `  migrations ${ctx.migrationsApplied?.length ? `${ctx.migrationsApplied.length} applied` : 'up to date'}`,
    `  .env       ${env?.changed ? `${envName} written${env.backupPath ? ` (backup ${display(env.backupPath)})` : ''}` : `${envName} unchanged`}`,
  ];
  if (env?.changed) {
    lines.push(`             set ${shownKeys.join(', ')}`);
  } else {
    lines.push(
      `             DATABASE_TYPE=postgresql, POSTGRES_HOST=${HOST}, POSTGRES_PORT=${server?.port}, POSTGRES_DATABASE=${ctx.settings.database}, POSTGRES_USERNAME=${ctx.settings.user}, POSTGRES_PASSWORD=<${ctx.passwordSource === 'generated' ? 'generated' : 'kept'}, hidden>`,
    );
  }
  lines.push(
    `  health     ok, PostgreSQL ${ctx.health?.version} (${ctx.health?.latencyMs}ms)`,
    `  took       ${formatMs(totalMs)}`,
    '',
    'Next:',
    `  start LibreChat from the folder with ${envName} (e.g. npm run backend) — it reads DATABASE_TYPE and POSTGRES_* from it`,
    '  librechat-db status     is the server running?',
    '  librechat-db down / up  stop / start the embedded server',
  );

  out.result(
    'init',
    {
      ok: true,
      dataDir: ctx.settings.dataDir,
      envFile: ctx.settings.envFile,
      host: HOST,
      port: server?.port,
      pid: server?.pid,
      database: ctx.settings.database,
      user: ctx.settings.user,
      clusterCreated: server?.created ?? false,
      serverStarted: server?.started ?? false,
      databaseCreated: ctx.databaseCreated ?? false,
      migrationsApplied: ctx.migrationsApplied ?? [],
      env: {
        changed: env?.changed ?? false,
        updated: env?.updated ?? [],
        added: env?.added ?? [],
        backupPath: env?.backupPath,
        password: ctx.passwordSource === 'generated' ? 'generated, hidden' : 'kept, hidden',
      },
      health: ctx.health,
      timings,
      totalMs,
      next: ['librechat-db status', 'start LibreChat (it reads the .env)'],
    },
    lines,
  );
  return 0;
}
