/**
 * Gathers init's settings from the flags, the existing `.env` and the data dir, and asks for
 * confirmation on a terminal. Without a terminal it never prompts: it needs `--yes`.
 * (The full interactive init will add its questions here.)
 */
import { randomBytes } from 'node:crypto';
import { SUPERUSER } from '../cluster/embedded.js';
import { isInitialized, readState, statePath } from '../cluster/state.js';
import { DEFAULT_DATABASE, display, resolveDataDir, resolveEnvFile } from '../context.js';
import { readEnvFile } from '../env/envFile.js';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import type { InitContext, InitSettings } from './context.js';

export interface InitFlags {
  yes?: boolean;
  dataDir?: string;
  port?: number;
  envFile?: string;
  grantTraversal?: boolean;
}

/** The flags a non-interactive run needs, for the error message and `--help`. */
export const NON_INTERACTIVE_USAGE =
  'librechat-db init --yes [--data-dir <dir>] [--port <port>] [--env-file <file>]';

export function canPrompt(out: Output): boolean {
  return !out.json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function resolveInit(flags: InitFlags, out: Output): Promise<InitContext> {
  const settings: InitSettings = {
    dataDir: resolveDataDir(flags.dataDir),
    envFile: resolveEnvFile(flags.envFile),
    requestedPort: flags.port,
    database: DEFAULT_DATABASE,
    user: SUPERUSER,
    grantTraversal: flags.grantTraversal ?? false,
  };

  if (!flags.yes) {
    if (!canPrompt(out)) {
      throw new CliError(
        'E_NEEDS_YES',
        'init needs confirmation but there is no terminal to ask on; pass --yes to accept the defaults (flags: --yes, --data-dir, --port, --env-file).',
        { exitCode: EXIT.USAGE, fix: NON_INTERACTIVE_USAGE },
      );
    }
    const { confirm } = await import('@inquirer/prompts');
    const ok = await confirm({
      message: `Set up an embedded PostgreSQL in ${display(settings.dataDir)} and write the connection to ${display(settings.envFile)}?`,
      default: true,
    });
    if (!ok) {
      throw new CliError('E_CANCELLED', 'Cancelled; nothing was changed.', {
        exitCode: EXIT.USAGE,
        fix: NON_INTERACTIVE_USAGE,
      });
    }
  }

  const env = await readEnvFile(settings.envFile);
  const initialized = isInitialized(settings.dataDir);
  const state = initialized ? await readState(settings.dataDir) : undefined;
  const envPassword = env.values.POSTGRES_PASSWORD;

  let password: string;
  let passwordSource: InitContext['passwordSource'];
  if (initialized) {
    if (!envPassword) {
      throw new CliError(
        'E_PASSWORD_MISSING',
        `${display(settings.dataDir)} already holds a PostgreSQL cluster, but ${display(settings.envFile)} has no POSTGRES_PASSWORD for it.`,
        {
          exitCode: EXIT.ENVIRONMENT,
          fix: `restore POSTGRES_PASSWORD from a backup (${display(settings.envFile)}.bak-*), pass --env-file <the .env init wrote>, or start over by removing ${display(settings.dataDir)}`,
        },
      );
    }
    password = envPassword;
    passwordSource = 'env';
  } else {
    password = generatePassword();
    passwordSource = 'generated';
  }
  out.secret(password);
  out.debug(
    `data dir ${settings.dataDir} (${initialized ? 'initialized' : 'new'}); state ${state ? statePath(settings.dataDir) : 'none'}; env file ${settings.envFile} (${env.exists ? 'exists' : 'new'})`,
  );

  return { settings, out, env, password, passwordSource, state };
}
