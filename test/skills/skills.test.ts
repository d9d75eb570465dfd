/** Creating, reading, listing and updating skills. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { createSkills, failure, skill, U1, U2 } from './support.js';

differential(
  'skills › createSkill stores a skill with derived columns; warnings; validation and duplicate errors',
  async ({ methods }) => {
    const full = await methods.createSkill(
      skill('pdf-tools', {
        displayTitle: 'PDF tools',
        body: '---\nname: pdf-tools\nalways-apply: "true" # pinned\n---\nRead PDFs.',
        frontmatter: { 'Allowed-Tools': ['read_file'], 'disable-model-invocation': true, custom: 1 },
        category: 'docs',
        sourceMetadata: { note: 'x' },
      }) as never,
    );
    const short = await methods.createSkill(skill('short', { description: 'Tiny' }) as never);
    const attempt = (input: Record<string, unknown>) => methods.createSkill(input as never).catch(failure);
    return {
      full,
      short,
      explicit: await methods.createSkill(
        skill('explicit', { alwaysApply: false, frontmatter: { 'always-apply': true } }) as never,
      ),
      invalid: await attempt(
        skill('Claude-X', { description: '', displayTitle: 'x'.repeat(200), alwaysApply: 'yes' }),
      ),
      reserved: await attempt(skill('help')),
      badBody: await attempt(skill('bad-body', { body: '---\nalways-apply: tru\n---\n' })),
      duplicate: await attempt(skill('pdf-tools')),
      otherAuthor: (await methods.createSkill(skill('pdf-tools', { author: U2 }) as never)).skill.author,
      otherTenant: (
        await inTenant('t1', () => methods.createSkill(skill('pdf-tools', { tenantId: 't1' }) as never))
      ).skill.tenantId,
    };
  },
);

differential(
  'skills › getSkillById, getSkillByName (preferences) and getAuthorSkillByName',
  async ({ methods }) => {
    const [a, b, c] = await createSkills(methods, ['alpha', 'beta', 'gamma']);
    const dupe = (
      await methods.createSkill(
        skill('alpha', {
          author: U2,
          frontmatter: { 'user-invocable': false, 'disable-model-invocation': true },
        }) as never,
      )
    ).skill;
    const ids = [a!._id, b!._id, c!._id, dupe._id];
    return {
      byId: await methods.getSkillById(String(a!._id)),
      byObjectId: (await methods.getSkillById(b!._id))?.name,
      invalid: await methods.getSkillById('nope'),
      unknown: await methods.getSkillById('6a00000000000000000000ff'),
      newest: (await methods.getSkillByName('alpha', ids))?._id,
      userInvocable: (await methods.getSkillByName('alpha', ids, { preferUserInvocable: true }))?._id,
      modelInvocable: (await methods.getSkillByName('alpha', ids, { preferModelInvocable: true }))?._id,
      onlyDupe: (await methods.getSkillByName('alpha', [dupe._id], { preferUserInvocable: true }))?._id,
      notAccessible: await methods.getSkillByName('beta', [a!._id]),
      noneWithPreference: await methods.getSkillByName('beta', [], { preferModelInvocable: true }),
      byAuthor: (await methods.getAuthorSkillByName({ name: 'alpha', author: U2 } as never))?._id,
      byAuthorMissing: await methods.getAuthorSkillByName({
        name: 'alpha',
        author: U1,
        tenantId: 't9',
      } as never),
    };
  },
);

differential(
  'skills › listSkillsByAccess pages by updatedAt with a cursor; category, search and tenant management',
  async ({ methods }) => {
    const made = await createSkills(methods, ['one', 'two', 'three', 'four', 'five'], { category: 'c1' });
    await createSkills(methods, ['six-search'], { category: 'c2', displayTitle: 'Needle' });
    await inTenant('t1', () => methods.createSkill(skill('tenant-one', { tenantId: 't1' }) as never));
    const ids = made.map((s) => s!._id);
    const first = await methods.listSkillsByAccess({ accessibleIds: ids, limit: 2 } as never);
    const second = await methods.listSkillsByAccess({
      accessibleIds: ids,
      limit: 2,
      cursor: first.after,
    } as never);
    const third = await methods.listSkillsByAccess({
      accessibleIds: ids,
      limit: 2,
      cursor: second.after,
    } as never);
    const names = (r: { skills: Array<{ name: string }> }) => r.skills.map((s) => s.name);
    const allIds = [...ids];
    return {
      first: { ...first, after: typeof first.after },
      second: names(second),
      third: { names: names(third), has_more: third.has_more, after: third.after },
      badCursor: names(
        await methods.listSkillsByAccess({ accessibleIds: ids, limit: 2, cursor: 'garbage' } as never),
      ),
      category: names(await methods.listSkillsByAccess({ accessibleIds: allIds, category: 'c2' } as never)),
      search: names(await methods.listSkillsByAccess({ accessibleIds: allIds, search: 'T(' } as never)),
      searchDescription: names(
        await methods.listSkillsByAccess({ accessibleIds: allIds, search: 'ABOUT THREE' } as never),
      ),
      manage: names(
        await inTenant('t1', () =>
          methods.listSkillsByAccess({ accessibleIds: [], manageTenantId: 't1' } as never),
        ),
      ),
      clamp: (await methods.listSkillsByAccess({ accessibleIds: ids, limit: 0 } as never)).skills.length,
    };
  },
);

differential(
  'skills › listAlwaysApplySkills returns pinned skills with their body, paged',
  async ({ methods }) => {
    const pinned = await createSkills(methods, ['p1', 'p2', 'p3'], {
      alwaysApply: true,
      body: 'Body',
      frontmatter: { 'allowed-tools': 'x' },
    });
    const [plain] = await createSkills(methods, ['plain']);
    const ids = [...pinned.map((s) => s!._id), plain!._id];
    const first = await methods.listAlwaysApplySkills({ accessibleIds: ids, limit: 2 } as never);
    return {
      first: { ...first, after: typeof first.after },
      rest: await methods.listAlwaysApplySkills({
        accessibleIds: ids,
        limit: 2,
        cursor: first.after,
      } as never),
      none: await methods.listAlwaysApplySkills({ accessibleIds: [] } as never),
    };
  },
);

differential(
  'skills › updateSkill: optimistic versions, derived columns follow frontmatter and body, errors',
  async ({ methods }) => {
    const { skill: created } = await methods.createSkill(
      skill('editable', {
        frontmatter: { 'disable-model-invocation': true, 'allowed-tools': ['a'] },
        alwaysApply: true,
      }) as never,
    );
    const id = String(created._id);
    const v2 = await methods.updateSkill({
      id,
      expectedVersion: 1,
      update: { displayTitle: 'Edited', category: 'new', frontmatter: { 'user-invocable': false } } as never,
    });
    const conflict = await methods.updateSkill({
      id,
      expectedVersion: 1,
      update: { name: 'other' } as never,
    });
    const bodyOff = await methods.updateSkill({
      id,
      expectedVersion: 2,
      update: { body: 'no frontmatter at all' } as never,
    });
    const bodyOn = await methods.updateSkill({
      id,
      expectedVersion: 3,
      update: { body: '---\nalwaysApply: TRUE\n---\nx' } as never,
    });
    const invalid = await methods
      .updateSkill({ id, expectedVersion: 4, update: { name: 'Bad Name', alwaysApply: null } as never })
      .catch(failure);
    return {
      v2,
      conflict,
      bodyOff: bodyOff.status === 'updated' ? bodyOff.skill.alwaysApply : bodyOff,
      bodyOn: bodyOn.status === 'updated' ? [bodyOn.skill.alwaysApply, bodyOn.skill.version] : bodyOn,
      invalid,
      notFound: await methods.updateSkill({
        id: '6a00000000000000000000ff',
        expectedVersion: 1,
        update: {} as never,
      }),
      badId: await methods.updateSkill({ id: 'x', expectedVersion: 1, update: {} as never }),
    };
  },
);

differential('skills › findSkillBySourceIdentity and listSkillsBySource', async ({ methods }) => {
  const github = (n: number, extra: Record<string, unknown> = {}) =>
    skill(`gh-${n}`, {
      source: 'github',
      sourceMetadata: { sourceId: 'src-1', upstreamId: `up-${n}` },
      ...extra,
    });
  await methods.createSkill(github(1) as never);
  await methods.createSkill(github(2) as never);
  await inTenant('t1', () => methods.createSkill(github(3, { tenantId: 't1' }) as never));
  await methods.createSkill(skill('inline-one') as never);
  return {
    found: (await methods.findSkillBySourceIdentity({ source: 'github', upstreamId: 'up-1' }))?.name,
    otherTenant: await methods.findSkillBySourceIdentity({ source: 'github', upstreamId: 'up-3' }),
    inTenant: (
      await inTenant('t1', () =>
        methods.findSkillBySourceIdentity({ source: 'github', upstreamId: 'up-3', tenantId: 't1' }),
      )
    )?.name,
    missing: await methods.findSkillBySourceIdentity({ source: 'notion', upstreamId: 'up-1' }),
    bySource: (await methods.listSkillsBySource({ source: 'github', sourceId: 'src-1' }))
      .map((s) => s.name)
      .sort(),
  };
});
