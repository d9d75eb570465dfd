/**
 * `pnpm bench`: starts PostgreSQL (PG_URL or embedded) and the MongoDB backend (MONGO_URL or
 * FerretDB), runs every benchmark, prints one JSON document on stdout (progress goes to stderr).
 */
import os from 'node:os';
import { createDal } from '@librechat/dal';
import { Mongoose } from 'mongoose';
import pg from 'pg';
import { benchConvosByCursor } from './convosByCursor.ts';
import {
  type BenchResult,
  benchBulkSave,
  benchGetMessages,
  benchSaveMessage,
  seedMessages,
} from './messages.ts';
import { startServers } from './servers.ts';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  process.env.CONSOLE_LOG_LEVEL ??= 'silent';
  // BENCH_POSTGRES_ONLY=1: skip the MongoDB backend (quick runs while tuning).
  const postgresOnly = process.env.BENCH_POSTGRES_ONLY === '1';
  const servers = await startServers(log, { mongo: !postgresOnly });
  // Ctrl-C: stop the servers this run started (an embedded PostgreSQL outlives its parent).
  process.once('SIGINT', () => {
    void servers.stop().finally(() => process.exit(130));
  });
  const pgDal = await createDal({ config: { type: 'postgresql', connectionString: servers.pgUrl, max: 4 } });
  const mongoDal = postgresOnly
    ? undefined
    : await createDal({
        config: { type: 'mongodb', uri: servers.mongoUrl, options: {} },
        mongoose: new Mongoose(),
      });
  const pool = new pg.Pool({ connectionString: servers.pgUrl, max: 4 });
  const results: BenchResult[] = [];
  try {
    log('seeding 10,000 messages on both engines…');
    const conversationId = await seedMessages(mongoDal ? [pgDal, mongoDal] : [pgDal]);
    await pool.query('ANALYZE messages');
    log('getMessages…');
    results.push(await benchGetMessages(pgDal, mongoDal, pool, conversationId));
    log('saveMessage…');
    results.push(await benchSaveMessage(pgDal, mongoDal, pool));
    log('bulkSaveMessages vs COPY…');
    results.push(await benchBulkSave(pgDal, mongoDal, pool));
    results.push(...(await benchConvosByCursor(pgDal, mongoDal, pool)));
  } finally {
    await pool.end();
    await pgDal.close();
    await mongoDal?.close();
    await servers.stop();
  }
  const report = {
    when: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    mongodb: postgresOnly ? 'skipped' : servers.mongoKind,
    results,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (results.some((r) => r.pass === false)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
