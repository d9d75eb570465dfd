/** Types of the PostgreSQL skill methods, derived from upstream's SkillMethods. */
import type { SkillMethods } from '@librechat/data-schemas';
import type { ObjectId } from 'bson';

export type M = SkillMethods;
export type FilterQuery<_T> = Record<string, any>;
export type ISkillDocument = any;
export type ISkill = any;
export type ISkillFile = any;
export type ISkillSummary = any;
export type CreateSkillInput = Parameters<M['createSkill']>[0];
export type UpdateSkillInput = Parameters<M['updateSkill']>[0]['update'];
export type GetAuthorSkillByNameParams = Parameters<M['getAuthorSkillByName']>[0];
export type ListSkillsByAccessParams = Parameters<M['listSkillsByAccess']>[0];
export type ListSkillsByAccessResult = Awaited<ReturnType<M['listSkillsByAccess']>>;
export type ListAlwaysApplySkillsParams = Parameters<M['listAlwaysApplySkills']>[0];
export type ListAlwaysApplySkillsResult = Awaited<ReturnType<M['listAlwaysApplySkills']>>;
export type CreateSkillResult = Awaited<ReturnType<M['createSkill']>>;
export type UpdateSkillResult = Awaited<ReturnType<M['updateSkill']>>;
export type DeleteSkillResult = Awaited<ReturnType<M['deleteSkill']>>;
export type DeleteSkillCleanupStep = DeleteSkillResult['failedCleanupSteps'][number];
export type UpsertSkillFileInput = Parameters<M['upsertSkillFile']>[0];
export type SkillFileUpsertResult = {
  value: (ISkillFile & { _id: ObjectId }) | null;
  lastErrorObject?: { updatedExisting?: boolean };
};

export interface PgSkillDeps {
  removeAllPermissions: (params: { resourceType: string; resourceId: unknown }) => Promise<void>;
  getSoleOwnedResourceIds: (userObjectId: any, resourceTypes: string | string[]) => Promise<ObjectId[]>;
}
