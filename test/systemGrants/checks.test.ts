import { differential } from '../harness/index.js';
import { GROUP_ID, grantView, principals, USER_ID } from './support.js';

type Methods = Parameters<Parameters<typeof differential>[1]>[0]['methods'];

/** A small set of grants: a user, a group, two roles; platform-level and per tenant. */
async function grants(methods: Methods) {
  const g = (principalType: string, principalId: string, capability: string, tenantId?: string) =>
    methods.grantCapability({
      principalType: principalType as never,
      principalId,
      capability: capability as never,
      tenantId,
    });
  await g('user', USER_ID, 'manage:users');
  await g('group', GROUP_ID, 'read:agents', 'acme');
  await g('role', 'editor', 'manage:configs:endpoints');
  await g('role', 'editor', 'read:prompts');
  await g('role', 'viewer', 'read:configs:interface', 'acme');
  await g('role', 'auditor', 'read:audit_log', 'globex');
}

differential(
  'systemGrants › hasCapabilityForPrincipals: direct, implied, section and tenant grants',
  async ({ methods }) => {
    await grants(methods);
    const has = (capability: string, role = 'ADMIN', tenantId?: string) =>
      methods.hasCapabilityForPrincipals({
        principals: principals(role),
        capability: capability as never,
        tenantId,
      });
    return {
      direct: await has('manage:users'),
      impliedRead: await has('read:users'),
      notHeld: await has('manage:groups'),
      sectionByParent: await has('manage:configs:endpoints', 'editor'),
      readSectionByManageSection: await has('read:configs:endpoints', 'editor'),
      otherSection: await has('manage:configs:interface', 'editor'),
      broadFromSection: await has('manage:configs', 'editor'),
      groupPlatform: await has('read:agents'),
      groupInTenant: await has('read:agents', 'ADMIN', 'acme'),
      platformInTenant: await has('manage:users', 'ADMIN', 'acme'),
      otherTenant: await has('read:configs:interface', 'viewer', 'globex'),
      viewerAcme: await has('read:configs:interface', 'viewer', 'acme'),
      publicOnly: await methods.hasCapabilityForPrincipals({
        principals: [{ principalType: 'public' }] as never,
        capability: 'manage:users',
      }),
      noIds: await methods.hasCapabilityForPrincipals({
        principals: [{ principalType: 'user' }, { principalType: 'role', principalId: null }] as never,
        capability: 'manage:users',
      }),
      stringUserId: await methods.hasCapabilityForPrincipals({
        principals: [{ principalType: 'user', principalId: USER_ID }] as never,
        capability: 'manage:users',
      }),
      roleWithUserHex: await methods.hasCapabilityForPrincipals({
        principals: [{ principalType: 'role', principalId: USER_ID }] as never,
        capability: 'manage:users',
      }),
    };
  },
);

differential(
  'systemGrants › hasAnyConfigReadAccess: broad or section, read or manage',
  async ({ methods }) => {
    await grants(methods);
    const any = (role: string, tenantId?: string) =>
      methods.hasAnyConfigReadAccess({ principals: principals(role), tenantId });
    return {
      editor: await any('editor'),
      viewerPlatform: await any('viewer'),
      viewerAcme: await any('viewer', 'acme'),
      auditor: await any('auditor', 'globex'),
      none: await methods.hasAnyConfigReadAccess({ principals: [{ principalType: 'public' }] as never }),
    };
  },
);

differential(
  'systemGrants › getHeldCapabilities returns the held subset in one query',
  async ({ methods }) => {
    await grants(methods);
    const held = async (role: string, capabilities: string[], tenantId?: string) =>
      [
        ...(await methods.getHeldCapabilities({
          principals: principals(role),
          capabilities: capabilities as never,
          tenantId,
        })),
      ].sort();
    return {
      admin: await held('ADMIN', ['manage:users', 'read:users', 'read:agents', 'manage:groups']),
      adminAcme: await held('ADMIN', ['read:agents', 'read:users'], 'acme'),
      editor: await held('editor', [
        'read:configs:endpoints',
        'manage:configs:endpoints',
        'read:configs',
        'read:prompts',
        'manage:prompts',
      ]),
      empty: await held('editor', []),
      publicOnly: [
        ...(await methods.getHeldCapabilities({
          principals: [{ principalType: 'public' }] as never,
          capabilities: ['read:users'] as never,
        })),
      ],
    };
  },
);

differential(
  'systemGrants › listGrants sorts by principalType and capability, filters, clamps the limit',
  async ({ methods }) => {
    await grants(methods);
    return {
      platform: (await methods.listGrants()).map(grantView),
      acme: (await methods.listGrants({ tenantId: 'acme' })).map(grantView),
      roles: (await methods.listGrants({ principalTypes: ['role' as never] })).map(grantView),
      page: (await methods.listGrants({ limit: 1, offset: 1 })).map(grantView),
      clampedLow: (await methods.listGrants({ limit: 0 })).length,
      emptyTypes: (await methods.listGrants({ principalTypes: [] })).length,
      full: (await methods.listGrants({ tenantId: 'globex' }))[0],
      counts: {
        platform: await methods.countGrants(),
        acme: await methods.countGrants({ tenantId: 'acme' }),
        acmeGroups: await methods.countGrants({ tenantId: 'acme', principalTypes: ['group' as never] }),
        users: await methods.countGrants({ principalTypes: ['user' as never, 'group' as never] }),
      },
    };
  },
);

differential(
  'systemGrants › getCapabilitiesForPrincipal(s): platform, tenant and mixed principals',
  async ({ methods }) => {
    await grants(methods);
    const caps = (list: { capability?: string }[]) => list.map((g) => g.capability).sort();
    return {
      user: await methods.getCapabilitiesForPrincipal({
        principalType: 'user' as never,
        principalId: USER_ID,
      }),
      group: caps(
        await methods.getCapabilitiesForPrincipal({ principalType: 'group' as never, principalId: GROUP_ID }),
      ),
      groupAcme: caps(
        await methods.getCapabilitiesForPrincipal({
          principalType: 'group' as never,
          principalId: GROUP_ID,
          tenantId: 'acme',
        }),
      ),
      all: caps(await methods.getCapabilitiesForPrincipals({ principals: principals('editor') })),
      allAcme: caps(
        await methods.getCapabilitiesForPrincipals({ principals: principals('viewer'), tenantId: 'acme' }),
      ),
      none: await methods.getCapabilitiesForPrincipals({ principals: [] }),
      publicOnly: await methods.getCapabilitiesForPrincipals({
        principals: [{ principalType: 'public' }] as never,
      }),
      // Unlike the checks, this one keeps a principal without an id: its condition is `principalId: undefined`.
      withoutId: caps(
        await methods.getCapabilitiesForPrincipals({ principals: [{ principalType: 'user' }] as never }),
      ),
    };
  },
);
