/**
 * What init does to an existing `.env` (built binary, --runtime external against the test
 * PostgreSQL server, so no server is started): comments, unknown keys, quoting, `export`, CRLF
 * line ends and an existing DATABASE_TYPE. Only the keys init sets change, in place; everything
 * else is kept byte for byte; a backup comes first; the file ends up mode 0600.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  cli,
  freshPostgresDatabase,
  makeTempDir,
  outputs,
  resultOf,
  SLOW,
} from './support/cli.js';

let root: string;
let url: string;

beforeAll(async () => {
  assertBuilt();
  root = await makeTempDir('librechat-db-env-');
  ({ url } = await freshPostgresDatabase('envcases'));
});
afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

async function initIn(name: string, original: string, extra: string[] = []) {
  const dir = path.join(root, name);
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, '.env'), original, { mode: 0o644 });
  const r = await cli(dir, [
    '--json',
    'init',
    '--yes',
    '--db',
    'postgresql',
    '--runtime',
    'external',
    '--postgres-url',
    url,
    ...extra,
  ]);
  const after = await fs.readFile(path.join(dir, '.env'), 'utf8');
  const backups = (await fs.readdir(dir)).filter((f) => f.startsWith('.env.bak-'));
  const mode = (await fs.stat(path.join(dir, '.env'))).mode & 0o777;
  return { dir, r, after, backups, mode };
}

describe('init keeps the rest of .env', () => {
  it(
    'comments, blank lines, unknown keys, quoted values, export and inline comments are kept byte for byte',
    async () => {
      const original = [
        '#=====================================================#',
        '#               LibreChat Configuration               #',
        '#=====================================================#',
        '',
        'HOST=localhost',
        'PORT=3080',
        '',
        '# a comment with = and "quotes"',
        "CREDS_KEY='f34be427ebb29de8d88c107a71546019685ed8b241d8f2ed00c3df97ad2566f0' # keep secret",
        'export DEBUG_LOGGING=true',
        'OPENAI_API_KEY="sk-abc#not-a-comment"',
        'MULTI="line one',
        'line two"',
        'BACKTICK=`tick`',
        'EMPTY=',
        'MY_OWN_SETTING=42',
        '#POSTGRES_URL=postgresql://commented-out',
      ].join('\n'); // no final newline
      const { r, after, backups, mode, dir } = await initIn('keep', original);
      expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
      expect(after.startsWith(`${original}\n\n# librechat-db\n`)).toBe(true);
      expect(after.slice(original.length)).toBe(
        `\n\n# librechat-db\nDATABASE_TYPE=postgresql\nPOSTGRES_URL=${url}\n`,
      );
      expect(backups).toHaveLength(1);
      expect(await fs.readFile(path.join(dir, backups[0] as string), 'utf8')).toBe(original);
      expect(mode).toBe(0o600);
    },
    SLOW,
  );

  it(
    'an existing DATABASE_TYPE and quoted POSTGRES_URL are updated in place, keeping quotes and comments, with a warning',
    async () => {
      const original = [
        'DATABASE_TYPE=mongodb # was Mongo',
        'MONGO_URI=mongodb://127.0.0.1:27017/LibreChat',
        'POSTGRES_URL="postgresql://old:old@db.example:5432/old"',
        'SEARCH=true',
        '',
      ].join('\n');
      const { r, after } = await initIn('switch', original);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(after).toBe(
        [
          'DATABASE_TYPE=postgresql # was Mongo',
          'MONGO_URI=mongodb://127.0.0.1:27017/LibreChat',
          `POSTGRES_URL="${url}"`,
          'SEARCH=true',
          '',
        ].join('\n'),
      );
      const warnings = String(r.stdout)
        .split('\n')
        .filter((l) => l.includes('"level":"warn"'));
      expect(warnings.join('\n')).toContain('DATABASE_TYPE was mongodb');
      const result = resultOf(r.stdout) as { env: { updated: string[]; added: string[] } };
      expect(result.env.updated.sort()).toEqual(['DATABASE_TYPE', 'POSTGRES_URL']);
      expect(result.env.added).toEqual([]);
    },
    SLOW,
  );

  it(
    'CRLF line ends stay CRLF; --no-meili sets SEARCH=false in place',
    async () => {
      const original = 'HOST=localhost\r\nSEARCH=true\r\nMEILI_HOST=http://0.0.0.0:7700\r\n';
      const { r, after } = await initIn('crlf', original, ['--no-meili']);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(after).toBe(
        `HOST=localhost\r\nSEARCH=false\r\nMEILI_HOST=http://0.0.0.0:7700\r\n\r\n# librechat-db\r\nDATABASE_TYPE=postgresql\r\nPOSTGRES_URL=${url}\r\n`,
      );
    },
    SLOW,
  );

  it(
    'a .env that already says it all is not rewritten: no backup, same bytes and mtime',
    async () => {
      const original = `# set by hand\nDATABASE_TYPE=postgresql\nPOSTGRES_URL='${url}'\n`;
      const dir = path.join(root, 'same');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, '.env'), original, { mode: 0o600 });
      const before = await fs.stat(path.join(dir, '.env'));
      const r = await cli(dir, ['--json', 'init', '--yes', '--runtime', 'external', '--postgres-url', url]);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect((resultOf(r.stdout) as { env: { changed: boolean } }).env.changed).toBe(false);
      expect(await fs.readFile(path.join(dir, '.env'), 'utf8')).toBe(original);
      expect((await fs.stat(path.join(dir, '.env'))).mtimeMs).toBe(before.mtimeMs);
      expect((await fs.readdir(dir)).filter((f) => f.startsWith('.env.bak-'))).toEqual([]);
    },
    SLOW,
  );

  it('never prints the database password', () => {
    const password = decodeURIComponent(new URL(url).password);
    expect(outputs.length).toBeGreaterThan(0);
    if (password) for (const text of outputs) expect(text).not.toContain(password);
  });
});
