/**
 * The Meilisearch a search suite runs against: the test server (default), or a real Meilisearch
 * when MEILI_HOST and MEILI_MASTER_KEY are set — behind a fault proxy (proxy.ts) so the same
 * fault switches apply. Suites on a real instance run one file at a time (a lock file) and every
 * `clear()` deletes all its indexes: point MEILI_HOST at a disposable instance.
 * MEILI_TEST_VIA_PROXY=1 puts the proxy in front of the test server (to test the proxy itself).
 */
import { createHash } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MeiliSearch } from 'meilisearch';
import { startFaultProxy } from './proxy.js';
import { type MeiliHandle, start } from './server.js';

export type { DocumentWrite, FaultError } from './engine.js';
export type { MeiliFaults, MeiliHandle, TestServerHandle } from './server.js';
export { start } from './server.js';

/** Captured when this module loads, before suites point MEILI_HOST at whatever they start. */
const REAL =
  process.env.MEILI_HOST && process.env.MEILI_MASTER_KEY
    ? { host: process.env.MEILI_HOST, key: process.env.MEILI_MASTER_KEY }
    : null;
const VIA_PROXY = process.env.MEILI_TEST_VIA_PROXY === '1';

export const usingRealMeili = REAL !== null;

async function acquireLock(file: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(file, 'utf8').catch(() => ''));
      let alive = false;
      try {
        if (owner) process.kill(owner, 0);
        alive = owner > 0;
      } catch {
        alive = false;
      }
      if (!alive) await rm(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for the Meilisearch lock ${file}`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function deleteAllIndexes(host: string, key: string): Promise<void> {
  const client = new MeiliSearch({ host, apiKey: key });
  for (;;) {
    const { results } = await client.getRawIndexes({ limit: 100 });
    if (results.length === 0) return;
    for (const index of results) {
      const task = await client.deleteIndex(index.uid);
      await client.waitForTask(task.taskUid, { timeOutMs: 30_000 });
    }
  }
}

export async function startMeili(): Promise<MeiliHandle> {
  if (!REAL && !VIA_PROXY) return start();
  let target: { host: string; key: string };
  let stopTarget = async () => {};
  let release = async () => {};
  if (REAL) {
    target = REAL;
    const lockFile = path.join(
      os.tmpdir(),
      `librechat-meili-${createHash('sha1').update(REAL.host).digest('hex').slice(0, 12)}.lock`,
    );
    release = await acquireLock(lockFile);
  } else {
    const server = await start();
    target = { host: server.host, key: server.key };
    stopTarget = () => server.stop();
  }
  const proxy = await startFaultProxy(target.host, target.key);
  const handle: MeiliHandle = {
    kind: REAL ? 'meilisearch' : 'test-server',
    host: proxy.host,
    key: target.key,
    faults: proxy.faults,
    documentWrites: () => proxy.documentWrites(),
    async clear() {
      proxy.faults.reset();
      await deleteAllIndexes(target.host, target.key);
      proxy.forgetWrites();
    },
    async stop() {
      await proxy.stop();
      await stopTarget();
      await release();
    },
  };
  await handle.clear();
  return handle;
}
