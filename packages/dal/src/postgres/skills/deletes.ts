/** Deleting skills: files, ACL entries and agent allowlists (upstream methods/skill.ts). */
import { isValidObjectIdString, logger } from '@librechat/data-schemas';

import { ObjectId } from 'bson';
import { ResourceType, SkillsScope } from 'librechat-data-provider';
import type { PgContext } from '../context.js';
import { withTransaction } from '../pool.js';
import type { DeleteSkillCleanupStep, DeleteSkillResult, PgSkillDeps } from './types.js';

export function createSkillDeletes(ctx: PgContext, deps: PgSkillDeps) {
  const skillsTable = ctx.collections.skills;
  const skillFiles = ctx.collections.skillfiles;

  /**
   * Upstream's `Agent.updateMany({ skills: { $in: ids, $not: { $elemMatch: { $nin: ids } } }, … },
   * { $set: { skills: [], skills_enabled: false } }, { timestamps: false })`: the rows are locked
   * and the "every entry is being deleted" condition checked on them, in one transaction.
   */
  async function pruneWholeAllowlists(ids: string[], filter: Record<string, unknown>): Promise<void> {
    const agents = ctx.collections.agents;
    await withTransaction(ctx.pool, async (client) => {
      const rows = await agents.findRaw(filter, { forUpdate: true }, client);
      const whole = rows.filter((row) =>
        ((row.skills as string[] | undefined) ?? []).every((s) => ids.includes(s)),
      );
      if (whole.length === 0) return;
      await agents.updateMany(
        { _id: { $in: whole.map((row) => row._id) } },
        { $set: { skills: [], skills_enabled: false } },
        { timestamps: false },
        client,
      );
    });
  }

  /**
   * Removes deleted skill ids from every agent's `skills` allowlist. A dangling
   * id is invisible in the builder yet keeps the allowlist non-empty, so the
   * runtime scopes the catalog to an empty intersection and the agent silently
   * loses all skills. Direct `updateMany` on purpose: hygiene, not an authored
   * edit — no version entry, timestamps untouched.
   *
   * Ids are lowercased first: allowlists store canonical `_id.toString()`
   * values, and an uppercase-but-valid id would delete the Skill doc yet
   * leave the dangling entry behind.
   *
   * Agents whose ENTIRE allowlist is being deleted fail closed instead:
   * an emptied allowlist with `skills_enabled: true` means the full
   * accessible catalog at runtime, so a plain `$pull` would silently widen
   * a deliberately restricted agent. Disabling skills preserves the
   * restriction until an author makes a new explicit choice.
   *
   * That inference only applies to agents with no explicit `skills_scope`.
   * With a scope persisted, the field already says what an empty allowlist
   * means -- `selected` resolves to no skills on its own, and `all` means the
   * full catalog on purpose -- so disabling them would turn skills off behind
   * the author's back.
   */
  async function removeSkillsFromAgentAllowlists(skillIds: string[]): Promise<boolean> {
    if (skillIds.length === 0) {
      return true;
    }
    const ids = skillIds.map((id) => id.toLowerCase());
    try {
      await pruneWholeAllowlists(ids, {
        skills: { $in: ids },
        /** Only `all` and `selected` opt out: each already defines what an
         *  empty allowlist means. A missing field (matched here because
         *  `$nin` also matches absent) is the legacy shape, and an explicit
         *  `none` with the master flag still true is a contradictory shape
         *  the API accepts, which `skillDeps` would otherwise keep reading
         *  as permission to expose the skill-authoring tools. */
        skills_scope: { $nin: [SkillsScope.all, SkillsScope.selected] },
      });
      await ctx.collections.agents.updateMany(
        { skills: { $in: ids } },
        { $pull: { skills: { $in: ids } } },
        { timestamps: false },
      );
      return true;
    } catch (error) {
      logger.error('[removeSkillsFromAgentAllowlists] Error pruning agent skill allowlists:', error);
      return false;
    }
  }

  async function deleteSkill(id: string): Promise<DeleteSkillResult> {
    if (!isValidObjectIdString(id)) {
      return {
        deleted: false,
        skillAbsent: false,
        cleanupComplete: false,
        failedCleanupSteps: [],
      };
    }
    const objectId = new ObjectId(id);
    const res = await skillsTable.deleteOne({ _id: objectId });
    const failedCleanupSteps: DeleteSkillCleanupStep[] = [];
    const allowlistsRemoved = await removeSkillsFromAgentAllowlists([id]);
    if (!allowlistsRemoved) {
      failedCleanupSteps.push('agent_allowlists');
    }

    const [filesResult, permissionsResult] = await Promise.allSettled([
      skillFiles.deleteMany({ skillId: objectId }),
      deps.removeAllPermissions({ resourceType: ResourceType.SKILL, resourceId: id }),
    ]);
    if (filesResult.status === 'rejected') {
      failedCleanupSteps.push('skill_files');
      logger.error(`[deleteSkill] Error removing files for ${id}:`, filesResult.reason);
    }
    if (permissionsResult.status === 'rejected') {
      failedCleanupSteps.push('permissions');
      logger.error(`[deleteSkill] Error removing permissions for ${id}:`, permissionsResult.reason);
    }

    return {
      deleted: Boolean(res.deletedCount),
      skillAbsent: true,
      cleanupComplete: failedCleanupSteps.length === 0,
      failedCleanupSteps,
    };
  }

  async function deleteUserSkills(userId: ObjectId | string): Promise<number> {
    const userObjectId = typeof userId === 'string' ? new ObjectId(userId) : userId;
    const soleOwned = await deps.getSoleOwnedResourceIds(userObjectId, ResourceType.SKILL);
    if (soleOwned.length === 0) {
      return 0;
    }
    await skillFiles.deleteMany({ skillId: { $in: soleOwned } });
    const res = await skillsTable.deleteMany({ _id: { $in: soleOwned } });
    await removeSkillsFromAgentAllowlists(soleOwned.map((rid) => rid.toString()));
    await Promise.allSettled(
      soleOwned.map((rid) =>
        deps
          .removeAllPermissions({
            resourceType: ResourceType.SKILL,
            resourceId: rid.toString(),
          })
          .catch((error) => logger.error(`[deleteUserSkills] Error removing permissions for ${rid}:`, error)),
      ),
    );
    return res.deletedCount ?? 0;
  }

  return { deleteSkill, deleteUserSkills };
}
