/** Small file helpers. */
import { readFile } from 'node:fs/promises';

export async function tailFile(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
