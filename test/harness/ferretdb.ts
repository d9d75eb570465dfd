/**
 * FerretDB (MongoDB wire protocol over SQLite), from the Go program in test/ferretdb. Built once
 * per content of go.mod + go.sum + main.go and cached under
 * node_modules/.cache/librechat-db/ferretdb-<hash>; started on a free port with a temp state dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@librechat-db/embedded-postgres';
import { tailFile } from './files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FERRETDB_SOURCE = path.resolve(here, '..', 'ferretdb');
const CACHE_DIR = path.resolve(here, '..', 'node_modules', '.cache', 'librechat-db');

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    hash.update(file).update(await readFile(path.join(FERRETDB_SOURCE, file)));
  }
  return hash.digest('hex').slice(0, 16);
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
    await run('go', ['build', '-o', staging, '.'], FERRETDB_SOURCE, env);
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
