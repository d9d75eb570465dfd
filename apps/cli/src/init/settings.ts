/**
 * Gathers init's settings: the flags, then (on a terminal, without --yes) the questions the
 * flags did not answer, then the `.env` and the earlier run's record. Everything that can fail
 * without side effects (port busy, data dir not writable, a missing URL) fails here, before
 * anything is written. Without a terminal it never prompts: it needs --yes.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERUSER } from '../cluster/embedded.js';
import { isInitialized, readState, statePath } from '../cluster/state.js';
import { DEFAULT_DATABASE, display, resolveDataDir, resolveEnvFile } from '../context.js';
import { readEnvFile } from '../env/envFile.js';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import type { Database, InitContext, InitSettings, MeiliChoice, Runtime } from './context.js';
import { generateSecret, isTrue, planEnv } from './envPlan.js';
import { ask, confirmPlan } from './prompts.js';
import { readInitState, startRun } from './state.js';
import { planEmbedded } from './steps/startServer.js';

export interface InitFlags {
  yes?: boolean;
  db?: Database;
  runtime?: Runtime;
  mongoUri?: string;
  postgresUrl?: string;
  meili?: boolean;
  meiliHost?: string;
  composeFile?: string;
  waitTimeout?: number;
  dataDir?: string;
  port?: number;
  envFile?: string;
  grantTraversal?: boolean;
}

/** The flags a non-interactive run needs, for the error message and `--help`. */
export const NON_INTERACTIVE_USAGE =
  'librechat-db init --yes [--db postgresql|mongodb] [--runtime embedded|docker|external] [--postgres-url <url> | --mongo-uri <uri>] [--meili | --no-meili] [--env-file <file>]';

export function canPrompt(out: Output): boolean {
  return !out.json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

/** `./docker/compose.yml` when it exists here, else the one in this repository / package. */
export function defaultComposeFile(cwd = process.cwd()): string {
  const local = path.resolve(cwd, 'docker', 'compose.yml');
  if (existsSync(local)) return local;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'docker', 'compose.yml'),
    path.resolve(here, '..', '..', '..', 'docker', 'compose.yml'),
  ];
  return candidates.find((c) => existsSync(c)) ?? local;
}

function usage(message: string, fix: string): CliError {
  return new CliError('E_USAGE', message, { exitCode: EXIT.USAGE, fix });
}

export async function resolveInit(flags: InitFlags, out: Output): Promise<InitContext> {
  const envFile = resolveEnvFile(flags.envFile);
  const dataDir = resolveDataDir(flags.dataDir);
  const [env, previous] = await Promise.all([readEnvFile(envFile), readInitState(envFile)]);
  if (flags.postgresUrl) out.secret(urlPassword(flags.postgresUrl));
  if (flags.mongoUri) out.secret(urlPassword(flags.mongoUri));

  // Defaults: what the flags imply, else the earlier run's choices, else embedded PostgreSQL.
  const impliedDb: Database | undefined = flags.mongoUri
    ? 'mongodb'
    : flags.postgresUrl
      ? 'postgresql'
      : undefined;
  const defaultDb: Database = flags.db ?? impliedDb ?? previous?.choices.db ?? 'postgresql';
  const defaultRuntime = (db: Database): Runtime => {
    if ((db === 'mongodb' && flags.mongoUri) || (db === 'postgresql' && flags.postgresUrl)) return 'external';
    if (previous && previous.choices.db === db) return previous.choices.runtime;
    return db === 'postgresql' ? 'embedded' : 'docker';
  };
  const flagMeili: MeiliChoice | undefined =
    flags.meili === true ? 'on' : flags.meili === false ? 'off' : undefined;

  let db: Database;
  let runtime: Runtime;
  let meili: MeiliChoice;
  let postgresUrl = flags.postgresUrl;
  let mongoUri = flags.mongoUri;
  const interactive = !flags.yes;
  if (interactive) {
    if (!canPrompt(out)) {
      const needed = ['--yes'];
      if (!flags.db) needed.push('--db postgresql|mongodb');
      if (!flags.runtime) needed.push('--runtime embedded|docker|external');
      if (flags.meili === undefined) needed.push('--meili or --no-meili');
      throw new CliError(
        'E_NEEDS_YES',
        `init asks questions but there is no terminal to ask on. Pass ${needed.join(', ')} (and --postgres-url or --mongo-uri with --runtime external, --env-file for another .env).`,
        { exitCode: EXIT.USAGE, fix: NON_INTERACTIVE_USAGE },
      );
    }
    const answers = await ask({
      db: { given: flags.db ?? impliedDb, default: defaultDb },
      runtime: {
        given: flags.runtime ?? (impliedDb ? 'external' : undefined),
        default: defaultRuntime(defaultDb),
      },
      meili: {
        given: flagMeili === undefined ? undefined : flagMeili === 'on',
        default:
          previous?.choices.meili === 'on' || (isTrue(env.values.SEARCH) && Boolean(env.values.MEILI_HOST)),
      },
      postgresUrl,
      mongoUri,
    });
    ({ db, runtime, meili } = answers);
    postgresUrl = answers.postgresUrl;
    mongoUri = answers.mongoUri;
    if (postgresUrl) out.secret(urlPassword(postgresUrl));
    if (mongoUri) out.secret(urlPassword(mongoUri));
  } else {
    db = defaultDb;
    runtime = flags.runtime ?? defaultRuntime(db);
    const sameRun = previous && previous.choices.db === db && previous.choices.runtime === runtime;
    meili = flagMeili ?? (sameRun ? previous.choices.meili : 'keep');
  }

  // Combinations that cannot work.
  if (db === 'mongodb' && runtime === 'embedded') {
    throw usage(
      'There is no embedded MongoDB: --runtime embedded is PostgreSQL only.',
      'librechat-db init --db mongodb --runtime docker  (or --runtime external --mongo-uri <uri>)',
    );
  }
  if (db === 'mongodb' && postgresUrl && !mongoUri) {
    throw usage(
      '--postgres-url was given with --db mongodb.',
      'pass --mongo-uri <uri> for MongoDB, or --db postgresql',
    );
  }
  if (db === 'postgresql' && mongoUri && !postgresUrl) {
    throw usage(
      '--mongo-uri was given with --db postgresql.',
      'pass --postgres-url <url> for PostgreSQL, or --db mongodb',
    );
  }
  if (runtime !== 'external' && (postgresUrl || mongoUri)) {
    throw usage(
      `A connection URL was given with --runtime ${runtime}; URLs are for --runtime external.`,
      `librechat-db init --yes --runtime external ${db === 'postgresql' ? '--postgres-url <url>' : '--mongo-uri <uri>'}`,
    );
  }
  if (runtime === 'external') {
    const hasEnvConfig =
      db === 'postgresql'
        ? Boolean(env.values.POSTGRES_URL || env.values.POSTGRES_HOST)
        : Boolean(env.values.MONGO_URI);
    if (db === 'postgresql' && !postgresUrl && !hasEnvConfig) {
      throw usage(
        '--runtime external needs the server: pass --postgres-url (or set POSTGRES_URL in .env).',
        'librechat-db init --yes --db postgresql --runtime external --postgres-url postgresql://user:password@host:5432/librechat',
      );
    }
    if (db === 'mongodb' && !mongoUri && !hasEnvConfig) {
      throw usage(
        '--runtime external needs the server: pass --mongo-uri (or set MONGO_URI in .env).',
        'librechat-db init --yes --db mongodb --runtime external --mongo-uri mongodb://host:27017/LibreChat',
      );
    }
  }
  if (postgresUrl && !/^postgres(ql)?:\/\//.test(postgresUrl)) {
    throw usage(
      '--postgres-url must start with postgresql:// or postgres://.',
      'librechat-db init --postgres-url postgresql://user:password@host:5432/librechat',
    );
  }
  if (mongoUri && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    throw usage(
      '--mongo-uri must start with mongodb:// or mongodb+srv://.',
      'librechat-db init --mongo-uri mongodb://host:27017/LibreChat',
    );
  }
  const meiliHost = flags.meiliHost ?? env.values.MEILI_HOST;
  if (meili === 'on' && runtime !== 'docker' && !meiliHost) {
    throw usage(
      'MeiliSearch is not started by this runtime: say where it runs with --meili-host (or MEILI_HOST in .env).',
      `librechat-db init --meili --meili-host http://127.0.0.1:7700  (or --runtime docker, or --no-meili)`,
    );
  }
  if (
    meili === 'on' &&
    runtime !== 'docker' &&
    env.values.MEILI_MASTER_KEY === undefined &&
    !process.env.MEILI_MASTER_KEY
  ) {
    throw usage(
      `MeiliSearch needs its master key: set MEILI_MASTER_KEY in ${display(envFile)} (LibreChat uses search only when it is set).`,
      `add MEILI_MASTER_KEY=<the server's master key> to ${display(envFile)}, then re-run: librechat-db init --meili`,
    );
  }

  const settings: InitSettings = {
    db,
    runtime,
    meili,
    dataDir,
    envFile,
    composeFile: flags.composeFile ? path.resolve(flags.composeFile) : defaultComposeFile(),
    requestedPort: flags.port,
    postgresUrl,
    mongoUri,
    meiliHost: flags.meiliHost,
    waitTimeoutMs: (flags.waitTimeout ?? 180) * 1000,
    database: DEFAULT_DATABASE,
    user: SUPERUSER,
    grantTraversal: flags.grantTraversal ?? false,
  };
  if (runtime === 'docker' && !existsSync(settings.composeFile)) {
    throw new CliError(
      'E_COMPOSE_FILE',
      `The compose file ${display(settings.composeFile)} does not exist.`,
      {
        exitCode: EXIT.ENVIRONMENT,
        fix: 'run from the librechat-db folder (it has docker/compose.yml), or pass --compose-file <path>',
      },
    );
  }

  const choices = { db, runtime, meili, ...(runtime === 'embedded' ? { dataDir } : {}) };
  const { state: progress, resumeFrom } = startRun(previous, choices);

  // The PostgreSQL superuser password (embedded and docker).
  let password = '';
  let passwordSource: InitContext['passwordSource'] = 'env';
  let clusterState: InitContext['state'];
  let plannedPort: number | undefined;
  const envPassword = env.values.POSTGRES_PASSWORD;
  if (db === 'postgresql' && runtime === 'embedded') {
    const initialized = isInitialized(dataDir);
    clusterState = initialized ? await readState(dataDir) : undefined;
    if (initialized) {
      if (!envPassword) {
        throw new CliError(
          'E_PASSWORD_MISSING',
          `${display(dataDir)} already holds a PostgreSQL cluster, but ${display(envFile)} has no POSTGRES_PASSWORD for it.`,
          {
            exitCode: EXIT.ENVIRONMENT,
            fix: `restore POSTGRES_PASSWORD from a backup (${display(envFile)}.bak-*), pass --env-file <the .env init wrote>, or start over by removing ${display(dataDir)}`,
          },
        );
      }
      password = envPassword;
    } else if (envPassword && resumeFrom !== undefined && progress.done['write-env']) {
      password = envPassword; // written by the interrupted run, for this cluster-to-be
    } else {
      password = generateSecret();
      passwordSource = 'generated';
    }
    plannedPort = await planEmbedded(settings, clusterState);
    out.debug(
      `data dir ${dataDir} (${initialized ? 'initialized' : 'new'}); state ${clusterState ? statePath(dataDir) : 'none'}; port ${plannedPort}`,
    );
  } else if (db === 'postgresql' && runtime === 'docker') {
    password = envPassword || generateSecret();
    passwordSource = envPassword ? 'env' : 'generated';
  }
  out.secret(password);

  const plan = planEnv({
    settings,
    env: env.values,
    postgresPassword: password,
    postgresPasswordGenerated: passwordSource === 'generated',
    embeddedPort: plannedPort,
  });
  for (const s of plan.secrets) out.secret(s);
  for (const key of ['POSTGRES_URL', 'MONGO_URI']) out.secret(urlPassword(env.values[key]));
  out.debug(`env file ${envFile} (${env.exists ? 'exists' : 'new'}); choices ${JSON.stringify(choices)}`);

  if (interactive) {
    const where =
      runtime === 'embedded'
        ? `an embedded PostgreSQL in ${display(dataDir)}`
        : runtime === 'docker'
          ? `docker compose (${display(settings.composeFile)}, profile ${db}${meili === 'on' ? ' + meilisearch' : ''})`
          : `the server at ${redact(postgresUrl ?? mongoUri ?? (db === 'postgresql' ? (env.values.POSTGRES_URL ?? env.values.POSTGRES_HOST) : env.values.MONGO_URI) ?? '?')}`;
    const ok = await confirmPlan(
      `Set up ${db === 'postgresql' ? 'PostgreSQL' : 'MongoDB'} on ${where} and write ${display(envFile)}?`,
    );
    if (!ok) {
      throw new CliError('E_CANCELLED', 'Cancelled; nothing was changed.', {
        exitCode: EXIT.USAGE,
        fix: NON_INTERACTIVE_USAGE,
      });
    }
  }

  return {
    settings,
    out,
    env,
    password,
    passwordSource,
    envUpdates: plan.updates,
    generated: plan.generated,
    state: clusterState,
    progress,
    resumeFrom,
    plannedPort,
    warnings: [],
  };
}

function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    const m = /\/\/[^:@/]*:([^@/]*)@/.exec(url);
    return m?.[1];
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
