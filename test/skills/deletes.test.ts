/** Deleting skills: files, grants, a deleted user's sole-owned skills. */
import { differential } from '../harness/index.js';
import { createSkills, grantOwner, U1, U2 } from './support.js';

const file = (skillId: unknown, relativePath: string) => ({
  skillId,
  relativePath,
  file_id: `f-${relativePath}`,
  filename: relativePath.split('/').pop(),
  filepath: `/files/${relativePath}`,
  source: 'local',
  mimeType: 'text/plain',
  bytes: 10,
  author: U1,
});

differential(
  'skills › deleteSkill removes the skill, its files and grants; retries and bad ids',
  async ({ methods, dal }) => {
    const [a, b] = await createSkills(methods, ['doomed', 'kept']);
    await methods.upsertSkillFile(file(a!._id, 'scripts/run.sh') as never);
    await methods.upsertSkillFile(file(b!._id, 'notes.md') as never);
    await grantOwner(dal, U1, a!._id);
    await grantOwner(dal, U1, b!._id);
    const deleted = await methods.deleteSkill(String(a!._id));
    return {
      deleted,
      again: await methods.deleteSkill(String(a!._id)),
      bad: await methods.deleteSkill('bad'),
      files: (await methods.listSkillFiles(a!._id)).length,
      keptFiles: (await methods.listSkillFiles(String(b!._id))).map((f) => f.relativePath),
      grants: (await methods.findEntriesByResource?.('skill', a!._id))?.length,
      keptGrants: (await methods.findEntriesByResource?.('skill', b!._id))?.length,
    };
  },
);

differential(
  'skills › deleteUserSkills deletes only skills the user solely owns',
  async ({ methods, dal }) => {
    const [solo, shared, foreign] = await createSkills(methods, ['solo', 'shared', 'foreign']);
    await grantOwner(dal, U1, solo!._id);
    await grantOwner(dal, U1, shared!._id);
    await grantOwner(dal, U2, shared!._id);
    await grantOwner(dal, U2, foreign!._id);
    await methods.upsertSkillFile(file(solo!._id, 'a.txt') as never);
    return {
      deleted: await methods.deleteUserSkills(String(U1)),
      left: (
        await methods.listSkillsByAccess({ accessibleIds: [solo!._id, shared!._id, foreign!._id] } as never)
      ).skills.map((s) => s.name),
      soloFiles: (await methods.listSkillFiles(solo!._id)).length,
      soloGrants: (await methods.findEntriesByResource?.('skill', solo!._id))?.length,
      none: await methods.deleteUserSkills(U2.toHexString().replace('2', '9')),
    };
  },
);
