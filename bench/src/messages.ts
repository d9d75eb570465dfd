/**
 * Message benchmarks: getMessages of a 200-message conversation, saveMessage, bulkSaveMessages of
 * 10,000 messages. Each PostgreSQL figure stands beside a hand-written raw `pg` baseline measured
 * in the same run (alternating rounds); the MongoDB backend's figures are for reference.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { conversation, message, USER } from './fixtures.ts';
import { measure, measurePair, type Timing } from './measure.ts';

/** The MongoDB backend's figure, or why it could not be measured there (e.g. a FerretDB gap). */
async function reference(run: () => Promise<Timing>): Promise<Timing | { error: string }> {
  try {
    return await run();
  } catch (error) {
    return { error: (error as Error).message.slice(0, 200) };
  }
}

export interface BenchResult {
  name: string;
  unit: string;
  postgresql?: Timing;
  baseline?: Timing & { what: string };
  ratio?: number;
  target?: string;
  pass?: boolean;
  mongodb?: Timing | { error: string };
  note?: string;
}

const ratio = (a: Timing, b: Timing) => Math.round((a.medianMs / b.medianMs) * 1000) / 1000;

/** The same 10,000 messages on both engines: the 200-message conversation among 49 others. */
export async function seedMessages(dals: Dal[]): Promise<string> {
  const target = randomUUID();
  const all = [conversation(200, target), ...Array.from({ length: 49 }, () => conversation(200))].flat();
  for (const dal of dals) {
    const Message = dal.engine.mongoose?.models.Message;
    // FerretDB runs a bulk upsert op by op (minutes for 10,000): seed it with one insertMany.
    if (Message) await Message.insertMany(all);
    else await dal.methods.bulkSaveMessages(all as never, true);
  }
  return target;
}

export async function benchGetMessages(
  pgDal: Dal,
  mongoDal: Dal | undefined,
  pool: pg.Pool,
  conversationId: string,
): Promise<BenchResult> {
  const filter = { conversationId, user: USER };
  const rawSql =
    'SELECT * FROM messages WHERE conversation_id = $1 AND "user" = $2 AND (expired_at IS NULL OR expired_at > $3) ORDER BY created_at, _id';
  const rounds = { rounds: 200, warmup: 30 };
  const [method, baseline] = await measurePair(
    async () => {
      const found = await pgDal.methods.getMessages(filter);
      if (found.length !== 200) throw new Error(`getMessages returned ${found.length}`);
    },
    async () => {
      const { rows } = await pool.query(rawSql, [conversationId, USER, new Date()]);
      if (rows.length !== 200) throw new Error(`raw query returned ${rows.length}`);
    },
    rounds,
  );
  const mongodb =
    mongoDal &&
    (await reference(() =>
      measure(async () => mongoDal.methods.getMessages(filter), { rounds: 20, warmup: 2 }),
    ));
  const r = ratio(method, baseline);
  return {
    name: 'getMessages of a 200-message conversation',
    unit: 'ms per call',
    postgresql: method,
    baseline: {
      ...baseline,
      what: 'SELECT * … WHERE conversation_id, user, unexpired ORDER BY created_at, _id (rows as pg returns them)',
    },
    ratio: r,
    target: '≤ 1.2× raw',
    pass: r <= 1.2,
    mongodb,
  };
}

/** The columns a saved user message fills, for the raw upsert. */
const SAVE_COLUMNS = [
  '_id',
  'message_id',
  'conversation_id',
  '"user"',
  'parent_message_id',
  'is_created_by_user',
  'sender',
  'model',
  'endpoint',
  'text',
  'token_count',
  'unfinished',
  'error',
  'is_temporary',
  '_meili_index',
  'created_at',
  'updated_at',
  '__v',
];

export async function benchSaveMessage(
  pgDal: Dal,
  mongoDal: Dal | undefined,
  pool: pg.Pool,
): Promise<BenchResult> {
  const conversationId = randomUUID();
  const rawSql = `INSERT INTO messages (${SAVE_COLUMNS.join(', ')}) VALUES (${SAVE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
ON CONFLICT (message_id, "user", tenant_id) DO UPDATE SET parent_message_id = EXCLUDED.parent_message_id,
  is_created_by_user = EXCLUDED.is_created_by_user, sender = EXCLUDED.sender, model = EXCLUDED.model,
  endpoint = EXCLUDED.endpoint, text = EXCLUDED.text, token_count = EXCLUDED.token_count,
  unfinished = EXCLUDED.unfinished, error = EXCLUDED.error, updated_at = EXCLUDED.updated_at
RETURNING *`;
  const params = (m: Record<string, unknown>) => {
    const now = new Date();
    return [
      new Types.ObjectId().toHexString(),
      m.messageId,
      m.conversationId,
      USER,
      m.parentMessageId,
      m.isCreatedByUser,
      m.sender,
      m.model,
      m.endpoint,
      m.text,
      m.tokenCount,
      false,
      false,
      false,
      false,
      now,
      now,
      0,
    ];
  };
  const input = (round: number, kind: string) => {
    const {
      createdAt: _c,
      updatedAt: _u,
      user: _user,
      ...m
    } = message(conversationId, 0, `${kind}-${round}`);
    return m;
  };
  const rounds = { rounds: 300, warmup: 30 };
  const [method, baseline] = await measurePair(
    async (round) => {
      const saved = await pgDal.methods.saveMessage({ userId: USER }, input(round, 'dal') as never);
      if (!saved) throw new Error('saveMessage returned nothing');
    },
    async (round) => {
      const { rows } = await pool.query(rawSql, params({ ...input(round, 'raw'), conversationId }));
      if (rows.length !== 1) throw new Error('raw upsert returned no row');
    },
    rounds,
  );
  const mongodb =
    mongoDal &&
    (await reference(() =>
      measure(
        async (round) => mongoDal.methods.saveMessage({ userId: USER }, input(round, 'mongo') as never),
        {
          rounds: 50,
          warmup: 5,
        },
      ),
    ));
  const r = ratio(method, baseline);
  return {
    name: 'saveMessage (new message, upsert by messageId and user)',
    unit: 'ms per call',
    postgresql: method,
    baseline: {
      ...baseline,
      what: 'INSERT … ON CONFLICT (message_id, user, tenant_id) DO UPDATE … RETURNING *',
    },
    ratio: r,
    target: '≤ 1.2× raw',
    pass: r <= 1.2,
    mongodb,
  };
}

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const s =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const COPY_COLUMNS = [...SAVE_COLUMNS, 'content'];

async function copyMessages(pool: pg.Pool, messages: Record<string, unknown>[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const stream = client.query(copyFrom(`COPY messages (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
    const lines = function* () {
      for (const m of messages) {
        yield `${[
          new Types.ObjectId().toHexString(),
          m.messageId,
          m.conversationId,
          m.user,
          m.parentMessageId,
          m.isCreatedByUser,
          m.sender,
          m.model,
          m.endpoint,
          m.text,
          m.tokenCount,
          m.unfinished,
          m.error,
          false,
          false,
          m.createdAt,
          m.updatedAt,
          0,
          m.content ?? null,
        ]
          .map(copyText)
          .join('\t')}\n`;
      }
    };
    await pipeline(Readable.from(lines()), stream);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function benchBulkSave(
  pgDal: Dal,
  mongoDal: Dal | undefined,
  pool: pg.Pool,
): Promise<BenchResult> {
  const batch = () => Array.from({ length: 50 }, () => conversation(200)).flat();
  const rounds = { rounds: 5, warmup: 1 };
  const [method, baseline] = await measurePair(
    async () => {
      const result = (await pgDal.methods.bulkSaveMessages(batch() as never, true)) as {
        upsertedCount: number;
      };
      if (result.upsertedCount !== 10_000)
        throw new Error(`bulkSaveMessages upserted ${result.upsertedCount}`);
    },
    async () => copyMessages(pool, batch()),
    rounds,
  );
  // The MongoDB backend for reference, on 200 messages (FerretDB applies a bulk upsert op by op,
  // each a scan of the collection: 10,000 would take many minutes).
  const mongodb =
    mongoDal &&
    (await reference(() =>
      measure(async () => mongoDal.methods.bulkSaveMessages(conversation(200) as never, true), {
        rounds: 1,
        warmup: 0,
      }),
    ));
  // Throughput relative to COPY: COPY time / method time (1 = as fast as COPY).
  const relative = Math.round((baseline.medianMs / method.medianMs) * 1000) / 1000;
  return {
    name: 'bulkSaveMessages of 10,000 messages',
    unit: 'ms per 10,000 messages',
    postgresql: method,
    baseline: {
      ...baseline,
      what: 'COPY messages FROM STDIN (pg-copy-streams, text format, one transaction)',
    },
    ratio: relative,
    target: '≥ 0.5× COPY throughput',
    pass: relative >= 0.5,
    mongodb,
    note: 'mongodb: ms per 200 messages (one bulkWrite of upserts)',
  };
}
