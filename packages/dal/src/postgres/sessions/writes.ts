/**
 * createSession, upsertSession, updateExpiration, deleteSession, deleteAllUserSessions and
 * ensureSessionIndexes. Sessions keep one absolute expiration: rotating the refresh token
 * (generateRefreshToken) does not extend it.
 */

import type { SessionMethods } from '@librechat/data-schemas';
import { DEFAULT_REFRESH_TOKEN_EXPIRY, hashToken, logger } from '@librechat/data-schemas';
import mongoose from 'mongoose';
import type { PgContext } from '../context.js';
import { hydrateBound, newBoundDocument } from '../store/boundDocument.js';

type Writes = Omit<
  SessionMethods,
  'SessionError' | 'generateRefreshToken' | 'findSession' | 'countActiveSessions'
>;

export function createSessionWrites(
  { collections }: PgContext,
  SessionError: SessionMethods['SessionError'],
  generateRefreshToken: SessionMethods['generateRefreshToken'],
): Writes {
  const sessions = collections.sessions;

  /** The migrations create the sessions indexes (unique user + refreshTokenHash included). */
  const ensureSessionIndexes: SessionMethods['ensureSessionIndexes'] = async () => {};

  const createSession: SessionMethods['createSession'] = async (userId, options = {}) => {
    if (!userId) throw new SessionError('User ID is required', 'INVALID_USER_ID');
    const expiresIn = options.expiresIn ?? DEFAULT_REFRESH_TOKEN_EXPIRY;
    try {
      await ensureSessionIndexes();
      const currentSession = newBoundDocument(sessions, {
        user: userId,
        expiration: options.expiration || new Date(Date.now() + expiresIn),
      });
      const refreshToken = await generateRefreshToken(currentSession);
      return { session: currentSession, refreshToken };
    } catch (error) {
      logger.error('[createSession] Error creating session:', error);
      throw new SessionError('Failed to create session', 'CREATE_SESSION_FAILED');
    }
  };

  const upsertSession: SessionMethods['upsertSession'] = async (userId, refreshToken, options) => {
    if (!userId || !refreshToken || !options.expiration) {
      throw new SessionError('User, refresh token, and expiration are required', 'INVALID_SESSION');
    }
    try {
      await ensureSessionIndexes();
      const refreshTokenHash = await hashToken(refreshToken);
      const update: Record<string, unknown> = {
        user: userId,
        refreshTokenHash,
        expiration: options.expiration,
      };
      if (options.tenantId) update.tenantId = options.tenantId;
      const { after } = await sessions.findOneAndUpdate(
        { user: userId, refreshTokenHash },
        { $set: update },
        { upsert: true, new: true },
      );
      if (!after) throw new SessionError('Stored session was not returned', 'SESSION_NOT_FOUND');
      return hydrateBound(sessions, after);
    } catch (error) {
      logger.error('[upsertSession] Error storing session:', error);
      throw new SessionError('Failed to store session', 'UPSERT_SESSION_FAILED');
    }
  };

  const updateExpiration: SessionMethods['updateExpiration'] = async (
    session,
    newExpiration,
    options = {},
  ) => {
    const expiresIn = options.expiresIn ?? DEFAULT_REFRESH_TOKEN_EXPIRY;
    try {
      let sessionDoc = session;
      if (typeof session === 'string') {
        const found = await sessions.findOne({ _id: session });
        sessionDoc = found ? hydrateBound(sessions, found) : (null as never);
      }
      if (!sessionDoc) throw new SessionError('Session not found', 'SESSION_NOT_FOUND');
      const doc = sessionDoc as unknown as { expiration: Date; save(): Promise<unknown> };
      doc.expiration = newExpiration || new Date(Date.now() + expiresIn);
      return (await doc.save()) as never;
    } catch (error) {
      logger.error('[updateExpiration] Error updating session:', error);
      throw new SessionError('Failed to update session expiration', 'UPDATE_EXPIRATION_FAILED');
    }
  };

  const deleteSession: SessionMethods['deleteSession'] = async (params) => {
    try {
      if (!params.refreshToken && !params.sessionId) {
        throw new SessionError('Either refreshToken or sessionId is required', 'INVALID_DELETE_PARAMS');
      }
      const query: Record<string, unknown> = {};
      if (params.refreshToken) query.refreshTokenHash = await hashToken(params.refreshToken);
      if (params.sessionId) query._id = params.sessionId;
      const result = await sessions.deleteOne(query);
      if (result.deletedCount === 0) logger.warn('[deleteSession] No session found to delete');
      return result;
    } catch (error) {
      logger.error('[deleteSession] Error deleting session:', error);
      throw new SessionError('Failed to delete session', 'DELETE_SESSION_FAILED');
    }
  };

  const deleteAllUserSessions: SessionMethods['deleteAllUserSessions'] = async (userId, options = {}) => {
    try {
      if (!userId) throw new SessionError('User ID is required', 'INVALID_USER_ID');
      const userIdString = typeof userId === 'object' && userId !== null ? userId.userId : (userId as string);
      if (!mongoose.Types.ObjectId.isValid(userIdString)) {
        throw new SessionError('Invalid user ID format', 'INVALID_USER_ID_FORMAT');
      }
      const query: Record<string, unknown> = { user: userIdString };
      if (options.excludeCurrentSession && options.currentSessionId) {
        query._id = { $ne: options.currentSessionId };
      }
      const result = await sessions.deleteMany(query);
      if (result.deletedCount > 0) {
        logger.debug(
          `[deleteAllUserSessions] Deleted ${result.deletedCount} sessions for user ${userIdString}.`,
        );
      }
      return result;
    } catch (error) {
      logger.error('[deleteAllUserSessions] Error deleting user sessions:', error);
      throw new SessionError('Failed to delete user sessions', 'DELETE_ALL_SESSIONS_FAILED');
    }
  };

  return {
    ensureSessionIndexes,
    createSession,
    upsertSession,
    updateExpiration,
    deleteSession,
    deleteAllUserSessions,
  };
}
