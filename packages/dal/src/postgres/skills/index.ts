/** SkillMethods on PostgreSQL (upstream methods/skill.ts), in upstream's control flow. */
import type { SkillMethods } from '@librechat/data-schemas';
import type { PgContext } from '../context.js';
import { createSkillDeletes } from './deletes.js';
import { createSkillFiles } from './files.js';
import { createSkillReads } from './reads.js';
import type { PgSkillDeps } from './types.js';
import { createSkillWrites } from './writes.js';

export type { PgSkillDeps } from './types.js';

export function createSkillMethods(ctx: PgContext, deps: PgSkillDeps): SkillMethods {
  return {
    ...createSkillWrites(ctx),
    ...createSkillReads(ctx),
    ...createSkillDeletes(ctx, deps),
    ...createSkillFiles(ctx),
  } as unknown as SkillMethods;
}
