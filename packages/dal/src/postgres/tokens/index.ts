/** TokenMethods on PostgreSQL (upstream methods/token.ts). */

import type { TokenMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import type { QueryOptions } from 'mongoose';
import type { PgContext } from '../context.js';
import { createBound, hydrateBound } from '../store/boundDocument.js';
import type { Sort } from '../store/collection.js';
import type { Select } from '../store/projection.js';
import { tokenConditions } from './conditions.js';

export function createTokenMethods({ collections }: PgContext): TokenMethods {
  const tokens = collections.tokens;

  /** `Token.create`: createdAt now, expiresAt now + expiresIn seconds (negative = already expired). */
  const createToken: TokenMethods['createToken'] = async (tokenData) => {
    try {
      const currentTime = new Date();
      const expiresAt = new Date(currentTime.getTime() + tokenData.expiresIn * 1000);
      return await createBound(tokens, { ...tokenData, createdAt: currentTime, expiresAt });
    } catch (error) {
      logger.debug('An error occurred while creating token:', error);
      throw error;
    }
  };

  /** The raw query (plus the credential-set selector) → `findOneAndUpdate(…, { new: true })`, a document. */
  const updateToken: TokenMethods['updateToken'] = async (query, updateData) => {
    try {
      const { metadataCredentialSetId, ...tokenQuery } = query;
      const dbQuery: Record<string, unknown> = { ...tokenQuery };
      if (metadataCredentialSetId !== undefined) {
        dbQuery['metadata.credential_set_id'] = metadataCredentialSetId;
      }
      const dataToUpdate: Record<string, unknown> = { ...updateData };
      if (updateData?.expiresIn !== undefined) {
        dataToUpdate.expiresAt = new Date(Date.now() + updateData.expiresIn * 1000);
      }
      const { after } = await tokens.findOneAndUpdate(dbQuery, dataToUpdate, { new: true });
      return after ? hydrateBound(tokens, after) : null;
    } catch (error) {
      logger.debug('An error occurred while updating token:', error);
      throw error;
    }
  };

  const deleteTokens: TokenMethods['deleteTokens'] = async (query) => {
    try {
      const conditions = tokenConditions(query, 'delete');
      if (conditions.length === 0) throw new Error('At least one query parameter must be provided');
      return await tokens.deleteMany({ $and: conditions });
    } catch (error) {
      logger.debug('An error occurred while deleting tokens:', error);
      throw error;
    }
  };

  /** Lean; `options` as mongoose's findOne takes them (sort, skip, projection). Expired tokens are found, as upstream. */
  const findToken: TokenMethods['findToken'] = async (query, options?: QueryOptions) => {
    try {
      // No condition at all is `{ $and: [] }`, which mongoose's cast turns into `{}`: the first token.
      const conditions = tokenConditions(query, 'find');
      return (await tokens.findOne(
        { $and: conditions },
        {
          sort: options?.sort as Sort | undefined,
          skip: options?.skip,
          select: options?.projection as Select,
        },
      )) as never;
    } catch (error) {
      logger.debug('An error occurred while finding token:', error);
      throw error;
    }
  };

  return { findToken, createToken, updateToken, deleteTokens };
}
