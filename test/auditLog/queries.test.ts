import type { AllMethods } from '@librechat/dal';
import { expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { comparable, grant, pause } from './support.js';

/** Seven platform entries (seq 1..7) and two tenant entries; returns the instant between seq 4 and 5. */
async function seed(methods: AllMethods): Promise<Date> {
  await methods.recordAuditEntry(grant('read:users'));
  await methods.recordAuditEntry(grant('manage:users', { action: 'grant.removed' }));
  await methods.recordAuditEntry({
    action: 'permission.insights_assigned',
    outcome: 'denied',
    actor: { type: 'service', name: 'Insights (Bot)' },
    target: { type: 'group', id: 'g1', name: 'Analysts.Team' },
  });
  await methods.recordAuditEntry(grant('read:insights', { actor: { type: 'api', name: 'key-42' } }));
  await pause(15);
  const cut = new Date();
  await pause(15);
  await methods.recordAuditEntry(grant('manage:configs', { outcome: 'failure' }));
  await methods.recordAuditEntry(
    grant('read:audit_log', { target: { type: 'user', id: 'u9', name: 'Bob Builder' } }),
  );
  await methods.recordAuditEntry(grant('read:agents', { severity: 'critical' }));
  await methods.recordAuditEntry(grant('read:users', { tenantId: 'acme' }));
  await methods.recordAuditEntry(grant('read:roles', { tenantId: 'acme' }));
  return cut;
}

differential(
  'auditLog › listAuditLogPage pages newest first by cursor and by offset',
  async ({ methods }) => {
    await seed(methods);
    const first = await methods.listAuditLogPage(undefined, { limit: 3 });
    const second = await methods.listAuditLogPage(undefined, {
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    const third = await methods.listAuditLogPage(undefined, {
      limit: 3,
      cursor: second.nextCursor ?? undefined,
    });
    const byOffset = await methods.listAuditLogPage(undefined, { limit: 2, offset: 5 });
    const cursorBeatsOffset = await methods.listAuditLogPage(undefined, { limit: 2, offset: 5, cursor: 3 });
    const tenant = await methods.listAuditLogPage('acme', {});
    const clamped = await methods.listAuditLogPage(undefined, { limit: 0 });
    const huge = await methods.listAuditLogPage(undefined, { limit: 10_000, offset: -4 });
    return comparable({ first, second, third, byOffset, cursorBeatsOffset, tenant, clamped, huge });
  },
);

differential(
  'auditLog › listAuditLogPage filters: facets, names, capability, search and dates',
  async ({ methods }) => {
    const cut = await seed(methods);
    const seqs = async (filters: Parameters<AllMethods['listAuditLogPage']>[1]) => {
      const page = await methods.listAuditLogPage(undefined, filters);
      return { seqs: page.entries.map((e) => e.integrity.seq), total: page.total };
    };
    return {
      category: await seqs({ category: ['permission'] }),
      actions: await seqs({ action: ['grant.removed', 'permission.insights_assigned'] }),
      outcome: await seqs({ outcome: ['denied', 'failure'] }),
      severity: await seqs({ severity: ['warning'] }),
      actorType: await seqs({ actorType: 'service' }),
      actorQuery: await seqs({ actorQuery: 'insights (b' }),
      targetType: await seqs({ targetType: 'group' }),
      targetQuery: await seqs({ targetQuery: 'ANALYSTS.' }),
      dotIsLiteral: await seqs({ targetQuery: 'analystsXteam' }),
      capability: await seqs({ capability: 'USERS' }),
      search: await seqs({ search: 'bob' }),
      searchAction: await seqs({ search: 'removed' }),
      from: await seqs({ from: cut }),
      to: await seqs({ to: cut }),
      combined: await seqs({ from: cut, category: ['grant'], search: 'read' }),
    };
  },
);

differential('auditLog › findAuditLogEntry by id, scoped to the chain', async ({ methods }) => {
  await seed(methods);
  const page = await methods.listAuditLogPage(undefined, { limit: 1 });
  const tenantPage = await methods.listAuditLogPage('acme', { limit: 1 });
  const id = page.entries[0]?.id as string;
  return comparable({
    found: await methods.findAuditLogEntry(undefined, id),
    otherChain: await methods.findAuditLogEntry('acme', id),
    tenant: await methods.findAuditLogEntry('acme', tenantPage.entries[0]?.id as string),
    malformed: await methods.findAuditLogEntry(undefined, 'not-an-id'),
    unknown: await methods.findAuditLogEntry(undefined, '65a1b2c3d4e5f60718290000'),
  });
});

differential('auditLog › streamAuditLogEntries: newest first, row cap, cancellation', async ({ methods }) => {
  await seed(methods);
  const collect = async (
    filters: Parameters<AllMethods['streamAuditLogEntries']>[1],
    options?: Parameters<AllMethods['streamAuditLogEntries']>[3],
  ) => {
    const seen: number[] = [];
    const result = await methods.streamAuditLogEntries(
      undefined,
      filters,
      (e) => void seen.push(e.integrity.seq),
      options,
    );
    return { seen, result };
  };
  let calls = 0;
  return {
    all: await collect({}),
    filtered: await collect({ search: 'read' }),
    truncated: await collect({}, { maxRows: 3 }),
    exactCap: await collect({}, { maxRows: 7 }),
    cancelled: await collect({}, { isCancelled: () => ++calls > 2 }),
    entry: comparable(
      await new Promise((resolve) => {
        void methods.streamAuditLogEntries('acme', {}, (e) => resolve(e), { maxRows: 1 });
      }),
    ),
  };
});

test('[postgresql] auditLog › streamAuditLogEntries reads past one batch in seq order', {
  timeout: 120_000,
}, async () => {
  const { methods, engine } = await fileDal('postgresql');
  await engine.pool!.query('TRUNCATE auditlogs');
  for (let i = 0; i < 520; i++) await methods.recordAuditEntry(grant(`read:c${i}`), { failClosed: true });
  const seen: number[] = [];
  const result = await methods.streamAuditLogEntries(undefined, {}, (e) => void seen.push(e.integrity.seq));
  expect(result).toEqual({ count: 520, truncated: false });
  expect(seen).toEqual(Array.from({ length: 520 }, (_, i) => 520 - i));
  expect(await methods.verifyAuditChain(undefined)).toMatchObject({ ok: true, checked: 520 });
});
