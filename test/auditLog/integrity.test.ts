import { Types } from 'mongoose';
import { expect, test } from 'vitest';
import { differential, fileDal, resetDal } from '../harness/index.js';
import { comparable, grant, pause, removeRaw, setPrevHash, tamper } from './support.js';

const PLATFORM = '__platform__';

async function chain(methods: import('@librechat/dal').AllMethods, n: number, tenantId?: string) {
  for (let i = 0; i < n; i++)
    await methods.recordAuditEntry(grant(`read:c${i}`, tenantId ? { tenantId } : {}));
}

differential('auditLog › verifyAuditChain: empty, intact, limited and cancelled', async ({ methods }) => {
  const empty = await methods.verifyAuditChain(undefined);
  await chain(methods, 5);
  let calls = 0;
  return comparable({
    empty,
    intact: await methods.verifyAuditChain(undefined),
    limited: await methods.verifyAuditChain(undefined, { maxRows: 3 }),
    cancelled: await methods.verifyAuditChain(undefined, { isCancelled: () => ++calls > 2 }),
    otherTenant: await methods.verifyAuditChain('nobody'),
  });
});

differential(
  'auditLog › verifyAuditChain detects a rewritten entry, a broken link and a gap',
  async ({ methods, dal }) => {
    await chain(methods, 4);
    await chain(methods, 4, 'acme');
    await chain(methods, 4, 'globex');
    await tamper(dal, PLATFORM, 3, 'Mallory');
    await setPrevHash(dal, 'tenant:acme', 2, 'f'.repeat(64));
    await removeRaw(dal, 'tenant:globex', 3);
    return comparable({
      rewritten: await methods.verifyAuditChain(undefined),
      relinked: await methods.verifyAuditChain('acme'),
      gap: await methods.verifyAuditChain('globex'),
    });
  },
);

differential(
  'auditLog › purgeAuditLogEntries removes a prefix and returns its checkpoint',
  async ({ methods }) => {
    await chain(methods, 3);
    await pause(15);
    const cut = new Date();
    await pause(15);
    await chain(methods, 2);
    const unconfirmed = await methods.purgeAuditLogEntries(undefined, {
      before: cut,
      confirm: false,
    } as never);
    const invalid = await methods
      .purgeAuditLogEntries(undefined, { before: new Date('nope'), confirm: true })
      .catch((e: Error) => [e.name, e.message]);
    const purged = await methods.purgeAuditLogEntries(undefined, { before: cut, confirm: true });
    const again = await methods.purgeAuditLogEntries(undefined, { before: cut, confirm: true });
    const checkpoint = purged.checkpoint;
    return comparable({
      unconfirmed,
      invalid,
      purged,
      again,
      withoutCheckpoint: await methods.verifyAuditChain(undefined),
      withCheckpoint: await methods.verifyAuditChain(undefined, { trustedCheckpoint: checkpoint }),
      wrongCheckpoint: await methods.verifyAuditChain(undefined, {
        trustedCheckpoint: { throughSeq: 2, prevHash: checkpoint?.prevHash ?? '' },
      }),
      remaining: (await methods.listAuditLogPage(undefined, {})).entries.map((e) => e.integrity.seq),
      everything: await methods.purgeAuditLogEntries(undefined, {
        before: new Date(Date.now() + 60_000),
        confirm: true,
      }),
      emptyAfter: await methods.verifyAuditChain(undefined),
    });
  },
);

/**
 * The hash covers exactly what upstream's covers: a chain written on one engine, copied to the
 * other with its stored fields, verifies there.
 */
test('[postgresql] auditLog › a chain written on PostgreSQL verifies with upstream’s verifyAuditChain, and back', async () => {
  const pg = await fileDal('postgresql');
  const mongo = await fileDal('mongodb');
  await resetDal(pg);
  await resetDal(mongo);
  const AuditLog = mongo.engine.mongoose!.models.AuditLog!;
  const auditlogs = pg.engine.collections!.auditlogs;

  await pg.methods.recordAuditEntry(
    grant('read:users', { tenantId: 'acme', context: { requestId: 'r', ip: '10.0.0.1' } }),
  );
  await pg.methods.recordAuditEntry({
    action: 'grant.removed',
    actor: { type: 'user', id: new Types.ObjectId(), name: 'Zoë' },
    target: { type: 'role' },
    metadata: { capability: 'manage:users', n: 1.5, ok: true, nothing: null },
    tenantId: 'acme',
  });
  const fromPg = await auditlogs.find({ chainKey: 'tenant:acme' }, { sort: { seq: 1 } });
  await AuditLog.collection.insertMany(fromPg as never[]);
  expect(await mongo.methods.verifyAuditChain('acme')).toEqual({
    ok: true,
    chainKey: 'tenant:acme',
    checked: 2,
    range: { firstSeq: 1, lastSeq: 2 },
  });

  await mongo.methods.recordAuditEntry(
    grant('read:roles', { metadata: { capability: 'read:roles', big: 2 ** 40 } }),
  );
  await mongo.methods.recordAuditEntry(grant('read:groups', { context: { userAgent: 'curl/8' } }));
  const fromMongo = await AuditLog.find({ chainKey: PLATFORM }).sort({ seq: 1 }).lean();
  for (const doc of fromMongo) await auditlogs.insertRow(doc as never);
  expect(await pg.methods.verifyAuditChain(undefined)).toEqual({
    ok: true,
    chainKey: PLATFORM,
    checked: 2,
    range: { firstSeq: 1, lastSeq: 2 },
  });
});
