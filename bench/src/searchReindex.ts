/**
 * `pnpm --filter @librechat-db/bench run bench:search` — reindex throughput of the PostgreSQL
 * backend: 100,000 realistic messages (fixtures.ts: user turns, and assistant turns with think,
 * tool-call and text content parts) rebuilt into a temporary index and swapped in, against the
 * Meilisearch test server running in its own process. Target ≥ 10,000 documents/s (LibreChat's
 * own sync sends 100 documents per batch with 100 ms between batches: ≤ 1,000/s). Heap and RSS
 * are sampled every 250 ms during the reindex, to show memory stays flat while the table streams.
 * Prints one JSON report on stdout (progress on stderr). PG_URL: use that server instead of an
 * embedded PostgreSQL. BENCH_MESSAGES overrides the message count.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createDal } from '@librechat/dal';
import { conversation } from './fixtures.ts';
import { startBenchPostgres } from './servers.ts';

const log = (line: string) => process.stderr.write(`[bench:search] ${line}\n`);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const TARGET = 10_000;

async function startPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops) await s().catch(() => {});
  };
  try {
    const { url } = await startBenchPostgres(log, 'librechat_bench_search', stops);
    return { url, stop };
  } catch (error) {
    await stop(); // nothing this run started outlives a failed start
    throw error;
  }
}

async function startMeiliProcess(): Promise<{ host: string; key: string; child: ChildProcess }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'search', 'meiliServer.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: path.join(here, '..'),
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`Meilisearch test server exited (${code})`)));
  });
  return { ...(JSON.parse(line) as { host: string; key: string }), child };
}

const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

async function main(): Promise<void> {
  process.env.CONSOLE_LOG_LEVEL ??= 'silent';
  const postgres = await startPostgres();
  const meili = await startMeiliProcess();
  const dal = await createDal({
    config: { type: 'postgresql', connectionString: postgres.url, max: 8 },
    search: { enabled: true, host: meili.host, apiKey: meili.key, worker: false, taskTimeoutMs: 120_000 },
  });
  try {
    log(`seeding ${MESSAGES.toLocaleString()} messages…`);
    const perConversation = 200;
    for (let done = 0; done < MESSAGES; done += 10_000) {
      const batch: Record<string, unknown>[] = [];
      for (let i = 0; i < Math.min(10_000, MESSAGES - done) / perConversation; i++) {
        const id = randomUUID();
        batch.push(
          ...conversation(perConversation, id).map((m, j) => ({
            ...m,
            messageId: `${id.slice(0, 13)}-${j}`,
          })),
        );
      }
      await dal.methods.bulkSaveMessages(batch as never, true);
    }
    await dal.engine.pool?.query('ANALYZE messages');

    interface Sample {
      t: number;
      heapMiB: number;
      rssMiB: number;
      done: number;
    }
    /**
     * One reindex of the messages index with memory sampled every `everyMs`; with `collect` (and
     * --expose-gc, as the bench:search script runs) a full collection precedes each sample, so the
     * heap figure is live memory rather than garbage not yet collected — at a cost in speed.
     */
    const run = async (everyMs: number, collect: boolean) => {
      const samples: Sample[] = [];
      let done = 0;
      const started = Date.now();
      const sample = () => {
        if (collect) global.gc?.();
        const m = process.memoryUsage();
        samples.push({ t: Date.now() - started, heapMiB: mib(m.heapUsed), rssMiB: mib(m.rss), done });
      };
      sample();
      const timer = setInterval(sample, everyMs);
      const [result] = await dal.search.reindex({
        indexes: ['messages'],
        batchSize: 2_000,
        pipeline: 4,
        onProgress: (p) => {
          done = p.done;
        },
      });
      clearInterval(timer);
      sample();
      if (!result) throw new Error('no reindex result');
      const heap = samples.map((s) => s.heapMiB);
      const rss = samples.map((s) => s.rssMiB);
      const half = Math.floor(samples.length / 2);
      const avg = (xs: number[]) =>
        Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
      const summary = (xs: number[]) => ({
        min: Math.min(...xs),
        max: Math.max(...xs),
        firstHalfAvg: avg(xs.slice(0, half)),
        secondHalfAvg: avg(xs.slice(half)),
      });
      return { result, heapMiB: summary(heap), rssMiB: summary(rss), samples };
    };

    log('reindexing messages (throughput)…');
    const speed = await run(250, false);
    log('reindexing messages again (live memory, a full GC before each sample)…');
    const memory = await run(1_000, true);
    const [status] = await dal.search.status();
    const report = {
      when: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      benchmark: 'search reindex (PostgreSQL → Meilisearch test server, temporary index + swap)',
      documents: speed.result.done,
      inMeili: status?.presentInMeili,
      elapsedMs: speed.result.elapsedMs,
      docsPerSecond: speed.result.docsPerSecond,
      target: `≥ ${TARGET.toLocaleString()} docs/s`,
      pass: speed.result.docsPerSecond >= TARGET && status?.presentInMeili === speed.result.done,
      memoryDuringThroughputRun: { heapMiB: speed.heapMiB, rssMiB: speed.rssMiB },
      liveMemory: {
        note: 'second reindex, full GC before each 1 s sample (slower run; figures are live memory)',
        gcAvailable: typeof global.gc === 'function',
        heapMiB: memory.heapMiB,
        rssMiB: memory.rssMiB,
        samples: memory.samples,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.pass) process.exitCode = 1;
  } finally {
    await dal.close();
    meili.child.kill('SIGKILL');
    await postgres.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
