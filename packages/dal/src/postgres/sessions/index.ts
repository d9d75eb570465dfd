/** SessionMethods on PostgreSQL (upstream methods/session.ts): the refresh-token store. */

import type { SessionMethods } from '@librechat/data-schemas';
import { createMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createSessionQueries } from './queries.js';
import { createSessionWrites } from './writes.js';

export function createSessionMethods(ctx: PgContext): SessionMethods {
  // Upstream's own SessionError class (same class on both engines, so `instanceof` holds) and
  // generateRefreshToken, which only signs, hashes and calls `session.save()` — on PostgreSQL
  // the session documents this group hands out save into the sessions table.
  const upstream = createMethods(ctx.shaper.mongoose as unknown as typeof import('mongoose'), ctx.deps);
  const { SessionError, generateRefreshToken } = upstream;
  return {
    SessionError,
    generateRefreshToken,
    ...createSessionQueries(ctx, SessionError),
    ...createSessionWrites(ctx, SessionError, generateRefreshToken),
  };
}
