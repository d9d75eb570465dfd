#!/usr/bin/env node
/**
 * librechat-db: sets up and manages LibreChat's database.
 * Global flags: --json (NDJSON events on stdout, see output.ts), --debug (details and stacks).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, toCliError } from './errors.js';
import { Output } from './output.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

// @librechat/data-schemas (loaded with the DAL) writes winston logs to ./logs unless told
// otherwise; the CLI must not litter the user's folder with them.
process.env.LIBRECHAT_LOG_DIR ??= path.join(os.tmpdir(), 'librechat-db-cli-logs');

type GlobalFlags = { json?: boolean; debug?: boolean };

function parsePort(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a port number (1-65535).');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number (1-65535).');
  return n;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1.');
  }
  return Number(value);
}

/** Runs a command body; reports a failure as one clear error and sets the exit code. */
function run<F>(body: (flags: F, global: GlobalFlags) => Promise<number>) {
  return async (flags: F, command: Command) => {
    const global = command.optsWithGlobals() as GlobalFlags;
    try {
      process.exitCode = await body(flags, { json: global.json, debug: global.debug });
    } catch (error) {
      const err = toCliError(error);
      new Output({ json: global.json, debug: global.debug }).error(err);
      process.exitCode = err.exitCode;
    }
  };
}

const dataDirOption = () =>
  new Option('--data-dir <dir>', 'PostgreSQL data folder').default('./data/postgres');
const envFileOption = () => new Option('--env-file <file>', 'the .env file').default('./.env');
const grantTraversalOption = () =>
  new Option(
    '--grant-traversal',
    'as root, let the server\'s OS user "postgres" search the folders above the data dir (chmod o+x) when it cannot',
  );

export function buildProgram(): Command {
  const program = new Command('librechat-db')
    .description("Set up and manage LibreChat's database (embedded PostgreSQL, .env, migrations)")
    .version(version, '-v, --version')
    .option('--json', 'print NDJSON events on stdout instead of text')
    .option('--debug', 'print details and stack traces')
    .showSuggestionAfterError()
    .exitOverride();

  program
    .command('init')
    .description(
      "set up LibreChat's database: .env, runtime (embedded PostgreSQL, docker compose or a server of yours), schema, seed data, health",
    )
    .option(
      '-y, --yes',
      "do not ask: use the flags, the earlier run's choices, else embedded PostgreSQL (required without a terminal)",
    )
    .addOption(new Option('--db <database>', 'the database').choices(['postgresql', 'mongodb']))
    .addOption(new Option('--runtime <runtime>', 'where it runs').choices(['embedded', 'docker', 'external']))
    .option('--postgres-url <url>', 'an existing PostgreSQL (with --runtime external)')
    .option('--mongo-uri <uri>', 'an existing MongoDB (with --runtime external)')
    .option('--meili', 'enable search: start (docker) or check MeiliSearch and set SEARCH=true')
    .option('--no-meili', 'disable search (SEARCH=false)')
    .option('--meili-host <url>', 'a MeiliSearch that init does not start (MEILI_HOST)')
    .addOption(
      new Option(
        '--compose-file <file>',
        'the compose file (--runtime docker; default ./docker/compose.yml)',
      ),
    )
    .option(
      '--wait-timeout <seconds>',
      'how long to wait for the containers to be healthy (default 180)',
      parseCount,
    )
    .addOption(dataDirOption())
    .option('--port <port>', 'embedded server port (default: the recorded one, else a free one)', parsePort)
    .addOption(envFileOption())
    .addOption(grantTraversalOption())
    .action(
      run(async (flags: import('./init/settings.js').InitFlags, g) => {
        const { initCommand } = await import('./commands/init.js');
        return initCommand(flags, g);
      }),
    );

  program
    .command('doctor')
    .description(
      'check .env, connection, engine version, capabilities, migrations, indexes, seed data, MeiliSearch',
    )
    .addOption(envFileOption())
    .action(
      run(async (flags: { envFile?: string }, g) => {
        const { doctorCommand } = await import('./commands/doctor.js');
        return doctorCommand(flags, g, { hasReindex: program.commands.some((c) => c.name() === 'reindex') });
      }),
    )
    .addHelpText(
      'after',
      `
Exit codes (the first failing check decides; warnings do not fail):
  0 healthy   10 .env missing or invalid   11 cannot connect (engine down, credentials)
  12 engine version too old   13 migrations pending/unknown/out of order/failed
  14 MongoDB indexes missing   15 seed data missing (roles, access roles, categories, grants)
  16 MeiliSearch unreachable or key rejected   17 MeiliSearch index drift`,
    );

  program
    .command('reindex')
    .description(
      'rebuild the MeiliSearch indexes from the database (search keeps working; safe to interrupt and --resume)',
    )
    .addOption(new Option('--index <uid>', 'only this index').choices(['messages', 'convos']))
    .option('--batch-size <n>', 'documents per batch (default 2000)', parseCount)
    .option('--resume', 'continue an interrupted reindex from its checkpoint')
    .option('--restart', 'abandon an interrupted reindex and start over')
    .addOption(envFileOption())
    .action(
      run(async (flags: import('./commands/reindex.js').ReindexFlags, g) => {
        const { reindexCommand } = await import('./commands/reindex.js');
        return reindexCommand(flags, g);
      }),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 done   1 some documents rejected by MeiliSearch   2 search not configured
  3 an interrupted reindex needs --resume or --restart, or another reindex is running
  4 the database or MeiliSearch failed   130 interrupted (resume with --resume)`,
    );

  program
    .command('up')
    .description('start the embedded PostgreSQL on its recorded port (keeps running in the background)')
    .addOption(dataDirOption())
    .addOption(envFileOption())
    .option('--port <port>', 'start on this port instead of the recorded one', parsePort)
    .addOption(grantTraversalOption())
    .action(
      run(
        async (flags: { dataDir?: string; envFile?: string; port?: number; grantTraversal?: boolean }, g) => {
          const { upCommand } = await import('./commands/up.js');
          return upCommand(flags, g);
        },
      ),
    );

  program
    .command('down')
    .description('stop the embedded PostgreSQL')
    .addOption(dataDirOption())
    .action(
      run(async (flags: { dataDir?: string }, g) => {
        const { downCommand } = await import('./commands/down.js');
        return downCommand(flags, g);
      }),
    );

  program
    .command('status')
    .description('show whether the embedded PostgreSQL is running, its port and pid (exit 1 when stopped)')
    .addOption(dataDirOption())
    .action(
      run(async (flags: { dataDir?: string }, g) => {
        const { statusCommand } = await import('./commands/status.js');
        return statusCommand(flags, g);
      }),
    );

  const migrate = program
    .command('migrate')
    .description('apply, revert or check the PostgreSQL schema migrations (connection from .env)');
  migrate
    .command('up')
    .description('apply pending migrations')
    .option('--count <n>', 'apply at most n migrations', parseCount)
    .addOption(envFileOption())
    .action(
      run(async (flags: { count?: number; envFile?: string }, g) => {
        const { migrateRunCommand } = await import('./commands/migrate.js');
        return migrateRunCommand('up', flags, g);
      }),
    );
  migrate
    .command('down')
    .description('revert the last migration(s); drops their tables and data')
    .option('--count <n>', 'revert n migrations (default 1)', parseCount)
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(envFileOption())
    .action(
      run(async (flags: { count?: number; envFile?: string; yes?: boolean }, g) => {
        const { migrateRunCommand } = await import('./commands/migrate.js');
        return migrateRunCommand('down', flags, g);
      }),
    );
  migrate
    .command('status')
    .description('compare applied migrations with the migration files (exit 1 when not in sync)')
    .addOption(envFileOption())
    .action(
      run(async (flags: { envFile?: string }, g) => {
        const { migrateStatusCommand } = await import('./commands/migrate.js');
        return migrateStatusCommand(flags, g);
      }),
    );

  program
    .command('sweep')
    .description(
      'delete expired rows (sessions, tokens, temporary chats, …) as MongoDB TTL indexes would; schedule it (connection from .env)',
    )
    .option('--batch-size <n>', 'rows per DELETE statement (default 1000)', parseCount)
    .addOption(envFileOption())
    .action(
      run(async (flags: { batchSize?: number; envFile?: string }, g) => {
        const { sweepCommand } = await import('./commands/sweep.js');
        return sweepCommand(flags, g);
      }),
    );

  program.addHelpText(
    'after',
    `
Quick start:
  librechat-db init            asks: database, where it runs, search
  librechat-db init --yes      embedded PostgreSQL in ./data/postgres, connection written to ./.env
  librechat-db init --yes --db mongodb --runtime docker --meili
  librechat-db doctor          is everything still in place?

Exit codes:
  0 ok   1 check failed (status: stopped; migrate status: not in sync) or unexpected error
  2 usage (bad flag, --yes needed)   3 environment (port busy, data dir not writable, setup incomplete)
  4 database (start, connect, query)   5 migrations failed   130 interrupted (Ctrl-C)
  doctor: 0 healthy, 10-17 the first failing check (see librechat-db doctor --help)`,
  );
  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help/version) already.
      const ok = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
      process.exitCode = ok ? EXIT.OK : EXIT.USAGE;
    } else {
      const err = toCliError(error);
      new Output({ json: process.argv.includes('--json') }).error(err);
      process.exitCode = err.exitCode;
    }
  }
  // Exit now even if a library left a handle open (the server itself runs detached).
  process.exit(process.exitCode ?? 0);
}

void main();
