import { Types } from 'mongoose';
import { differential } from '../harness/index.js';
import { alice, comparable, grant } from './support.js';

differential(
  'auditLog › recordAuditEntry appends hash-linked entries and returns the document',
  async ({ methods }) => {
    const first = await methods.recordAuditEntry(grant('read:users'));
    const second = await methods.recordAuditEntry({
      action: 'grant.removed',
      outcome: 'denied',
      actor: { type: 'user', id: new Types.ObjectId('65a1b2c3d4e5f60718293a4b'), name: 'Alice Admin' },
      target: { type: 'group', id: new Types.ObjectId('65a1b2c3d4e5f60718293a4c') },
      metadata: {
        capability: 'manage:users',
        dropped: undefined,
        count: 3,
        flag: false,
        none: null,
      } as never,
      context: { requestId: 'req-1', ip: '', userAgent: 'ua', sessionId: undefined },
    });
    const third = await methods.recordAuditEntry({
      action: 'permission.insights_assigned',
      outcome: 'failure',
      severity: 'critical',
      category: 'grant',
      actor: { type: 'system', name: 'scheduler' },
      target: { type: 'config' },
      metadata: {},
      context: { ip: '' },
    });
    return comparable({ first, second, third, verified: await methods.verifyAuditChain(undefined) });
  },
);

differential(
  'auditLog › recordAuditEntry keeps a chain per tenant, apart from the platform chain',
  async ({ methods }) => {
    await methods.recordAuditEntry(grant('read:users'));
    const t1 = await methods.recordAuditEntry(grant('read:roles', { tenantId: 't1' }));
    await methods.recordAuditEntry(grant('read:groups', { tenantId: 't1' }));
    const t2 = await methods.recordAuditEntry(grant('read:configs', { tenantId: 't2' }));
    const blank = await methods.recordAuditEntry(grant('read:agents', { tenantId: '   ' }));
    const sentinel = await methods.recordAuditEntry(grant('read:skills', { tenantId: '__platform__' }));
    return comparable({
      t1,
      t2,
      blank,
      sentinel,
      platform: await methods.verifyAuditChain(undefined),
      tenant1: await methods.verifyAuditChain('t1'),
      tenant2: await methods.verifyAuditChain('t2'),
      sentinelChain: await methods.verifyAuditChain('__platform__'),
    });
  },
);

differential(
  'auditLog › recordAuditEntry fails open with null, or throws when failClosed',
  async ({ methods }) => {
    const invalid = { action: 'grant.exploded', actor: alice, target: { type: 'role' } } as never;
    const open = await methods.recordAuditEntry(invalid);
    const closed = await methods
      .recordAuditEntry(invalid, { failClosed: true })
      .catch((e: Error) => [e.name, e.message]);
    const badActor = await methods
      .recordAuditEntry(
        { action: 'grant.assigned', actor: { type: 'robot', name: 'r2' }, target: { type: 'role' } } as never,
        {
          failClosed: true,
        },
      )
      .catch((e: Error) => [e.name, e.message]);
    const page = await methods.listAuditLogPage(undefined, {});
    return comparable({ open, closed, badActor, total: page.total });
  },
);

differential('auditLog › concurrent appends serialise into one unbroken chain', async ({ methods }) => {
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      methods.recordAuditEntry(grant(`read:cap${i}`), { failClosed: true }),
    ),
  );
  const seqs = results.map((r) => r?.seq).sort((a, b) => (a ?? 0) - (b ?? 0));
  return { seqs, verified: comparable(await methods.verifyAuditChain(undefined)) };
});
