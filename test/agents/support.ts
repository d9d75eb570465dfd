/** Fixtures of the agent suites: agents stored through upstream's model with controlled times. */
import type { Dal } from '@librechat/dal';
import { seed } from '../support/stored.js';

export { withLoggedErrors } from '../prompts/support.js';

export const U1 = '6a0000000000000000000001';
export const U2 = '6a0000000000000000000002';
export const MISSING = '6a00000000000000000000ff';
export const T0 = new Date('2030-04-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
/** All times a seed may write, for `exactDates`. */
export const SEED_DATES = Array.from({ length: 40 }, (_, i) => at(i));

export const errorOf = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });

export const VIEW = 1;
export const EDIT = 2;

type Doc = Record<string, unknown>;

/** An agent created at `at(minute)` by `Model.create` (no AgentMethods involved); returns its _id. */
export async function seedAgent(dal: Dal, id: string, extra: Doc = {}, minute = 0): Promise<string> {
  const [_id] = await seed(dal, 'Agent', {
    id,
    name: `Agent ${id}`,
    provider: 'openai',
    model: 'gpt-4o',
    author: U1,
    createdAt: at(minute),
    ...extra,
  });
  return String(_id);
}

/** A base64 cursor decoded, so its id compares by identity and its date as a date. */
export function decodeCursor(cursor: string | null | undefined): unknown {
  if (!cursor) return cursor;
  const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString()) as Doc;
  return { ...decoded, updatedAt: new Date(decoded.updatedAt as string) };
}

export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
