/**
 * The conversation hot paths are index scans: the sidebar page (every sort, first page and a
 * page after a cursor, active and archived lists, pinned) and the lookups by conversationId + user.
 * The plans are read from the SQL the methods run (captured from the pool), not rebuilt by hand.
 */
import type { Dal } from '@librechat/dal';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, C, U1 } from '../conversations/support.js';
import { fileDal, resetDal } from '../harness/index.js';

interface Captured {
  sql: string;
  values: unknown[];
}

async function capture(dal: Dal, run: () => Promise<unknown>, match: RegExp): Promise<Captured[]> {
  const pool = dal.engine.pool!;
  const original = pool.query.bind(pool);
  const seen: Captured[] = [];
  // Queries come as text + values or as a config object ({ text, values, types }).
  (pool as unknown as { query: unknown }).query = (sql: unknown, values?: unknown[]) => {
    const config =
      typeof sql === 'object' && sql !== null ? (sql as { text?: string; values?: unknown[] }) : null;
    const text = config ? config.text : sql;
    if (typeof text === 'string' && match.test(text))
      seen.push({ sql: text, values: (config ? config.values : values) ?? [] });
    return config ? original(sql as never) : original(sql as string, values as unknown[]);
  };
  try {
    await run();
  } finally {
    (pool as unknown as { query: unknown }).query = original;
  }
  return seen;
}

async function plan(dal: Dal, q: Captured, noSort = true): Promise<string> {
  const client = await dal.engine.pool!.connect();
  try {
    // Small test tables would be seq-scanned anyway; what matters is that an index serves the query.
    await client.query('SET enable_seqscan = off');
    // Pages: the index must deliver the order (no sort of the user's whole history).
    if (noSort) await client.query('SET enable_sort = off');
    const { rows } = await client.query(`EXPLAIN ${q.sql}`, q.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('RESET enable_seqscan');
    await client.query('RESET enable_sort');
    client.release();
  }
}

describe('[postgresql] conversations › hot paths are index scans', () => {
  let dal: Dal;
  beforeAll(async () => {
    dal = await fileDal('postgresql');
    await resetDal(dal);
    await dal.methods.bulkSaveConvos(
      Array.from({ length: 30 }, (_, i) => ({
        conversationId: C(i + 1),
        user: U1,
        title: i % 4 === 0 ? undefined : `t${i % 5}`,
        createdAt: at(i % 7),
        updatedAt: at(i % 3),
        ...(i % 5 === 0 ? { isArchived: true, archivedAt: i % 10 === 0 ? at(50) : undefined } : {}),
        ...(i % 6 === 0 ? { pinned: true } : {}),
      })),
    );
    // Other users' histories, then statistics, so the planner sees a realistic table.
    await dal.methods.bulkSaveConvos(
      Array.from({ length: 300 }, (_, i) => ({
        conversationId: C(1000 + i),
        user: `6a00000000000000000${String(100 + (i % 40)).padStart(5, '0')}`,
        title: `o${i}`,
        createdAt: at(i),
        updatedAt: at(i),
      })),
    );
    await dal.engine.pool!.query('ANALYZE conversations');
  });
  afterAll(() => resetDal(dal));

  const pages: Array<[string, Record<string, unknown>]> = [];
  for (const sortBy of ['updatedAt', 'createdAt', 'title']) {
    for (const sortDirection of ['desc', 'asc'])
      pages.push([`active ${sortBy} ${sortDirection}`, { sortBy, sortDirection }]);
  }
  for (const sortBy of ['updatedAt', 'createdAt', 'title', 'archivedAt']) {
    pages.push([`archived ${sortBy} desc`, { sortBy, isArchived: true }]);
  }
  pages.push(['pinned', { pinned: true }]);

  test.each(pages)('sidebar page, %s: first page and the page after its cursor', async (_name, options) => {
    const first = await dal.methods.getConvosByCursor(U1, { ...options, limit: 2 });
    expect(first.nextCursor).toBeTruthy();
    const queries = await capture(
      dal,
      () => dal.methods.getConvosByCursor(U1, { ...options, limit: 2, cursor: first.nextCursor }),
      /^SELECT .* FROM "conversations" .*ORDER BY/s,
    );
    expect(queries).toHaveLength(1);
    const firstQueries = await capture(
      dal,
      () => dal.methods.getConvosByCursor(U1, { ...options, limit: 2 }),
      /^SELECT .* FROM "conversations" .*ORDER BY/s,
    );
    for (const q of [...firstQueries, ...queries]) {
      const text = await plan(dal, q);
      expect(text).toMatch(/Index Scan|Index Only Scan/);
      expect(text).not.toMatch(/Seq Scan/);
      expect(text).not.toMatch(/\bSort\b/);
    }
  });

  test.each([
    ['getConvo', () => dal.methods.getConvo(U1, C(3))],
    ['searchConversation', () => dal.methods.searchConversation(C(3))],
    ['getConvoRetention', () => dal.methods.getConvoRetention(U1, C(3))],
  ] as const)('%s by conversationId (+ user)', async (_name, run) => {
    const queries = await capture(dal, run, /FROM "conversations"/);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      const text = await plan(dal, q, false);
      expect(text.toLowerCase()).toMatch(/conversations_conversationid_1/);
      expect(text).not.toMatch(/Seq Scan/);
    }
  });
});
