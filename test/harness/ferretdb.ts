/**
 * FerretDB (MongoDB wire protocol over SQLite), from the Go program in test/ferretdb with the
 * module patches in test/ferretdb/_patches (see its README). Built once per content of go.mod +
 * go.sum + main.go + patches and cached under node_modules/.cache/librechat-db/ferretdb-<hash>;
 * started on a free port with a temp state dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@librechat-db/embedded-postgres';
import { tailFile } from './files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FERRETDB_SOURCE = path.resolve(here, '..', 'ferretdb');
const CACHE_DIR = path.resolve(here, '..', 'node_modules', '.cache', 'librechat-db');

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const PATCHES = path.join(FERRETDB_SOURCE, '_patches');

/** The patched module files (`.go`), relative to the module root, sorted. */
async function patchFiles(): Promise<string[]> {
  const entries = await readdir(PATCHES, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.go'))
    .map((e) => path.relative(PATCHES, path.join(e.parentPath, e.name)))
    .sort();
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    hash.update(file).update(await readFile(path.join(FERRETDB_SOURCE, file)));
  }
  for (const file of await patchFiles()) {
    hash.update(file).update(await readFile(path.join(PATCHES, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * `go build` of test/ferretdb against a copy of the FerretDB module with the patches laid over
 * it (a `replace` directive in a temporary go.mod; the module cache itself is never touched).
 */
async function buildPatched(output: string, env: NodeJS.ProcessEnv): Promise<void> {
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', FERRETDB_MODULE], FERRETDB_SOURCE, env),
  ) as {
    Dir?: string;
  };
  if (!info.Dir) throw new Error(`go mod download ${FERRETDB_MODULE} gave no module directory`);
  const work = await mkdtemp(path.join(CACHE_DIR, 'ferretdb-build-'));
  try {
    const src = path.join(work, 'src');
    await cp(info.Dir, src, { recursive: true });
    for (const file of await patchFiles()) {
      const target = path.join(src, file);
      await rm(target, { force: true }); // the module cache's copies are read-only
      await copyFile(path.join(PATCHES, file), target);
    }
    const goMod = await readFile(path.join(FERRETDB_SOURCE, 'go.mod'), 'utf8');
    await writeFile(path.join(work, 'go.mod'), `${goMod}\nreplace ${FERRETDB_MODULE} => ${src}\n`);
    await copyFile(path.join(FERRETDB_SOURCE, 'go.sum'), path.join(work, 'go.sum'));
    await run(
      'go',
      ['build', `-modfile=${path.join(work, 'go.mod')}`, '-o', output, '.'],
      FERRETDB_SOURCE,
      env,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/** The cached binary's path, building it with `go build` when missing. */
export async function ensureFerretdbBinary(log: (line: string) => void = () => {}): Promise<string> {
  const binary = path.join(CACHE_DIR, `ferretdb-${await sourceHash()}`);
  if (existsSync(binary)) return binary;
  await mkdir(CACHE_DIR, { recursive: true });
  log('building the FerretDB test server with go build (first run only, about a minute)…');
  const staging = `${binary}.tmp-${process.pid}`;
  const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
  try {
    await buildPatched(staging, env);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the go command is not installed'
        : (error as Error).message;
    throw new Error(
      `Cannot build the FerretDB test server in ${FERRETDB_SOURCE}: ${reason}. Install Go, or set MONGO_URL to a MongoDB server.`,
    );
  }
  await rename(staging, binary);
  return binary;
}

export interface FerretdbServer {
  url: string;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, prefix: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      if (buffered.split('\n').some((line) => line.startsWith(prefix))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code} before it was ready`));
    });
  });
}

/** READY is printed as the listener starts; wait until a TCP connection succeeds. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} not accepting connections`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startFerretdb(log: (line: string) => void = () => {}): Promise<FerretdbServer> {
  const binary = await ensureFerretdbBinary(log);
  const root = await mkdtemp(path.join(os.tmpdir(), 'librechat-db-test-ferretdb-'));
  const logFile = path.join(root, 'ferretdb.log');
  const port = await findFreePort();
  // stdin stays open: FerretDB exits when it closes, so it never outlives this process.
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-state', path.join(root, 'state')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logStream = createWriteStream(logFile);
  child.stderr.pipe(logStream);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForLine(child, 'READY', 60_000);
    await waitForPort(port, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    const tail = await tailFile(logFile);
    await rm(root, { recursive: true, force: true });
    throw new Error(`FerretDB did not start: ${(error as Error).message}${tail ? `\n${tail}` : ''}`);
  }
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      logStream.end();
      await rm(root, { recursive: true, force: true });
    },
  };
}
