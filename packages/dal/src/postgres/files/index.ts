/** FileMethods on PostgreSQL (upstream methods/file.ts), on the `files` table. */
import type { FileMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createFileBookkeeping } from './bookkeeping.js';
import { createFileQueries } from './queries.js';
import { createRunArtifactMethods } from './runArtifacts.js';
import { createFileWrites } from './writes.js';

export function createFileMethods(ctx: PgContext): FileMethods {
  return {
    ...createRunArtifactMethods(ctx),
    ...createFileQueries(ctx),
    ...createFileWrites(ctx),
    ...createFileBookkeeping(ctx),
  };
}
