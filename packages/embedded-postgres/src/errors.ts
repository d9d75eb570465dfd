/** The one error class this package throws; `code` says which step failed. */
export type EmbeddedPostgresErrorCode =
  | 'BINARIES_NOT_FOUND'
  | 'NOT_TRAVERSABLE'
  | 'OS_USER'
  | 'INITDB_FAILED'
  | 'START_FAILED'
  | 'STOP_FAILED'
  | 'NOT_READY';

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
  constructor(
    message: string,
    readonly code: EmbeddedPostgresErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
