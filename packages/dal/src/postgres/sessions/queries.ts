/** findSession and countActiveSessions: only sessions whose expiration is still ahead. */

import type { SessionMethods } from '@librechat/data-schemas';
import { hashToken, logger } from '@librechat/data-schemas';
import mongoose from 'mongoose';
import type { PgContext } from '../context.js';
import { hydrateBound } from '../store/boundDocument.js';

type Queries = Pick<SessionMethods, 'findSession' | 'countActiveSessions'>;

export function createSessionQueries(
  { collections }: PgContext,
  SessionError: SessionMethods['SessionError'],
): Queries {
  const sessions = collections.sessions;

  const findSession: SessionMethods['findSession'] = async (params, options = { lean: true }) => {
    try {
      const query: Record<string, unknown> = {};
      if (!params.refreshToken && !params.userId && !params.sessionId) {
        throw new SessionError('At least one search parameter is required', 'INVALID_SEARCH_PARAMS');
      }
      if (params.refreshToken) query.refreshTokenHash = await hashToken(params.refreshToken);
      if (params.userId) query.user = params.userId;
      if (params.sessionId) {
        const sessionId =
          typeof params.sessionId === 'object' && params.sessionId !== null && 'sessionId' in params.sessionId
            ? (params.sessionId as { sessionId: string }).sessionId
            : (params.sessionId as string);
        if (!mongoose.Types.ObjectId.isValid(sessionId)) {
          throw new SessionError('Invalid session ID format', 'INVALID_SESSION_ID');
        }
        query._id = sessionId;
      }
      // Expired sessions are not sessions, whether or not the sweeper has deleted them yet.
      query.expiration = { $gt: new Date() };
      const found = await sessions.findOne(query);
      if (options.lean) return found as never;
      return found ? hydrateBound(sessions, found) : null;
    } catch (error) {
      logger.error('[findSession] Error finding session:', error);
      throw new SessionError('Failed to find session', 'FIND_SESSION_FAILED');
    }
  };

  const countActiveSessions: SessionMethods['countActiveSessions'] = async (userId) => {
    try {
      if (!userId) throw new SessionError('User ID is required', 'INVALID_USER_ID');
      return await sessions.count({ user: userId, expiration: { $gt: new Date() } });
    } catch (error) {
      logger.error('[countActiveSessions] Error counting active sessions:', error);
      throw new SessionError('Failed to count active sessions', 'COUNT_SESSIONS_FAILED');
    }
  };

  return { findSession, countActiveSessions };
}
