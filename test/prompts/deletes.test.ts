import { readAll } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { errorOf, MISSING, SEED_DATES, seedGroup, U1, U2 } from './support.js';

const options = { exactDates: SEED_DATES };
const OWNER = 15;
const VIEW = 1;

/** What is left: groups (name → production prompt id), prompts, ACL entries of prompt groups. */
async function remaining(methods: import('@librechat/dal').AllMethods, dal: import('@librechat/dal').Dal) {
  const groups = (await methods.getAllPromptGroups({})) as Array<Record<string, unknown>>;
  const acl = await readAll(dal, 'aclentries');
  return {
    groups: groups.map((g) => ({ name: g.name, productionId: g.productionId })),
    prompts: ((await methods.getPrompts({})) as Array<Record<string, unknown>>).map((p) => p.prompt),
    acl: acl.map((e) => ({ principalId: e.principalId, resourceId: e.resourceId, permBits: e.permBits })),
  };
}

differential(
  'prompts › deletePromptGroup removes the group, its prompts and its ACL entries',
  async ({ methods, dal }) => {
    const doomed = await seedGroup(dal, { name: 'doomed', prompts: ['d1', 'd2'] });
    const kept = await seedGroup(dal, { name: 'kept', minute: 5 });
    await methods.grantPermission('user', U1, 'promptGroup', doomed._id, OWNER);
    await methods.grantPermission('public', null, 'promptGroup', doomed._id, VIEW);
    await methods.grantPermission('user', U1, 'promptGroup', kept._id, OWNER);
    const deleted = await methods.deletePromptGroup({ _id: doomed._id });
    return {
      deleted,
      left: await remaining(methods, dal),
      again: await methods.deletePromptGroup({ _id: doomed._id }).catch(errorOf),
      malformed: await methods.deletePromptGroup({ _id: 'nope' }).catch(errorOf),
    };
  },
  options,
);

differential(
  'prompts › deletePrompt: a version, the production version (newest remaining takes over), the last one',
  async ({ methods, dal }) => {
    const g = await seedGroup(dal, {
      name: 'versions',
      prompts: ['v1', 'v2', 'v3', 'v4'],
      productionIndex: 1,
    });
    const [v1, v2, v3, v4] = g.prompts as [string, string, string, string];
    await methods.grantPermission('user', U1, 'promptGroup', g._id, OWNER);
    const plain = await methods.deletePrompt({ promptId: v1, groupId: g._id });
    const afterPlain = await remaining(methods, dal);
    const production = await methods.deletePrompt({ promptId: v2, groupId: g._id });
    const afterProduction = await remaining(methods, dal);
    const wrongGroup = await methods.deletePrompt({ promptId: v3, groupId: MISSING }).catch(errorOf);
    const unknown = await methods.deletePrompt({ promptId: MISSING, groupId: g._id }).catch(errorOf);
    await methods.deletePrompt({ promptId: v4, groupId: g._id });
    const last = await methods.deletePrompt({ promptId: v3, groupId: g._id });
    return {
      plain,
      afterPlain,
      production,
      afterProduction,
      wrongGroup,
      unknown,
      last,
      left: await remaining(methods, dal),
    };
  },
  options,
);

differential(
  'prompts › deleteUserPrompts: solely owned and legacy groups go, shared and others’ groups stay',
  async ({ methods, dal }) => {
    const sole = await seedGroup(dal, { name: 'sole', author: U1, minute: 1 });
    const coOwned = await seedGroup(dal, { name: 'co-owned', author: U1, minute: 2 });
    await seedGroup(dal, { name: 'legacy', author: U1, minute: 3 });
    const migratedToOther = await seedGroup(dal, { name: 'migrated to U2', author: U1, minute: 4 });
    const theirs = await seedGroup(dal, { name: 'theirs', author: U2, minute: 5 });
    await methods.grantPermission('user', U1, 'promptGroup', sole._id, OWNER);
    await methods.grantPermission('public', null, 'promptGroup', sole._id, VIEW);
    await methods.grantPermission('user', U1, 'promptGroup', coOwned._id, OWNER);
    await methods.grantPermission('user', U2, 'promptGroup', coOwned._id, OWNER);
    await methods.grantPermission('user', U2, 'promptGroup', migratedToOther._id, OWNER);
    await methods.grantPermission('user', U2, 'promptGroup', theirs._id, OWNER);
    await methods.grantPermission('user', U1, 'promptGroup', theirs._id, VIEW);
    const result = await methods.deleteUserPrompts(U1);
    const afterU1 = await remaining(methods, dal);
    const invalid = await methods.deleteUserPrompts('not-an-id');
    const nothing = await methods.deleteUserPrompts(MISSING);
    return { result, afterU1, invalid, nothing, left: await remaining(methods, dal) };
  },
  { ...options, unordered: true },
);
