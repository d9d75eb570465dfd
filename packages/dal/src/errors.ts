/** Error classes callers of `@librechat/dal` can catch. */

/** A configuration value (environment variable or explicit option) is missing or invalid. */
export class DalConfigError extends Error {
  override readonly name = 'DalConfigError';
  constructor(
    message: string,
    /** The variables that are wrong, by name (never their values). */
    readonly variables: string[] = [],
  ) {
    super(message);
  }
}

/** The database could not be reached or refused the connection. */
export class DalConnectionError extends Error {
  override readonly name = 'DalConnectionError';
  constructor(
    message: string,
    readonly engine: 'mongodb' | 'postgresql',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A method of LibreChat's contract that the PostgreSQL backend does not implement yet. */
export class NotImplementedOnPostgresError extends Error {
  override readonly name = 'NotImplementedOnPostgresError';
  readonly code = 'ERR_NOT_IMPLEMENTED_ON_POSTGRES';
  constructor(
    readonly method: string,
    readonly group: string,
  ) {
    super(
      `${method} (${group}) is not implemented on PostgreSQL yet; use DATABASE_TYPE=mongodb or see docs/parity.md`,
    );
  }
}

/**
 * A MongoDB filter used an operator the PostgreSQL filter translator does not support.
 * Thrown instead of guessing, so a query never silently matches the wrong rows.
 */
export class UnsupportedFilterError extends Error {
  override readonly name = 'UnsupportedFilterError';
  constructor(
    readonly operator: string,
    readonly path?: string,
  ) {
    super(
      `Unsupported MongoDB filter operator ${operator}${path ? ` on "${path}"` : ''} for the PostgreSQL backend`,
    );
  }
}
