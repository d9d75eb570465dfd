/**
 * Interactive `librechat-db init` through a pseudo-terminal (node-pty, prebuilt as
 * @lydell/node-pty): the questions appear, arrow keys and typing answer them, and the answers
 * decide the setup (here PostgreSQL on an existing server: the test PostgreSQL server).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  CLI,
  cleanEnv,
  makeTempDir,
  newPostgresUrl,
  readEnv,
  SLOW,
  withPg,
} from './support/cli.js';

const ENTER = '\r';
const DOWN = '\x1b[B';

/** Strips ANSI escapes so the screen text can be matched. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][A-Z0-9]/g, '');
}

class Terminal {
  private screen = '';
  private readonly exited: Promise<number>;
  private readonly proc: pty.IPty;

  constructor(cwd: string, args: string[]) {
    this.proc = pty.spawn(process.execPath, [CLI, ...args], {
      cwd,
      cols: 120,
      rows: 40,
      env: cleanEnv({ TERM: 'xterm-256color', FORCE_COLOR: '0' }),
    });
    this.proc.onData((d) => {
      this.screen += d;
    });
    this.exited = new Promise((resolve) => this.proc.onExit(({ exitCode }) => resolve(exitCode)));
  }

  get text(): string {
    return plain(this.screen);
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on screen:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async answer(keys: string): Promise<void> {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: arrow keys are escape sequences
    for (const key of keys.match(/\x1b\[[A-D]|[\s\S]/g) ?? []) {
      this.proc.write(key);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  exit(timeoutMs = 150_000): Promise<number> {
    return Promise.race([
      this.exited,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit after ${timeoutMs}ms; screen:\n${this.text}`)), timeoutMs),
      ),
    ]);
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      // already gone
    }
  }
}

describe('librechat-db init on a terminal (pseudo-terminal)', () => {
  let dir: string;
  let term: Terminal | undefined;

  beforeAll(async () => {
    assertBuilt();
    dir = await makeTempDir('librechat-db-pty-');
  });
  afterAll(async () => {
    term?.kill();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it(
    'asks for the database, where it runs, the URL and search, confirms, then sets it up',
    async () => {
      const { url, database } = newPostgresUrl('pty');
      await fs.writeFile(path.join(dir, '.env'), '# LibreChat\nSEARCH=true\n');
      term = new Terminal(dir, ['init']);

      await term.waitFor('Which database should LibreChat use?');
      expect(term.text).toContain('PostgreSQL');
      expect(term.text).toContain('MongoDB');
      await term.answer(ENTER); // PostgreSQL (the default)

      await term.waitFor('Where does it run?');
      expect(term.text).toContain('Embedded PostgreSQL');
      expect(term.text).toContain('Docker compose (postgres:17 container)');
      await term.answer(`${DOWN}${DOWN}${ENTER}`); // An existing server

      await term.waitFor('PostgreSQL URL');
      await term.answer('mysql://nope');
      await term.answer(ENTER);
      await term.waitFor('must start with postgresql://');
      // clear the field, then the real URL
      await term.answer('\x7f'.repeat('mysql://nope'.length));
      await term.answer(url);
      await term.answer(ENTER);

      await term.waitFor('Enable search with MeiliSearch');
      await term.answer(`n${ENTER}`);

      await term.waitFor(/Set up PostgreSQL on the server at postgresql:\/\/[^:]+:\*\*\*@/);
      await term.answer(ENTER); // yes

      const code = await term.exit();
      expect(code, term.text).toBe(0);
      expect(term.text).toContain('librechat-db init finished');

      const env = await readEnv(dir);
      expect(env).toMatchObject({ DATABASE_TYPE: 'postgresql', POSTGRES_URL: url, SEARCH: 'false' });
      await withPg(url, async (c) => {
        expect((await c.query('SELECT current_database() AS d')).rows[0]?.d).toBe(database);
        expect((await c.query('SELECT count(*)::int AS n FROM roles')).rows[0]?.n).toBe(2);
      });
      const state = JSON.parse(await fs.readFile(path.join(dir, '.librechat-db', 'init.json'), 'utf8'));
      expect(state).toMatchObject({
        status: 'complete',
        choices: { db: 'postgresql', runtime: 'external', meili: 'off' },
      });
    },
    SLOW,
  );

  it(
    'Ctrl-C at a question cancels without writing anything',
    async () => {
      const fresh = path.join(dir, 'cancel');
      await fs.mkdir(fresh);
      term = new Terminal(fresh, ['init']);
      await term.waitFor('Which database should LibreChat use?');
      await term.answer('\x03');
      const code = await term.exit(30_000);
      expect(code).toBe(2);
      expect(term.text).toContain('Cancelled; nothing was changed.');
      expect(await fs.readdir(fresh)).toEqual([]);
    },
    SLOW,
  );
});
