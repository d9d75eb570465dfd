/**
 * Deleting a skill prunes agent allowlists, proven on PostgreSQL: FerretDB ignores upstream's
 * `$pull: { skills: { $in } }` on a string array without an error (test/README.md), so the
 * differential tests cannot compare it. Untenanted name uniqueness likewise (FerretDB's compound
 * unique index skips missing fields; upstream's own pre-check hides it there).
 */
import { describe, expect, test } from 'vitest';
import { fileDal, resetDal } from '../harness/index.js';
import { agentSkills, createSkills, insertDoc, skill, U1 } from './support.js';

describe('[postgresql] skills › what FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('deleteSkill prunes agent allowlists (uppercase ids too); a wholly deleted legacy allowlist disables skills', async () => {
    await resetDal(dal);
    const [a, b, c] = await createSkills(methods, ['a-skill', 'b-skill', 'c-skill']);
    const A = String(a!._id);
    const B = String(b!._id);
    const C = String(c!._id);
    const agent = (id: string, skills: string[], extra: Record<string, unknown> = {}) =>
      insertDoc(dal, 'Agent', 'agents', {
        id,
        name: id,
        provider: 'openAI',
        model: 'gpt-4o',
        author: U1,
        skills,
        skills_enabled: true,
        ...extra,
      });
    await agent('agent_1_only_a', [A]);
    await agent('agent_2_a_and_b', [A, B]);
    await agent('agent_3_selected', [A], { skills_scope: 'selected' });
    await agent('agent_4_none_scope', [A], { skills_scope: 'none' });
    await agent('agent_5_other', [C]);
    const before = (await agentSkills(dal)) as Array<{ updatedAt: Date }>;

    const result = await methods.deleteSkill(A.toUpperCase());
    expect(result).toEqual({
      deleted: true,
      skillAbsent: true,
      cleanupComplete: true,
      failedCleanupSteps: [],
    });
    const after = (await agentSkills(dal)) as Array<{
      id: string;
      skills: string[];
      skills_enabled: boolean;
      updatedAt: Date;
    }>;
    expect(after.map(({ id, skills, skills_enabled }) => ({ id, skills, skills_enabled }))).toEqual([
      { id: 'agent_1_only_a', skills: [], skills_enabled: false },
      { id: 'agent_2_a_and_b', skills: [B], skills_enabled: true },
      { id: 'agent_3_selected', skills: [], skills_enabled: true },
      { id: 'agent_4_none_scope', skills: [], skills_enabled: false },
      { id: 'agent_5_other', skills: [C], skills_enabled: true },
    ]);
    // Hygiene, not an authored edit: timestamps untouched.
    expect(after.map((r) => r.updatedAt)).toEqual(before.map((r) => r.updatedAt));
  });

  test('an untenanted skill name is unique per author in the database too (E11000 on the unique index)', async () => {
    await resetDal(dal);
    const { skill: created } = await methods.createSkill(skill('unique-one') as never);
    const error = await dal.engine
      .collections!.skills.create({ ...created, _id: undefined })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000, keyPattern: { name: 1, author: 1, tenantId: 1 } });
    await expect(methods.createSkill(skill('unique-one') as never)).rejects.toMatchObject({
      code: 11000,
      message: 'A skill with name "unique-one" already exists for this author',
    });
  });
});
