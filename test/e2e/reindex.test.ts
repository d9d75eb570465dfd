/**
 * `librechat-db reindex` (built binary) on PostgreSQL with the Meilisearch test server (or a real
 * Meilisearch when MEILI_HOST/MEILI_MASTER_KEY are set): doctor sees the drift, a reindex is
 * interrupted with Ctrl-C mid-copy, a plain re-run refuses to guess, `--resume` continues from
 * the checkpoint, and doctor is healthy afterwards.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createDal } from '@librechat/dal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeiliHandle, startMeili } from '../meili/index.js';
import {
  assertBuilt,
  cli,
  makeTempDir,
  ndjson,
  newPostgresUrl,
  outputs,
  resultOf,
  SLOW,
  spawnCli,
} from './support/cli.js';

const MESSAGES = 1_200;

describe('librechat-db reindex', () => {
  let dir: string;
  let url: string;
  let meili: MeiliHandle;

  beforeAll(async () => {
    assertBuilt();
    meili = await startMeili();
    dir = await makeTempDir('librechat-db-reindex-');
    ({ url } = newPostgresUrl('reindex'));
    await fs.writeFile(path.join(dir, '.env'), `MEILI_MASTER_KEY=${meili.key}\n`);
    const init = await cli(dir, [
      'init',
      '--yes',
      '--runtime',
      'external',
      '--postgres-url',
      url,
      '--meili',
      '--meili-host',
      meili.host,
    ]);
    expect(init.exitCode, String(init.stdout) + String(init.stderr)).toBe(0);
    // Messages written while nothing syncs them (no LibreChat running): Meili is behind.
    const dal = await createDal({
      config: { type: 'postgresql', connectionString: url },
      search: { enabled: false },
    });
    try {
      const messages = Array.from({ length: MESSAGES }, (_, i) => ({
        messageId: `m-${String(i).padStart(5, '0')}`,
        conversationId: 'c-reindex',
        user: 'u-reindex',
        sender: 'User',
        text: `message number ${i}`,
        isCreatedByUser: true,
      }));
      await dal.methods.bulkSaveMessages(messages as never);
    } finally {
      await dal.close();
    }
  }, SLOW);
  afterAll(async () => {
    await meili?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it(
    'doctor reports the drift and names reindex as the fix (exit 17)',
    async () => {
      const d = await cli(dir, ['--json', 'doctor']);
      expect(d.exitCode, String(d.stdout)).toBe(17);
      const check = ndjson(d.stdout).find((e) => e.id === 'meili:messages');
      expect(check).toMatchObject({
        status: 'fail',
        exitCode: 17,
        fix: 'librechat-db reindex --index messages',
        data: { shouldBeIndexed: MESSAGES, presentInMeili: 0 },
      });
    },
    SLOW,
  );

  it(
    'interrupted with Ctrl-C mid-copy, then resumed from its checkpoint',
    async () => {
      meili.faults.slow({ taskMs: 150 });
      const child = spawnCli(dir, ['--json', 'reindex', '--index', 'messages', '--batch-size', '100']);
      let sent = false;
      let buffer = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (const line of buffer.split('\n').slice(0, -1)) {
          if (!sent && line.includes('"event":"progress"')) {
            const p = JSON.parse(line) as { phase: string; done: number };
            if (p.phase === 'copy' && p.done >= 200) {
              sent = true;
              child.kill('SIGINT');
            }
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      });
      const interrupted = await child;
      expect(sent, String(interrupted.stdout)).toBe(true);
      expect(interrupted.exitCode).toBe(130);
      expect(resultOf(interrupted.stdout)).toMatchObject({
        event: 'error',
        code: 'E_INTERRUPTED',
        fix: 'librechat-db reindex --resume --index messages',
      });
      const progress = ndjson(interrupted.stdout).filter((e) => e.event === 'progress');
      expect(progress.at(-1)).toMatchObject({ index: 'messages', total: MESSAGES });
      expect(typeof progress.at(-1)?.docsPerSecond).toBe('number');

      // Without --resume it does not guess: exit 3, and doctor shows the unfinished reindex.
      const refused = await cli(dir, ['--json', 'reindex', '--index', 'messages']);
      expect(refused.exitCode).toBe(3);
      expect(resultOf(refused.stdout)).toMatchObject({ code: 'E_REINDEX_INTERRUPTED' });
      const d = await cli(dir, ['--json', 'doctor']);
      expect(d.exitCode).toBe(17);
      expect(ndjson(d.stdout).find((e) => e.id === 'meili:messages')).toMatchObject({
        fix: 'librechat-db reindex --index messages --resume',
      });

      meili.faults.reset();
      const resumed = await cli(dir, [
        '--json',
        'reindex',
        '--index',
        'messages',
        '--resume',
        '--batch-size',
        '100',
      ]);
      expect(resumed.exitCode, String(resumed.stdout) + String(resumed.stderr)).toBe(0);
      const result = resultOf(resumed.stdout) as {
        ok: boolean;
        results: { index: string; resumed: boolean; done: number; total: number }[];
      };
      expect(result.ok).toBe(true);
      expect(result.results).toEqual([
        expect.objectContaining({ index: 'messages', resumed: true, done: MESSAGES, total: MESSAGES }),
      ]);

      const after = await cli(dir, ['--json', 'doctor']);
      expect(after.exitCode, String(after.stdout)).toBe(0);
      expect(ndjson(after.stdout).find((e) => e.id === 'meili:messages')).toMatchObject({
        data: { shouldBeIndexed: MESSAGES, presentInMeili: MESSAGES, reindex: null },
      });
    },
    SLOW,
  );

  it('never prints the Meili key', () => {
    for (const text of outputs) expect(text).not.toContain(meili.key);
  });
});
