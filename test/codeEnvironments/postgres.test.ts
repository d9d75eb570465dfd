/**
 * What FerretDB cannot compare, proven on PostgreSQL: environment ids unique without a tenant
 * (FerretDB's compound unique index skips missing fields), pending agent references blocking a
 * removal and expired ones pulled (FerretDB ignores `$not: { $elemMatch }` and a conditional
 * `$pull` on the reservation array without an error), an owner slot whose id is taken elsewhere.
 */
import { describe, expect, test } from 'vitest';
import { inTenant } from '../aclEntries/support.js';
import { fileDal, resetDal } from '../harness/index.js';
import { env, U1 } from './support.js';

describe('[postgresql] codeEnvironments › what FerretDB cannot compare', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('an untenanted environment id is unique: E11000 naming environmentId_1_tenantId_1', async () => {
    await resetDal(dal);
    await methods.createCodeEnvironment(env('same'));
    const error = await methods.createCodeEnvironment(env('same')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { environmentId: 1, tenantId: 1 },
      keyValue: { environmentId: 'same', tenantId: null },
    });
    expect(String((error as Error).message)).toContain('index: environmentId_1_tenantId_1 dup key');
    expect(await methods.listCodeEnvironmentIds()).toEqual(['same']);
  });

  test('live agent references block a removal; expired ones are pulled when it begins', async () => {
    await resetDal(dal);
    const past = new Date(Date.now() - 60 * 60_000);
    const future = new Date(Date.now() + 60 * 60_000);
    const live = await methods.createCodeEnvironment({
      ...env('live'),
      pendingAgentReferences: [
        { reservationId: 'r1', expiresAt: past },
        { reservationId: 'r2', expiresAt: future },
      ],
    } as never);
    const stale = await methods.createCodeEnvironment({
      ...env('stale'),
      pendingAgentReferences: [
        { reservationId: 'r3', expiresAt: past },
        { reservationId: 'r4', expiresAt: past },
      ],
    } as never);
    expect(await methods.beginCodeEnvironmentRemoval(String(live._id))).toBeNull();
    const untouched = await methods.findCodeEnvironmentByEnvironmentId('live');
    expect(untouched?.pendingAgentReferences?.map((r) => r.reservationId)).toEqual(['r1', 'r2']);
    expect(untouched?.deletionStartedAt).toBeUndefined();

    const begun = await methods.beginCodeEnvironmentRemoval(String(stale._id));
    expect(begun?.pendingAgentReferences).toEqual([]);
    expect(begun?.deletionLeaseId).toMatch(/^[0-9a-f]{24}$/);
    expect(begun?.deletionStartedAt).toBeInstanceOf(Date);
    expect(await methods.findCodeEnvironmentByEnvironmentId('stale')).toEqual(begun);
  });

  test('an owner slot whose id another tenant holds is skipped for the next slot', async () => {
    await resetDal(dal);
    const first = await methods.createCodeEnvironmentWithinOwnerLimit(env('s1'), 3);
    const elsewhere = await inTenant('t1', () => methods.createCodeEnvironmentWithinOwnerLimit(env('s2'), 3));
    expect(first?.ownerSlot).toBe(0);
    expect(elsewhere).toMatchObject({ ownerSlot: 1, tenantId: 't1', createdBy: U1 });
    expect(String(elsewhere?._id)).not.toBe(String(first?._id));
  });
});
