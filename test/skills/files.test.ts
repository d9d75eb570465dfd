/** A skill's files: upsert (file count and version), list, read, content, code environment refs. */
import { differential } from '../harness/index.js';
import { createSkills, failure, U1 } from './support.js';

const file = (skillId: unknown, relativePath: string, extra: Record<string, unknown> = {}) => ({
  skillId,
  relativePath,
  file_id: `f-${relativePath}`,
  filename: relativePath.split('/').pop(),
  filepath: `/files/${relativePath}`,
  source: 'local',
  mimeType: 'text/plain',
  bytes: 10,
  author: U1,
  ...extra,
});

differential(
  'skills › upsertSkillFile inserts and replaces, bumping version and fileCount; listing, reading, deleting',
  async ({ methods }) => {
    const [s] = await createSkills(methods, ['with-files']);
    const id = s!._id;
    const inserted = await methods.upsertSkillFile(
      file(id, 'scripts/run.py', { isExecutable: true }) as never,
    );
    await methods.upsertSkillFile(file(String(id), 'references/guide.md') as never);
    await methods.updateSkillFileContent(id, 'references/guide.md', { content: '# Guide', isBinary: false });
    const withContent = await methods.getSkillFileByPath(id, 'references/guide.md');
    const replaced = await methods.upsertSkillFile(
      file(id, 'references/guide.md', { bytes: 99, storageKey: 'k' }) as never,
    );
    const afterUpserts = await methods.getSkillById(id);
    const listed = await methods.listSkillFiles(id);
    const removed = await methods.deleteSkillFile(id, 'scripts/run.py');
    const missing = await methods.deleteSkillFile(id, 'scripts/run.py');
    return {
      inserted,
      withContent,
      replaced,
      counts: [afterUpserts?.fileCount, afterUpserts?.version],
      listed,
      removed,
      missing,
      final: await methods.getSkillById(id).then((x) => [x?.fileCount, x?.version]),
      absent: await methods.getSkillFileByPath(id, 'nope.txt'),
      updateMissing: await methods.updateSkillFileContent(id, 'nope.txt', { content: 'x' }),
    };
  },
);

differential('skills › upsertSkillFile validates the relative path and the schema', async ({ methods }) => {
  const [s] = await createSkills(methods, ['strict']);
  const attempt = (input: Record<string, unknown>) => methods.upsertSkillFile(input as never).catch(failure);
  return [
    await attempt(file(s!._id, '../escape.sh')),
    await attempt(file(s!._id, 'SKILL.md')),
    await attempt(file(s!._id, '/abs/path')),
    await attempt(file(s!._id, 'ok.txt', { mimeType: undefined })),
    await methods.getSkillById(s!._id).then((x) => [x?.fileCount, x?.version]),
  ];
});

differential('skills › updateSkillFileCodeEnvIds stores the ref under its route key', async ({ methods }) => {
  const [s] = await createSkills(methods, ['coded']);
  await methods.upsertSkillFile(file(s!._id, 'a.py') as never);
  await methods.upsertSkillFile(file(s!._id, 'b.py') as never);
  const ref = (id: string, extra: Record<string, unknown> = {}) =>
    ({ kind: 'skill', id, storage_session_id: 'sess', file_id: `cf-${id}`, ...extra }) as never;
  const result = await methods.updateSkillFileCodeEnvIds([
    { skillId: s!._id, relativePath: 'a.py', codeEnvRef: ref('a') },
    { skillId: String(s!._id), relativePath: 'b.py', codeEnvRef: ref('b', { executionProfile: 'stateful' }) },
    { skillId: s!._id, relativePath: 'b.py', codeEnvRef: ref('b2', { executionRouteKey: 'stateful:abc' }) },
    { skillId: s!._id, relativePath: 'missing.py', codeEnvRef: ref('m') },
  ]);
  return {
    result,
    none: await methods.updateSkillFileCodeEnvIds([]),
    a: await methods.getSkillFileByPath(s!._id, 'a.py'),
    b: await methods.getSkillFileByPath(s!._id, 'b.py'),
  };
});
