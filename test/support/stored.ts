/**
 * Engine-neutral access to stored documents, for suites that seed rows without going through
 * the method under test (MongoDB: upstream's model; PostgreSQL: the table's PgCollection) and
 * read back what a method wrote, hidden (`select: false`) fields included.
 */
import { createHash } from 'node:crypto';
import type { Dal } from '@librechat/dal';

type Doc = Record<string, unknown>;

function pgCollection(dal: Dal, model: string) {
  const found = Object.values(dal.engine.collections ?? {}).find((c) => c.spec.model === model);
  if (!found) throw new Error(`no PostgreSQL table holds model ${model}`);
  return found;
}

function mongoModel(dal: Dal, model: string) {
  const m = dal.engine.mongoose?.models[model];
  if (!m) throw new Error(`no MongoDB model ${model}`);
  return m;
}

/** `Model.create(docs)` on either engine (upstream defaults and validation, no method involved). */
export async function seed(dal: Dal, model: string, ...docs: Doc[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const doc of docs) {
    if (dal.engine.mongoose) out.push((await mongoModel(dal, model).create(doc))._id);
    else out.push((await pgCollection(dal, model).create(doc))._id);
  }
  return out;
}

/** Every stored document of a model matching `filter`, hidden fields included, in `_id` order. */
export async function stored(dal: Dal, model: string, filter: Doc = {}): Promise<unknown[]> {
  if (dal.engine.mongoose) {
    const m = mongoModel(dal, model);
    const hidden = Object.entries(m.schema.paths)
      .filter(([, p]) => (p as { options?: { select?: boolean } }).options?.select === false)
      .map(([name]) => `+${name}`);
    return m.find(filter).select(hidden.join(' ')).sort({ _id: 1 }).lean();
  }
  const c = pgCollection(dal, model);
  const hidden = c.spec.columns.filter((col) => col.hidden).map((col) => `+${col.field}`);
  return c.find(filter, { select: hidden.join(' ') || undefined, sort: { _id: 1 } });
}

/** SHA-256 hex, as upstream's hashToken stores refresh tokens and API keys. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The payload of a JWT (no verification). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const USER_A = '65a1b2c3d4e5f60718293a4b';
export const USER_B = '65a1b2c3d4e5f60718293a4c';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
