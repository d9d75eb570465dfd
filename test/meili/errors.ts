/**
 * Meilisearch's error objects (https://www.meilisearch.com/docs/reference/errors): every failed
 * request and every failed task carries `{ message, code, type, link }`.
 */

export type MeiliErrorType = 'invalid_request' | 'internal' | 'auth' | 'system';

export interface MeiliErrorBody {
  message: string;
  code: string;
  type: MeiliErrorType;
  link: string;
}

export class MeiliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly type: MeiliErrorType = 'invalid_request',
  ) {
    super(message);
    this.name = 'MeiliError';
  }

  body(): MeiliErrorBody {
    return meiliErrorBody(this.code, this.message, this.type);
  }
}

export function meiliErrorBody(
  code: string,
  message: string,
  type: MeiliErrorType = 'invalid_request',
): MeiliErrorBody {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

export const errors = {
  missingAuthorizationHeader: () =>
    new MeiliError(
      'missing_authorization_header',
      'The Authorization header is missing. It must use the bearer authorization method.',
      401,
      'auth',
    ),
  invalidApiKey: () => new MeiliError('invalid_api_key', 'The provided API key is invalid.', 403, 'auth'),
  indexNotFound: (uid: string) => new MeiliError('index_not_found', `Index \`${uid}\` not found.`, 404),
  indexesNotFound: (uids: string[]) =>
    uids.length === 1
      ? errors.indexNotFound(uids[0] as string)
      : new MeiliError(
          'index_not_found',
          `Indexes ${uids.map((u) => `\`${u}\``).join(', ')} not found.`,
          404,
        ),
  indexAlreadyExists: (uid: string) =>
    new MeiliError('index_already_exists', `Index \`${uid}\` already exists.`, 409),
  invalidIndexUid: (uid: unknown) =>
    new MeiliError(
      'invalid_index_uid',
      `\`${String(uid)}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 512 bytes.`,
    ),
  missingIndexUid: () => new MeiliError('missing_index_uid', 'Missing field `uid`'),
  documentNotFound: (id: string) =>
    new MeiliError('document_not_found', `Document \`${id}\` not found.`, 404),
  taskNotFound: (uid: string) => new MeiliError('task_not_found', `Task \`${uid}\` not found.`, 404),
  apiKeyNotFound: (key: string) => new MeiliError('api_key_not_found', `API key \`${key}\` not found.`, 404),
  invalidDocumentId: (id: unknown) =>
    new MeiliError(
      'invalid_document_id',
      `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
    ),
  missingDocumentId: (primaryKey: string, doc: unknown) =>
    new MeiliError(
      'missing_document_id',
      `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc)}\`.`,
    ),
  primaryKeyNoCandidate: () =>
    new MeiliError(
      'index_primary_key_no_candidate_found',
      'The primary key inference failed as the engine did not find any field ending with `id` in its name. Please specify the primary key manually using the `primaryKey` query parameter.',
    ),
  primaryKeyMultipleCandidates: (candidates: string[]) =>
    new MeiliError(
      'index_primary_key_multiple_candidates_found',
      `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\` in their names: ${candidates.map((c) => `'${c}'`).join(' and ')}. Please specify the primary key manually using the \`primaryKey\` query parameter.`,
    ),
  primaryKeyAlreadyExists: (uid: string, primaryKey: string) =>
    new MeiliError(
      'index_primary_key_already_exists',
      `Index \`${uid}\`: Index already has a primary key: \`${primaryKey}\`.`,
    ),
  swapDuplicate: (uid: string) =>
    new MeiliError(
      'invalid_swap_duplicate_index_found',
      `Indexes must be declared only once during a swap. \`${uid}\` was specified several times.`,
    ),
  invalidSwapIndexes: () =>
    new MeiliError(
      'invalid_swap_indexes',
      'Two indexes must be given for each swap. The list `[…]` contains the wrong number of indexes.',
    ),
  malformedPayload: (detail: string) =>
    new MeiliError('malformed_payload', `The json payload provided is malformed. \`${detail}\`.`),
  missingPayload: () => new MeiliError('missing_payload', 'A json payload is missing.'),
  missingDocumentFilter: () => new MeiliError('missing_document_filter', 'Missing field `filter`'),
  badRequest: (message: string) => new MeiliError('bad_request', message),
  invalidParameter: (code: string, message: string) => new MeiliError(code, message),
  notFoundRoute: () => new MeiliError('not_found', 'Not Found', 404),
  internal: (message: string) => new MeiliError('internal', message, 500, 'internal'),
};
