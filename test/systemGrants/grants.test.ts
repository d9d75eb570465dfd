import { Types } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { describeError, differential, fileDal, resetDal } from '../harness/index.js';
import { inTenant } from '../roles/support.js';
import { GROUP_ID, grantView, OTHER_USER_ID, USER_ID } from './support.js';

const fail = (e: unknown) => describeError(e);

differential(
  'systemGrants › seedSystemGrants gives the ADMIN role every capability, platform-level',
  async ({ methods }) => {
    await methods.seedSystemGrants();
    const grants = await methods.getCapabilitiesForPrincipal({
      principalType: 'role' as never,
      principalId: 'ADMIN',
    });
    return { count: await methods.countGrants(), grants };
  },
);

differential(
  'systemGrants › seedSystemGrants is idempotent and keeps the first grantedAt',
  async ({ methods }) => {
    await methods.seedSystemGrants();
    const first = await methods.listGrants({ limit: 200 });
    await methods.seedSystemGrants();
    const second = await methods.listGrants({ limit: 200 });
    return {
      count: await methods.countGrants(),
      sameRows:
        JSON.stringify(first.map((g) => [String(g._id), g.grantedAt])) ===
        JSON.stringify(second.map((g) => [String(g._id), g.grantedAt])),
    };
  },
);

differential(
  'systemGrants › seedSystemGrants inside a tenant seeds that tenant’s grants',
  async ({ methods }) => {
    await inTenant('acme', () => methods.seedSystemGrants());
    return {
      platform: await methods.countGrants(),
      acme: await methods.countGrants({ tenantId: 'acme' }),
      sample: grantView((await methods.listGrants({ tenantId: 'acme', limit: 1 }))[0] as never),
    };
  },
);

differential(
  'systemGrants › grantCapability upserts once; principal ids are normalised',
  async ({ methods }) => {
    const grantedBy = OTHER_USER_ID;
    const first = await methods.grantCapability({
      principalType: 'user' as never,
      principalId: USER_ID,
      capability: 'read:users',
      grantedBy,
    });
    const again = await methods.grantCapability({
      principalType: 'user' as never,
      principalId: new Types.ObjectId(USER_ID),
      capability: 'read:users',
    });
    const role = await methods.grantCapability({
      principalType: 'role' as never,
      principalId: 'editor',
      capability: 'read:configs:endpoints' as never,
    });
    const tenant = await methods.grantCapability({
      principalType: 'group' as never,
      principalId: GROUP_ID,
      capability: 'manage:users',
      tenantId: 'acme',
    });
    return {
      first,
      again: { created: again.created, same: String(again.grant?._id) === String(first.grant?._id) },
      role,
      tenant,
      badId: await methods
        .grantCapability({
          principalType: 'user' as never,
          principalId: 'not-an-id',
          capability: 'read:users',
        })
        .catch(fail),
      unvalidated: (
        await methods.grantCapability({
          principalType: 'role' as never,
          principalId: 'x',
          capability: 'not:a:capability' as never,
        })
      ).created,
      all: await methods.listGrants({ limit: 200 }),
      acme: await methods.listGrants({ tenantId: 'acme' }),
    };
  },
);

differential('systemGrants › revokeCapability deletes exactly the matching grant', async ({ methods }) => {
  await methods.grantCapability({
    principalType: 'user' as never,
    principalId: USER_ID,
    capability: 'read:users',
  });
  await methods.grantCapability({
    principalType: 'user' as never,
    principalId: USER_ID,
    capability: 'read:users',
    tenantId: 'acme',
  });
  await methods.grantCapability({
    principalType: 'role' as never,
    principalId: USER_ID,
    capability: 'read:users',
  });
  return {
    platform: await methods.revokeCapability({
      principalType: 'user' as never,
      principalId: USER_ID,
      capability: 'read:users',
    }),
    again: await methods.revokeCapability({
      principalType: 'user' as never,
      principalId: USER_ID,
      capability: 'read:users',
    }),
    tenant: await methods.revokeCapability({
      principalType: 'user' as never,
      principalId: new Types.ObjectId(USER_ID),
      capability: 'read:users',
      tenantId: 'acme',
    }),
    badId: await methods
      .revokeCapability({ principalType: 'group' as never, principalId: 'zzz', capability: 'read:users' })
      .catch(fail),
    left: (await methods.listGrants()).map(grantView),
  };
});

differential(
  'systemGrants › deleteGrantsForPrincipal returns what it removed; a tenant limits it',
  async ({ methods }) => {
    for (const tenantId of [undefined, 'acme', 'globex']) {
      await methods.grantCapability({
        principalType: 'role' as never,
        principalId: 'editor',
        capability: 'read:users',
        tenantId,
      });
      await methods.grantCapability({
        principalType: 'role' as never,
        principalId: 'editor',
        capability: 'read:agents',
        tenantId,
      });
    }
    await methods.grantCapability({
      principalType: 'group' as never,
      principalId: GROUP_ID,
      capability: 'read:users',
    });
    const acme = await methods.deleteGrantsForPrincipal('role' as never, 'editor', { tenantId: 'acme' });
    const afterAcme = await methods.countGrants({ principalTypes: ['role' as never] });
    const rest = await methods.deleteGrantsForPrincipal('role' as never, 'editor');
    return {
      acme: acme.map(grantView),
      afterAcme,
      rest: rest.map(grantView),
      none: await methods.deleteGrantsForPrincipal('role' as never, 'editor'),
      group: (await methods.deleteGrantsForPrincipal('group' as never, GROUP_ID)).map(grantView),
      badId: await methods.deleteGrantsForPrincipal('user' as never, 'x').catch(fail),
    };
  },
  { unordered: true },
);

// FerretDB does not enforce a unique index on documents that lack one of its keys (a platform
// grant has no tenantId), so that uniqueness is asserted on PostgreSQL alone.
describe('[postgresql] systemGrants › one platform grant per principal and capability', () => {
  test('concurrent grants of the same capability create one row, and exactly one call reports created', async () => {
    const dal = await fileDal('postgresql');
    await resetDal(dal);
    const grant = () =>
      dal.methods.grantCapability({
        principalType: 'role' as never,
        principalId: 'editor',
        capability: 'read:users',
      });
    const results = await Promise.all(Array.from({ length: 8 }, grant));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => String(r.grant?._id))).size).toBe(1);
    expect(await dal.methods.countGrants()).toBe(1);
    await Promise.all([dal.methods.seedSystemGrants(), dal.methods.seedSystemGrants()]);
    const { rows } = await dal.engine.pool!.query(
      `SELECT count(*)::int AS n, count(DISTINCT capability)::int AS d FROM systemgrants WHERE principal_id = '"ADMIN"'::jsonb`,
    );
    expect(rows[0]).toEqual({ n: rows[0].d, d: rows[0].d });
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
