/**
 * The chat's hot paths are index scans: the conversation fetch (getMessages by conversationId
 * and user, createdAt ascending — the index also yields the order, no sort step), the
 * (messageId, user) lookup every save and edit makes, the cursor page, and the tool-call and
 * memory lookups. The SQL is what PgCollection generates for upstream's filters.
 */
import { describe, expect, test } from 'vitest';
import { Params } from '../../packages/dal/src/filters/params.js';
import { unexpired } from '../../packages/dal/src/postgres/store/expiry.js';
import { fileDal } from '../harness/index.js';
import { CONVO, USER } from './support.js';

type Case = [
  name: string,
  table: 'messages' | 'toolcalls' | 'memoryentries',
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1> | undefined,
  index: string,
];

const C = 'c-7';
const U = 'u-7';
const cases: Case[] = [
  [
    'getMessages of a conversation',
    'messages',
    unexpired({ conversationId: C, user: U }),
    { createdAt: 1 },
    'messages_conversationid_1_user_1_createdat_1__id_1',
  ],
  [
    'cursor page (createdAt descending)',
    'messages',
    unexpired({ conversationId: C, user: U, createdAt: { $lt: new Date() } }),
    { createdAt: -1, _id: -1 },
    'messages_conversationid_1_user_1_createdat_1__id_1',
  ],
  [
    'lookup by messageId and user',
    'messages',
    { messageId: 'm-7', user: U },
    undefined,
    'messages_messageid_1(_user_1_tenantid_1)?',
  ],
  [
    'getMessage (unexpired)',
    'messages',
    unexpired({ user: U, messageId: 'm-7' }),
    undefined,
    'messages_messageid_1(_user_1_tenantid_1)?',
  ],
  [
    'deleteMessagesSince range',
    'messages',
    { conversationId: C, user: U, createdAt: { $gt: new Date(0) } },
    undefined,
    'messages_conversationid_1_user_1_createdat_1__id_1',
  ],
  [
    'tool calls of a message',
    'toolcalls',
    unexpired({ messageId: 'm-1', user: USER }),
    undefined,
    'toolcalls_messageid_1_user_1_tenantid_1',
  ],
  [
    'tool calls of a conversation',
    'toolcalls',
    unexpired({ conversationId: CONVO, user: USER }),
    undefined,
    'toolcalls_conversationid_1_user_1_tenantid_1',
  ],
  [
    'memories of a partition',
    'memoryentries',
    { userId: '65a1b2c3d4e5f60718293a4b', agentId: 'a', key: 'k' },
    undefined,
    'memoryentries_userid_1_agentid_1_key_1',
  ],
];

describe('[postgresql] messages › hot paths are index scans', async () => {
  const dal = await fileDal('postgresql');
  const pool = dal.engine.pool!;
  // 20,000 messages in 500 conversations of 50 users, analyzed: the planner's real choice.
  await pool.query('TRUNCATE messages');
  await pool.query(
    `INSERT INTO messages (_id, message_id, conversation_id, "user", text, created_at)
     SELECT lpad(to_hex(g), 24, '0'), 'm-' || g, 'c-' || (g % 500), 'u-' || (g % 50), repeat('x', 200), now() - g * interval '1 second'
     FROM generate_series(1, 20000) AS g`,
  );
  await pool.query('ANALYZE messages');

  test.each(cases)('%s', async (_name, table, filter, sort, index) => {
    const collection = dal.engine.collections![table];
    const client = await dal.engine.pool!.connect();
    try {
      // Empty tables (tool calls, memories) would be seq-scanned anyway: only an index may serve them.
      if (table !== 'messages') await client.query('SET enable_seqscan = off');
      const params = new Params();
      const where = collection.where(filter, params);
      const { rows } = await client.query(
        `EXPLAIN SELECT * FROM ${table} WHERE ${where} ORDER BY ${collection.orderBy(sort)} LIMIT 201`,
        params.values,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan.toLowerCase()).toMatch(new RegExp(`index (only )?scan (backward )?using ${index} `));
      expect(plan).not.toMatch(/Seq Scan/);
      if (sort) expect(plan).not.toMatch(/\bSort\b/);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
