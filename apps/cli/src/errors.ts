/**
 * Errors the CLI reports to a person: a stable code, one sentence saying what went wrong, and
 * the command that fixes it. Anything else that escapes a command is reported as E_UNEXPECTED.
 *
 * Exit codes (also in README.md):
 *   0  success (`status`: the server is running; `migrate status`: in sync)
 *   1  a check failed: `status` found the server stopped or not set up, `migrate status` found
 *      pending or unknown migrations, or an unexpected error
 *   2  usage: a missing or invalid flag, or a prompt was needed without a terminal
 *   3  environment: data dir not writable, port busy, setup incomplete or inconsistent
 *   4  database: the server did not start, or could not be reached or queried
 *   5  migrations failed
 *   130 interrupted (Ctrl-C), as shells report SIGINT
 * `doctor` has its own codes (doctor/codes.ts): 0 healthy, 10-17 the first failing check.
 */
// Matched by name, not instanceof, so the CLI's entry point does not have to load the DAL.
interface DalConfigErrorLike extends Error {
  name: 'DalConfigError';
  variables: string[];
}

export const EXIT = {
  OK: 0,
  CHECK_FAILED: 1,
  USAGE: 2,
  ENVIRONMENT: 3,
  DATABASE: 4,
  MIGRATION: 5,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliErrorOptions {
  /** The command (or action) that fixes it, shown as "Fix: …". */
  fix?: string;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly fix?: string;
  readonly exitCode: ExitCode;

  constructor(
    /** Stable identifier, e.g. E_PORT_BUSY; scripts can match on it in `--json` output. */
    readonly code: string,
    message: string,
    options: CliErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.exitCode = options.exitCode ?? EXIT.CHECK_FAILED;
  }
}

/** Turns anything thrown into a CliError, keeping the original as `cause`. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof Error && error.name === 'DalConfigError') {
    const variables = (error as DalConfigErrorLike).variables ?? [];
    return new CliError('E_CONFIG', error.message, {
      exitCode: EXIT.USAGE,
      fix: `set ${variables.join(', ') || 'the database variables'} in .env, or run: librechat-db init --yes`,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'DalConnectionError') {
    return new CliError('E_DB_UNREACHABLE', error.message, {
      exitCode: EXIT.DATABASE,
      fix: 'librechat-db status (and librechat-db up to start the embedded server)',
      cause: error,
    });
  }
  const err = error as NodeJS.ErrnoException | undefined;
  const message = err instanceof Error ? err.message : String(error);
  if (err?.code === 'EACCES' || err?.code === 'EPERM' || err?.code === 'EROFS') {
    return new CliError('E_NOT_WRITABLE', `Permission denied: ${message}`, {
      exitCode: EXIT.ENVIRONMENT,
      fix: 'choose a writable location (--data-dir, --env-file) or fix the permissions',
      cause: error,
    });
  }
  return new CliError('E_UNEXPECTED', message, {
    exitCode: EXIT.CHECK_FAILED,
    fix: 're-run with --debug for details',
    cause: error,
  });
}
