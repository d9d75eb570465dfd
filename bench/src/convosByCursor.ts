/**
 * getConvosByCursor: the first sidebar page (25, newest updatedAt first) for a user with 10,000
 * and for a user with 1,000,000 conversations, each beside a hand-written raw `pg` keyset query
 * in the same run. Targets: each method ≤ 1.2× its raw baseline; the 1M page ≤ 1.5× the 10k page.
 * The conversations are generated in SQL (generate_series), so seeding 1M rows takes seconds and
 * never passes through the process's memory. MongoDB reference: 10k only (FerretDB on SQLite).
 */
import type { Dal } from '@librechat/dal';
import type pg from 'pg';
import { measurePair } from './measure.ts';
import type { BenchResult } from './messages.ts';

const SMALL_USER = 'bbbbbbbbbbbbbbbbbbbbbb10';
const LARGE_USER = 'bbbbbbbbbbbbbbbbbbbbbb1m';
const PAGE = 25;
const T0 = Date.UTC(2026, 0, 1);

/** Rows with what upstream's saveConvo stores for a plain chat, ids and times unique per row. */
async function seed(pool: pg.Pool, user: string, count: number, idPrefix: string): Promise<void> {
  await pool.query(
    `INSERT INTO conversations (_id, conversation_id, "user", title, endpoint, model, created_at, updated_at, __v)
     SELECT $1 || lpad(to_hex(n), 22, '0'), md5($2 || n)::uuid::text, $2, 'Chat ' || n, 'openAI', 'gpt-4o',
            to_timestamp(($3::bigint + n * 1000) / 1000.0), to_timestamp(($3::bigint + n * 1000 + 500) / 1000.0), 0
     FROM generate_series(1, $4::int) AS n`,
    [idPrefix, user, T0, count],
  );
}

/**
 * The hand-written equivalent of the page: the user's unarchived, unexpired conversations by
 * updatedAt, and the `isShared` flag every returned conversation carries (an active shared link).
 */
const RAW_PAGE = `SELECT c.*, EXISTS (SELECT 1 FROM sharedlinks s WHERE s."user" = c."user"
    AND s.conversation_id = c.conversation_id AND (s.expired_at IS NULL OR s.expired_at > now())) AS is_shared
  FROM conversations c
  WHERE c."user" = $1 AND c.is_archived IS NOT TRUE
    AND (c.expired_at IS NULL OR c.expired_at > now())
  ORDER BY c.updated_at DESC NULLS LAST, c._id DESC LIMIT ${PAGE + 1}`;

async function page(pgDal: Dal, pool: pg.Pool, user: string, expectedNext: boolean) {
  return measurePair(
    async () => {
      const r = await pgDal.methods.getConvosByCursor(user, { limit: PAGE });
      if (r.conversations.length !== PAGE || Boolean(r.nextCursor) !== expectedNext) {
        throw new Error(`getConvosByCursor returned ${r.conversations.length}`);
      }
    },
    async () => {
      const { rows } = await pool.query(RAW_PAGE, [user]);
      if (rows.length !== PAGE + 1) throw new Error(`raw page returned ${rows.length}`);
    },
    { rounds: 200, warmup: 30 },
  );
}

export async function benchConvosByCursor(
  pgDal: Dal,
  mongoDal: Dal | undefined,
  pool: pg.Pool,
): Promise<BenchResult[]> {
  process.stderr.write('seeding 10,000 + 1,000,000 conversations in SQL…\n');
  await seed(pool, SMALL_USER, 10_000, 'aa');
  await seed(pool, LARGE_USER, 1_000_000, 'ab');
  await pool.query('ANALYZE conversations');

  const [small, smallRaw] = await page(pgDal, pool, SMALL_USER, true);
  const [large, largeRaw] = await page(pgDal, pool, LARGE_USER, true);
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

  let mongo: BenchResult['mongodb'];
  if (mongoDal) {
    try {
      const convos = Array.from({ length: 10_000 }, (_, n) => ({
        conversationId: crypto.randomUUID(),
        user: SMALL_USER,
        title: `Chat ${n}`,
        endpoint: 'openAI',
        createdAt: new Date(T0 + n * 1000),
        updatedAt: new Date(T0 + n * 1000 + 500),
      }));
      const db = mongoDal.engine.mongoose?.connection.db;
      for (let i = 0; i < convos.length; i += 1000)
        await db?.collection('conversations').insertMany(convos.slice(i, i + 1000));
      const [m] = await measurePair(
        () => mongoDal.methods.getConvosByCursor(SMALL_USER, { limit: PAGE }),
        async () => {},
        { rounds: 50, warmup: 5 },
      );
      mongo = m;
    } catch (error) {
      mongo = { error: (error as Error).message };
    }
  }

  const smallRatio = ratio(small.medianMs, smallRaw.medianMs);
  const largeRatio = ratio(large.medianMs, largeRaw.medianMs);
  const scale = ratio(large.medianMs, small.medianMs);
  return [
    {
      name: 'getConvosByCursor first page, user with 10,000 conversations',
      unit: 'ms per page',
      postgresql: small,
      baseline: {
        ...smallRaw,
        what: 'raw keyset SELECT c.*, EXISTS(active shared link) … ORDER BY updated_at DESC, _id DESC LIMIT 26',
      },
      ratio: smallRatio,
      target: '≤ 1.2× raw',
      pass: smallRatio <= 1.2,
      mongodb: mongo,
    },
    {
      name: 'getConvosByCursor first page, user with 1,000,000 conversations',
      unit: 'ms per page',
      postgresql: large,
      baseline: {
        ...largeRaw,
        what: 'raw keyset SELECT c.*, EXISTS(active shared link) … ORDER BY updated_at DESC, _id DESC LIMIT 26',
      },
      ratio: largeRatio,
      target: `≤ 1.2× raw; ≤ 1.5× the 10k page (is ${scale}×)`,
      pass: largeRatio <= 1.2 && scale <= 1.5,
      note: 'MongoDB reference at 1M not run: FerretDB on SQLite is not a MongoDB performance reference',
    },
  ];
}
