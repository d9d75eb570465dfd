#!/usr/bin/env node
/**
 * Wall time of `librechat-db init --yes` on embedded PostgreSQL (target: at most 10 s after
 * install), measured on the built binary (`pnpm build` first): a fresh init in an empty folder
 * (initdb, start, create database, every migration, seed, health), then a re-run of the same
 * init (everything in place: nothing changes). Prints one JSON object.
 *
 *   node bench/init-wall-time.mjs [--runs N]      (default 3 fresh inits; the median is reported)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'apps', 'cli', 'dist', 'main.js');
const TARGET_MS = 10_000;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

if (!existsSync(CLI)) {
  process.stderr.write(`${CLI} is missing: run \`pnpm build\` first\n`);
  process.exit(1);
}

const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_TYPE|SEARCH)$|^(POSTGRES_|MONGO_|MEILI_)/.test(k)),
);

async function cli(cwd, args) {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [CLI, '--json', ...args], { cwd, env, maxBuffer: 64 << 20 });
  const ms = Math.round(performance.now() - started);
  const result = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((e) => e.event === 'result');
  return { ms, result };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const samples = [];
for (let i = 0; i < runs; i++) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'librechat-db-bench-'));
  await fs.chmod(dir, 0o755); // as root, the server's OS user must enter it
  try {
    const fresh = await cli(dir, ['init', '--yes']);
    const rerun = await cli(dir, ['init', '--yes']);
    samples.push({
      freshMs: fresh.ms,
      rerunMs: rerun.ms,
      steps: Object.fromEntries((fresh.result?.timings ?? []).map((t) => [t.id, t.ms])),
      migrations: fresh.result?.migrationsApplied?.length,
    });
  } finally {
    await run(process.execPath, [CLI, 'down'], { cwd: dir, env }).catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const freshMs = median(samples.map((s) => s.freshMs));
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'librechat-db init --yes (embedded PostgreSQL)',
      runs,
      targetMs: TARGET_MS,
      freshMs,
      rerunMs: median(samples.map((s) => s.rerunMs)),
      withinTarget: freshMs <= TARGET_MS,
      samples,
      machine: {
        cpus: os.cpus().length,
        loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
      },
    },
    null,
    2,
  )}\n`,
);
