/** The CLI's .env merge: only the keys it sets change, everything else is kept byte for byte. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeEnv, parseEnv, writeEnvFileAtomic } from '../../apps/cli/src/env/envFile.js';

describe('mergeEnv', () => {
  it('appends new keys under a # librechat-db comment, after a blank line', () => {
    const r = mergeEnv('A=1\n', { B: '2' });
    expect(r.text).toBe('A=1\n\n# librechat-db\nB=2\n');
    expect(r.added).toEqual(['B']);
    expect(r.changed).toBe(true);
  });

  it('handles an empty file and a file without a final newline', () => {
    expect(mergeEnv('', { B: '2' }).text).toBe('# librechat-db\nB=2\n');
    expect(mergeEnv('A=1', { B: '2' }).text).toBe('A=1\n\n# librechat-db\nB=2\n');
  });

  it('updates in place, keeping export, quotes, spacing and inline comments', () => {
    const text = [
      '# top',
      'export POSTGRES_PORT=5432 # default',
      'POSTGRES_HOST = "db.example"',
      "POSTGRES_PASSWORD='old'",
      'OTHER="x # not a comment"',
      '',
    ].join('\n');
    const r = mergeEnv(text, {
      POSTGRES_PORT: '6543',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PASSWORD: 'n3w_Pass-word',
    });
    expect(r.text).toBe(
      [
        '# top',
        'export POSTGRES_PORT=6543 # default',
        'POSTGRES_HOST = "127.0.0.1"',
        "POSTGRES_PASSWORD='n3w_Pass-word'",
        'OTHER="x # not a comment"',
        '',
      ].join('\n'),
    );
    expect(r.added).toEqual([]);
    expect(parseEnv(r.text)).toMatchObject({
      POSTGRES_PORT: '6543',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PASSWORD: 'n3w_Pass-word',
      OTHER: 'x # not a comment',
    });
  });

  it('leaves a key alone when its value is already right, whatever its formatting', () => {
    const text = 'DATABASE_TYPE="postgresql"   # ok\r\nX=1\r\n';
    const r = mergeEnv(text, { DATABASE_TYPE: 'postgresql' });
    expect(r.changed).toBe(false);
    expect(r.text).toBe(text);
  });

  it('keeps CRLF line endings and uses them for appended keys', () => {
    const r = mergeEnv('A=1\r\nB=2\r\n', { B: '3', C: '4' });
    expect(r.text).toBe('A=1\r\nB=3\r\n\r\n# librechat-db\r\nC=4\r\n');
  });

  it('does not mistake lines inside a multi-line quoted value for assignments', () => {
    const text = 'KEY="line one\nPOSTGRES_PORT=1\nline three"\nZ=9\n';
    const r = mergeEnv(text, { POSTGRES_PORT: '7777' });
    expect(r.text).toBe(`${text}\n# librechat-db\nPOSTGRES_PORT=7777\n`);
    expect(parseEnv(r.text).KEY).toBe('line one\nPOSTGRES_PORT=1\nline three');
  });

  it('rewrites a multi-line value of a key it sets as one line', () => {
    const r = mergeEnv('A=0\nPOSTGRES_URL="a\nb"\nZ=9\n', { POSTGRES_URL: '' });
    expect(r.text).toBe('A=0\nPOSTGRES_URL=""\nZ=9\n');
    expect(parseEnv(r.text).POSTGRES_URL).toBe('');
  });

  it('updates every assignment of a repeated key and ignores commented-out ones', () => {
    const r = mergeEnv('#P=0\nP=1\nP=2\n', { P: '3' });
    expect(r.text).toBe('#P=0\nP=3\nP=3\n');
  });
});

describe('writeEnvFileAtomic', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('backs up the old file and writes the new one with mode 0600, through a symlink', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'librechat-db-env-'));
    dirs.push(dir);
    const real = path.join(dir, 'real.env');
    const link = path.join(dir, '.env');
    await fs.writeFile(real, 'A=1\n', { mode: 0o644 });
    await fs.symlink(real, link);
    const { backupPath } = await writeEnvFileAtomic(link, 'A=2\n');
    expect(backupPath).toMatch(/\.env\.bak-\d{8}T\d{6}Z$/);
    expect(await fs.readFile(backupPath as string, 'utf8')).toBe('A=1\n');
    expect((await fs.stat(backupPath as string)).mode & 0o777).toBe(0o600);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toBe('A=2\n');
    expect((await fs.stat(real)).mode & 0o777).toBe(0o600);
    // a second write in the same second gets its own backup name
    const second = await writeEnvFileAtomic(link, 'A=3\n');
    expect(second.backupPath).not.toBe(backupPath);
    expect((await fs.readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('creates a missing file without a backup', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'librechat-db-env-'));
    dirs.push(dir);
    const file = path.join(dir, 'sub', '.env');
    const { backupPath } = await writeEnvFileAtomic(file, 'A=1\n');
    expect(backupPath).toBeUndefined();
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });
});
