/** Upstream's ShareServiceError (methods/share.ts; only its type is exported): a message and a code. */
export class ShareServiceError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'ShareServiceError';
    this.code = code;
  }
}

/** Rejections updateSharedLink does not log as errors. */
export const EXPECTED_SHARE_REJECTION_CODES = new Set(['TARGET_MESSAGE_NOT_FOUND', 'NO_MESSAGES']);
