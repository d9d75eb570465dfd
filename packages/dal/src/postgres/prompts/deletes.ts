/**
 * Deletes (upstream methods/prompt.ts): deletePromptGroup, deletePrompt (the group goes with its
 * last prompt; a deleted production prompt hands over to the newest remaining one) and
 * deleteUserPrompts (solely owned groups plus legacy author-only groups without ACL entries).
 */
import type { PromptMethods } from '@librechat/data-schemas';
import { logger } from '@librechat/data-schemas';
import { ResourceType } from 'librechat-data-provider';
import type { Types } from 'mongoose';
import type { PgContext } from '../context.js';
import type { PromptAclDeps } from './deps.js';

type DeleteMethods = Pick<PromptMethods, 'deletePromptGroup' | 'deletePrompt' | 'deleteUserPrompts'>;

export function createPromptDeletes(
  ctx: PgContext,
  acl: PromptAclDeps,
  invalidatePromptGroupAccessContext: PromptMethods['invalidatePromptGroupAccessContext'],
): DeleteMethods {
  const { promptgroups, prompts, aclentries } = ctx.collections;
  const ObjectId = ctx.shaper.mongoose.Types.ObjectId;

  const deletePromptGroup: DeleteMethods['deletePromptGroup'] = async ({ _id }) => {
    const query: Record<string, unknown> = { _id };
    const groupQuery: Record<string, unknown> = { groupId: new ObjectId(_id) };
    const response = await promptgroups.deleteOne(query);
    if (!response || response.deletedCount === 0) {
      throw new Error('Prompt group not found');
    }
    await prompts.deleteMany(groupQuery);
    try {
      await acl.removeAllPermissions({ resourceType: ResourceType.PROMPTGROUP, resourceId: _id });
    } catch (error) {
      logger.error('Error removing promptGroup permissions:', error);
    }
    await invalidatePromptGroupAccessContext();
    return { message: 'Prompt group deleted successfully' };
  };

  const deletePrompt: DeleteMethods['deletePrompt'] = async ({ promptId, groupId }) => {
    const { deletedCount } = await prompts.deleteOne({ _id: promptId, groupId });
    if (deletedCount === 0) {
      throw new Error('Failed to delete the prompt');
    }
    const remainingPrompts = await prompts.find({ groupId }, { select: '_id', sort: { createdAt: 1 } });
    if (remainingPrompts.length === 0) {
      try {
        await acl.removeAllPermissions({ resourceType: ResourceType.PROMPTGROUP, resourceId: groupId });
      } catch (error) {
        logger.error('Error removing promptGroup permissions:', error);
      }
      await promptgroups.deleteOne({ _id: groupId });
      await invalidatePromptGroupAccessContext();
      return {
        prompt: 'Prompt deleted successfully',
        promptGroup: { message: 'Prompt group deleted successfully', id: groupId },
      };
    }
    const promptGroup = await promptgroups.findOne({ _id: groupId });
    if (promptGroup && promptGroup.productionId?.toString() === promptId.toString()) {
      await promptgroups.updateOne(
        { _id: groupId },
        { productionId: remainingPrompts[remainingPrompts.length - 1]?._id },
      );
    }
    return { prompt: 'Prompt deleted successfully' };
  };

  const deleteUserPrompts: DeleteMethods['deleteUserPrompts'] = async (userId) => {
    try {
      const userObjectId = new ObjectId(userId);
      const soleOwnedIds = await acl.getSoleOwnedResourceIds(userObjectId, ResourceType.PROMPTGROUP);
      const authoredGroups = await promptgroups.find({ author: userObjectId }, { select: '_id' });
      const authoredGroupIds = authoredGroups.map((g) => g._id as Types.ObjectId);
      const migratedEntries =
        authoredGroupIds.length > 0
          ? await aclentries.find(
              { resourceType: ResourceType.PROMPTGROUP, resourceId: { $in: authoredGroupIds } },
              { select: 'resourceId' },
            )
          : [];
      const migratedIds = new Set(migratedEntries.map((e) => String(e.resourceId)));
      const legacyGroupIds = authoredGroupIds.filter((id) => !migratedIds.has(id.toString()));
      const allGroupIdsToDelete = [...soleOwnedIds, ...legacyGroupIds];
      if (allGroupIdsToDelete.length === 0) {
        return;
      }
      await aclentries.deleteMany({
        resourceType: ResourceType.PROMPTGROUP,
        resourceId: { $in: allGroupIdsToDelete },
      });
      await promptgroups.deleteMany({ _id: { $in: allGroupIdsToDelete } });
      await prompts.deleteMany({ groupId: { $in: allGroupIdsToDelete } });
      await invalidatePromptGroupAccessContext();
    } catch (error) {
      logger.error('[deleteUserPrompts] General error:', error);
    }
  };

  return { deletePromptGroup, deletePrompt, deleteUserPrompts };
}
