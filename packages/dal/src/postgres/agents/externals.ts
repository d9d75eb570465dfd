/**
 * What AgentMethods reach in groups not on PostgreSQL yet: skill existence (SkillMethods'
 * skills table, upstream filterExistingSkillIds) and code-environment reference leases
 * (CodeEnvironmentMethods, upstream withCodeEnvironmentReference). Skill ids the external registry
 * recognizes need no table; anything needing the missing tables throws
 * NotImplementedOnPostgresError naming the group, never a silently different answer.
 */
import { isValidObjectIdString } from '@librechat/data-schemas';
import { NotImplementedOnPostgresError } from '../../errors.js';
import type { PgContext } from '../context.js';
import type { PgCollection } from '../store/collection.js';

export interface AgentExternals {
  filterExistingSkillIds(skillIds: string[]): Promise<string[]>;
  withCodeEnvironmentReference<T>(environmentId: string | undefined, operation: () => Promise<T>): Promise<T>;
}

export function createAgentExternals(ctx: PgContext): AgentExternals {
  const isExternalSkillId = ctx.deps.isExternalSkillId;
  const skills = (ctx.collections as unknown as Record<string, PgCollection | undefined>).skills;
  return {
    async filterExistingSkillIds(skillIds) {
      const candidates = [...new Set(skillIds.filter(isValidObjectIdString).map((id) => id.toLowerCase()))];
      if (candidates.length === 0) return [];
      const stored = candidates.filter((id) => isExternalSkillId?.(id) !== true);
      let existing = new Set<string>();
      if (stored.length > 0) {
        if (!skills) throw new NotImplementedOnPostgresError('filterExistingSkillIds', 'SkillMethods');
        const docs = await skills.find({ _id: { $in: stored } }, { select: '_id' });
        existing = new Set(docs.map((doc) => String(doc._id)));
      }
      return candidates.filter((id) => existing.has(id) || isExternalSkillId?.(id) === true);
    },
    async withCodeEnvironmentReference(environmentId, operation) {
      if (environmentId == null || environmentId.length === 0) return await operation();
      throw new NotImplementedOnPostgresError('withCodeEnvironmentReference', 'CodeEnvironmentMethods');
    },
  };
}
