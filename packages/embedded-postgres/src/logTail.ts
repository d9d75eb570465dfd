/** The last lines of a log file, for error messages (empty when it cannot be read). */
import { readFile } from 'node:fs/promises';

export async function tailFile(file: string, lines = 20): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
