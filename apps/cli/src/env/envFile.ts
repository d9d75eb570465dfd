/**
 * Reads, merges and writes a `.env` file without disturbing what is already in it.
 *
 * - Values are parsed with dotenv's own parser, so what we read is what LibreChat reads.
 * - A merge only touches the assignments of the keys it sets, and only when the value differs;
 *   every other byte (comments, blank lines, quoting, `export`, line endings) is kept as is.
 *   New keys are appended at the end under a `# librechat-db` comment.
 * - Writing makes a `.env.bak-<timestamp>` copy first (when the file exists), then writes a temp
 *   file with mode 0600 beside it and renames it over the original (atomic on one filesystem).
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import dotenv from 'dotenv';

export const ENV_HEADER = '# librechat-db';

export interface EnvFile {
  /** The path as given (absolute). */
  path: string;
  exists: boolean;
  text: string;
  values: Record<string, string>;
  /** Permission bits of the existing file. */
  mode?: number;
}

/** dotenv's parser: the values LibreChat will see. */
export function parseEnv(text: string): Record<string, string> {
  return dotenv.parse(text);
}

export async function readEnvFile(file: string): Promise<EnvFile> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { path: file, exists: true, text, values: dotenv.parse(text), mode: stat.mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path: file, exists: false, text: '', values: {} };
    }
    throw error;
  }
}

interface Assignment {
  key: string;
  /** Index of the first and last line (inclusive) of the assignment. */
  start: number;
  end: number;
  /** Leading whitespace, `export `, the key and the separator, as written. */
  head: string;
  quote: '' | '"' | "'" | '`';
  /** What follows the value on its last line (spaces and an inline comment), before the EOL. */
  tail: string;
  /** The raw text of the assignment (for dotenv to parse its value). */
  raw: string;
}

interface Line {
  body: string;
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: a classic exec loop
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    lines.push({ body: m[1] ?? '', eol: m[2] ?? '' });
  }
  return lines;
}

const ASSIGNMENT = /^(\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*|:\s+))(.*)$/;

/** Finds the assignments in the file, following dotenv's grammar (including multi-line quotes). */
function scan(lines: Line[]): Assignment[] {
  const found: Assignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ASSIGNMENT.exec(lines[i]?.body ?? '');
    if (!m) continue;
    const head = m[1] ?? '';
    const key = m[2] ?? '';
    const rest = m[3] ?? '';
    const first = rest.trimStart();
    const lead = rest.slice(0, rest.length - first.length);
    const q = first[0];
    if (q === '"' || q === "'" || q === '`') {
      // Look for the closing quote (not escaped), possibly on a later line.
      let text = first.slice(1);
      let j = i;
      for (;;) {
        const close = findClosingQuote(text, q);
        if (close >= 0) {
          const tail = text.slice(close + 1);
          const raw = lines
            .slice(i, j + 1)
            .map((l, k) => (k === j - i ? l.body : l.body + l.eol))
            .join('');
          found.push({ key, start: i, end: j, head: head + lead, quote: q, tail, raw });
          i = j;
          break;
        }
        j++;
        if (j >= lines.length) {
          // Unclosed quote: dotenv reads the line as an unquoted value.
          found.push(unquoted(key, i, head, rest, lines[i]?.body ?? ''));
          break;
        }
        text = lines[j]?.body ?? '';
      }
    } else {
      found.push(unquoted(key, i, head, rest, lines[i]?.body ?? ''));
    }
  }
  return found;
}

function findClosingQuote(text: string, q: string): number {
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\\') {
      k++;
      continue;
    }
    if (text[k] === q) return k;
  }
  return -1;
}

function unquoted(key: string, line: number, head: string, rest: string, body: string): Assignment {
  const hash = rest.indexOf('#');
  let tail = '';
  if (hash >= 0) {
    const before = rest.slice(0, hash);
    const value = before.trimEnd();
    tail = rest.slice(value.length);
  } else {
    const value = rest.trimEnd();
    tail = rest.slice(value.length);
  }
  return { key, start: line, end: line, head, quote: '', tail, raw: body };
}

const SAFE_UNQUOTED = /^[\w.\-/:@+=,%]*$/;

function formatValue(value: string, quote: Assignment['quote']): string {
  if (quote && !value.includes(quote) && !value.includes('\n')) return `${quote}${value}${quote}`;
  if (SAFE_UNQUOTED.test(value)) return value;
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  return JSON.stringify(value);
}

export interface MergeResult {
  text: string;
  /** Keys whose existing assignment was rewritten. */
  updated: string[];
  /** Keys appended at the end. */
  added: string[];
  changed: boolean;
}

/** Sets `updates` in the `.env` text, preserving everything else byte for byte. */
export function mergeEnv(text: string, updates: Record<string, string>): MergeResult {
  const lines = splitLines(text);
  const assignments = scan(lines);
  const eol = dominantEol(lines);
  const updated = new Set<string>();
  const present = new Set<string>();

  // Rewrite from the bottom so earlier line indexes stay valid.
  for (const a of [...assignments].reverse()) {
    if (!(a.key in updates)) continue;
    present.add(a.key);
    const wanted = updates[a.key] ?? '';
    const current = dotenv.parse(a.raw)[a.key];
    if (current === wanted) continue;
    const lastEol = lines[a.end]?.eol ?? '';
    const body = `${a.head}${formatValue(wanted, a.quote)}${a.tail}`;
    lines.splice(a.start, a.end - a.start + 1, { body, eol: lastEol });
    updated.add(a.key);
  }

  const added = Object.keys(updates).filter((k) => !present.has(k));
  let out = lines.map((l) => l.body + l.eol).join('');
  if (added.length > 0 && lines.length > 0) {
    const last = lines[lines.length - 1] as Line;
    if (last.eol === '') out += eol; // no final newline
    if (last.body.trim() !== '') out += eol; // a blank line before our block
  }
  if (added.length > 0) {
    out += ENV_HEADER + eol;
    for (const key of added) out += `${key}=${formatValue(updates[key] ?? '', '')}${eol}`;
  }
  return { text: out, updated: [...updated], added, changed: out !== text };
}

function dominantEol(lines: Line[]): string {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function backupName(file: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${file}.bak-${stamp}`;
}

export interface WriteResult {
  /** Where the previous content was copied, when there was a file. */
  backupPath?: string;
  /** The file actually written (a symlinked .env is written through to its target). */
  writtenPath: string;
}

/**
 * Temp files being written right now; a Ctrl-C handler removes them (`removePendingTempFiles`)
 * so an interrupted write leaves the old `.env` and nothing else.
 */
const pendingTempFiles = new Set<string>();

export function removePendingTempFiles(): void {
  for (const file of pendingTempFiles) {
    try {
      rmSync(file, { force: true });
    } catch {
      // best effort while exiting
    }
  }
  pendingTempFiles.clear();
}

/** Backs up the existing file, then writes `text` atomically with mode 0600. */
export async function writeEnvFileAtomic(file: string, text: string): Promise<WriteResult> {
  let target = file;
  let exists = true;
  try {
    target = await fs.realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    exists = false;
  }
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });

  let backupPath: string | undefined;
  if (exists) {
    backupPath = backupName(file);
    for (let n = 1; ; n++) {
      try {
        await fs.copyFile(target, backupPath, fsConstants.COPYFILE_EXCL);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 50) throw error;
        backupPath = `${backupName(file)}-${n}`;
      }
    }
    await fs.chmod(backupPath, 0o600);
  }

  const tmp = path.join(
    dir,
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  pendingTempFiles.add(tmp);
  try {
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(tmp, 0o600); // the umask may have narrowed it; never widened
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  } finally {
    pendingTempFiles.delete(tmp);
  }
  return { backupPath, writtenPath: target };
}
