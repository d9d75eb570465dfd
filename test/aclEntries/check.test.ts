import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { oid, PERM } from './support.js';

/** A user with a direct grant, a group grant, a role grant and a public grant on one agent. */
async function scene(methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) {
  const user = oid();
  const group = oid();
  const agent = oid();
  const other = oid();
  await methods.grantPermission('user', user, 'agent', agent, PERM.VIEW);
  await methods.grantPermission('group', group, 'agent', agent, PERM.EDIT);
  await methods.grantPermission('role', 'USER', 'agent', agent, PERM.DELETE);
  await methods.grantPermission('public', null, 'agent', other, PERM.VIEW);
  await methods.grantPermission('user', user, 'agent', other, PERM.SHARE | PERM.VIEW);
  await methods.grantPermission('user', oid(), 'agent', agent, 15);
  const principals = [
    { principalType: 'user', principalId: user },
    { principalType: 'role', principalId: 'USER' },
    { principalType: 'group', principalId: group },
    { principalType: 'public' },
  ];
  return { user, group, agent, other, principals };
}

differential('aclEntries › getEffectivePermissions ORs the bits of every principal', async ({ methods }) => {
  const { user, group, agent, other, principals } = await scene(methods);
  return {
    all: await methods.getEffectivePermissions(principals, 'agent', agent),
    userOnly: await methods.getEffectivePermissions(
      [{ principalType: 'user', principalId: user }],
      'agent',
      agent,
    ),
    groupAndPublic: await methods.getEffectivePermissions(
      [{ principalType: 'group', principalId: group }, { principalType: 'public' }],
      'agent',
      other,
    ),
    stringUserId: await methods.getEffectivePermissions(
      [{ principalType: 'user', principalId: user.toString() }],
      'agent',
      agent.toString(),
    ),
    otherType: await methods.getEffectivePermissions(principals, 'promptGroup', agent),
    nothing: await methods.getEffectivePermissions(principals, 'agent', oid()),
    entries: await methods.findEntriesByPrincipalsAndResource(principals, 'agent', agent),
  };
});

differential('aclEntries › hasPermission tests one bit across principals', async ({ methods }) => {
  const { agent, other, principals, user } = await scene(methods);
  const out: Record<string, boolean> = {};
  for (const [name, bit] of Object.entries(PERM)) {
    out[`agent:${name}`] = await methods.hasPermission(principals, 'agent', agent, bit);
    out[`other:${name}`] = await methods.hasPermission(principals, 'agent', other, bit);
  }
  out.combined = await methods.hasPermission(principals, 'agent', agent, PERM.VIEW | PERM.EDIT);
  out.allFour = await methods.hasPermission(principals, 'agent', agent, 15);
  out.zero = await methods.hasPermission(principals, 'agent', agent, 0);
  out.unknownBit = await methods.hasPermission(principals, 'agent', agent, 64);
  out.negative = await methods.hasPermission(principals, 'agent', agent, -1);
  out.userOnlyShare = await methods.hasPermission(
    [{ principalType: 'user', principalId: user }],
    'agent',
    other,
    PERM.SHARE,
  );
  return out;
});

// MongoDB rejects `$or: []` ("$and/$or/$nor must be a nonempty array", BadValue); FerretDB
// treats it as "match everything", so this edge is asserted on PostgreSQL only.
describe('[postgresql] aclEntries › permission checks with an empty principal list', () => {
  test('fail as MongoDB fails on an empty $or', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE aclentries');
    const agent = oid();
    await methods.grantPermission('public', null, 'agent', agent, 15);
    const expected = { name: 'MongoServerError', code: 2, message: '$and/$or/$nor must be a nonempty array' };
    await expect(methods.hasPermission([], 'agent', agent, 1)).rejects.toMatchObject(expected);
    await expect(methods.getEffectivePermissions([], 'agent', agent)).rejects.toMatchObject(expected);
    await expect(methods.findAccessibleResources([], 'agent', 1)).rejects.toMatchObject(expected);
  });
});

differential(
  'aclEntries › a principal without an id matches entries without one',
  async ({ methods, dal }) => {
    const agent = oid();
    await methods.grantPermission('public', null, 'agent', agent, PERM.VIEW);
    await methods.grantPermission('user', oid(), 'agent', agent, PERM.EDIT);
    void dal;
    return {
      userWithoutId: await methods.getEffectivePermissions([{ principalType: 'user' }], 'agent', agent),
      publicWithId: await methods.getEffectivePermissions(
        [{ principalType: 'public', principalId: oid() }],
        'agent',
        agent,
      ),
    };
  },
);

differential(
  'aclEntries › getEffectivePermissionsForResources maps each resource to its OR',
  async ({ methods }) => {
    const { agent, other, principals } = await scene(methods);
    const third = oid();
    await methods.grantPermission('group', principals[2]?.principalId as never, 'agent', third, PERM.EDIT);
    return {
      // Map keys are id strings: listed as values so the normaliser can label them.
      map: [
        ...(await methods.getEffectivePermissionsForResources(principals, 'agent', [
          agent,
          other.toString(),
          third,
          oid(),
        ])),
      ].map(([id, bits]) => ({ id, bits })),
      empty: await methods.getEffectivePermissionsForResources(principals, 'agent', []),
      notArray: await methods.getEffectivePermissionsForResources(principals, 'agent', undefined as never),
      bad: await methods.getEffectivePermissionsForResources(principals, 'agent', ['nope']).catch((e) => e),
    };
  },
);

differential(
  'aclEntries › findAccessibleResources returns distinct resource ids with the bit',
  async ({ methods }) => {
    const { agent, other, principals } = await scene(methods);
    const hidden = oid();
    await methods.grantPermission('user', oid(), 'agent', hidden, 15);
    await methods.grantPermission('public', null, 'promptGroup', hidden, 15);
    return {
      view: await methods.findAccessibleResources(principals, 'agent', PERM.VIEW),
      edit: await methods.findAccessibleResources(principals, 'agent', PERM.EDIT),
      share: await methods.findAccessibleResources(principals, 'agent', PERM.SHARE),
      bounded: await methods.findAccessibleResources(principals, 'agent', PERM.VIEW, [other, hidden]),
      emptyBound: await methods.findAccessibleResources(principals, 'agent', PERM.VIEW, []),
      invalidBit: await methods.findAccessibleResources(principals, 'agent', 1.5),
      readPrimary: await methods.findAccessibleResources(principals, 'agent', PERM.DELETE, undefined, true),
      publicOnly: await methods.findAccessibleResources(
        [{ principalType: 'public' }],
        'promptGroup',
        PERM.EDIT,
      ),
      agentIsFirst: [agent, other].map(String),
    };
  },
  { unordered: true },
);

differential(
  'aclEntries › findPublicResourceIds lists resources shared publicly with the bits',
  async ({ methods }) => {
    const a = oid();
    const b = oid();
    const c = oid();
    await methods.grantPermission('public', null, 'mcpServer', a, PERM.VIEW);
    await methods.grantPermission('public', null, 'mcpServer', b, PERM.VIEW | PERM.EDIT);
    await methods.grantPermission('public', null, 'agent', c, 15);
    await methods.grantPermission('user', oid(), 'mcpServer', c, 15);
    return {
      view: await methods.findPublicResourceIds('mcpServer', PERM.VIEW),
      edit: await methods.findPublicResourceIds('mcpServer', PERM.EDIT),
      bounded: await methods.findPublicResourceIds('mcpServer', PERM.VIEW, [b, c]),
      emptyBound: await methods.findPublicResourceIds('mcpServer', PERM.VIEW, []),
      none: await methods.findPublicResourceIds('skill', PERM.VIEW),
      ids: [a, b, c],
    };
  },
  { unordered: true },
);

differential(
  'aclEntries › getSoleOwnedResourceIds keeps resources nobody else can delete',
  async ({ methods }) => {
    const owner = oid();
    const coOwner = oid();
    const group = oid();
    const [solo, shared, groupShared, viewOnly, roleShared, otherType] = [
      oid(),
      oid(),
      oid(),
      oid(),
      oid(),
      oid(),
    ];
    await methods.grantPermission('user', owner, 'agent', solo, 15);
    await methods.grantPermission('user', owner, 'agent', shared, 15);
    await methods.grantPermission('user', coOwner, 'agent', shared, 7);
    await methods.grantPermission('user', owner, 'agent', groupShared, 15);
    await methods.grantPermission('group', group, 'agent', groupShared, PERM.DELETE);
    await methods.grantPermission('user', owner, 'agent', viewOnly, 15);
    await methods.grantPermission('user', coOwner, 'agent', viewOnly, PERM.VIEW | PERM.EDIT);
    await methods.grantPermission('user', owner, 'promptGroup', roleShared, 15);
    await methods.grantPermission('role', 'ADMIN', 'promptGroup', roleShared, 15);
    await methods.grantPermission('user', owner, 'skill', otherType, 15);
    await methods.grantPermission('user', coOwner, 'skill', otherType, 15);
    await methods.grantPermission('user', owner, 'mcpServer', oid(), PERM.VIEW);
    return {
      agents: await methods.getSoleOwnedResourceIds(owner, 'agent'),
      several: await methods.getSoleOwnedResourceIds(owner, ['agent', 'promptGroup', 'skill', 'mcpServer']),
      coOwner: await methods.getSoleOwnedResourceIds(coOwner, ['agent', 'skill']),
      nobody: await methods.getSoleOwnedResourceIds(oid(), 'agent'),
      ids: { solo, viewOnly },
    };
  },
);

differential(
  'aclEntries › distinct resource ids come back in id order, not insertion order',
  async ({ methods }) => {
    const ids = [oid(), oid(), oid(), oid()];
    for (const id of [...ids].reverse())
      await methods.grantPermission('public', null, 'skill', id, PERM.VIEW);
    return {
      ids,
      accessible: await methods.findAccessibleResources([{ principalType: 'public' }], 'skill', PERM.VIEW),
      public: await methods.findPublicResourceIds('skill', PERM.VIEW),
    };
  },
);

// Upstream's ACL reads apply no expiredAt filter: MongoDB's TTL monitor (expireAfterSeconds 0)
// deletes an expired grant, and until then it counts. PostgreSQL reads behave the same; the
// maintenance sweeper plays the TTL monitor's part.
differential(
  'aclEntries › grants with expiredAt: reads do not filter them, as upstream',
  async ({ methods }) => {
    const user = oid();
    const agent = oid();
    const principals = [{ principalType: 'user', principalId: user }];
    await methods.grantPermission(
      'user',
      user,
      'agent',
      agent,
      PERM.VIEW,
      undefined,
      undefined,
      undefined,
      new Date(Date.now() + 3_600_000),
    );
    const future = await methods.getEffectivePermissions(principals, 'agent', agent);
    await methods.grantPermission(
      'user',
      user,
      'agent',
      agent,
      PERM.EDIT,
      undefined,
      undefined,
      undefined,
      new Date(Date.now() - 1_000),
    );
    return {
      future,
      lapsed: await methods.getEffectivePermissions(principals, 'agent', agent),
      entries: await methods.findEntriesByPrincipal('user', user),
    };
  },
);
