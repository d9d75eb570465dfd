/** Fixtures of the prompt suites: groups and prompts written with controlled ids and timestamps. */
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import type { Dal } from '@librechat/dal';
import { Types } from 'mongoose';
// The very logger instance @librechat/dal's upstream methods log through.
import { logger } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';

export const U1 = '6c0000000000000000000001';
export const U2 = '6c0000000000000000000002';
export const MISSING = '6c00000000000000000000ff';
export const T0 = new Date('2030-03-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const errorOf = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });

type Doc = Record<string, unknown>;

/** The system categories from the librechat-data-provider @librechat/dal runs with. */
export const { SystemCategories } = createRequire(import.meta.url)(
  '../../packages/dal/node_modules/librechat-data-provider',
) as { SystemCategories: { MY_PROMPTS: string; NO_CATEGORY: string; SHARED_PROMPTS: string } };

/** `Model.create(doc)` on the engine's model (mongoose defaults, validation, timestamps). */
async function createDoc(dal: Dal, model: 'PromptGroup' | 'Prompt', doc: Doc): Promise<void> {
  const mongoose = dal.engine.mongoose;
  if (mongoose) {
    await mongoose.models[model]?.create(doc);
    return;
  }
  await dal.engine.collections?.[model === 'Prompt' ? 'prompts' : 'promptgroups'].create(doc);
}

export interface SeededGroup {
  _id: string;
  prompts: string[];
}

/**
 * A group and its prompts (`prompts[i]` created at `minute + i`); the last prompt is the
 * production prompt unless `productionIndex` says otherwise. The group's createdAt/updatedAt is
 * `at(minute)` (a new document's updatedAt is its createdAt).
 */
export async function seedGroup(
  dal: Dal,
  options: {
    name: string;
    minute?: number;
    author?: string;
    category?: string;
    numberOfGenerations?: number;
    prompts?: string[];
    productionIndex?: number;
    extra?: Doc;
  },
): Promise<SeededGroup> {
  const groupId = new Types.ObjectId();
  const minute = options.minute ?? 0;
  const author = options.author ?? U1;
  const texts = options.prompts ?? [`${options.name} v1`];
  const promptIds = texts.map(() => new Types.ObjectId());
  for (const [i, text] of texts.entries()) {
    await createDoc(dal, 'Prompt', {
      _id: promptIds[i],
      groupId,
      author,
      prompt: text,
      type: 'text',
      createdAt: at(minute + i),
    });
  }
  const production = promptIds[options.productionIndex ?? promptIds.length - 1] ?? new Types.ObjectId();
  await createDoc(dal, 'PromptGroup', {
    _id: groupId,
    name: options.name,
    author,
    authorName: `Author ${author.slice(-1)}`,
    productionId: production,
    ...(options.category !== undefined && { category: options.category }),
    ...(options.numberOfGenerations !== undefined && { numberOfGenerations: options.numberOfGenerations }),
    createdAt: at(minute),
    ...options.extra,
  });
  return { _id: String(groupId), prompts: promptIds.map(String) };
}

/** A list cursor decoded, so its id compares by identity and its date as a date across engines. */
export function decodeCursor(cursor: string | null | undefined): unknown {
  if (!cursor) return cursor;
  const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString()) as Doc;
  return { ...decoded, updatedAt: new Date(decoded.updatedAt as string) };
}

export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

/** All times a seed may write, for `exactDates`. */
export const SEED_DATES = Array.from({ length: 40 }, (_, i) => at(i));

/**
 * Runs `fn` and returns its result with the messages of the errors upstream's soft-error paths
 * logged meanwhile (`logger.error('…', error)`), so a swallowed server error stays visible: the
 * FerretDB gap that turned a result into a soft error or null is named in the MongoDB side's result.
 */
export async function withLoggedErrors<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; loggedErrors: string[] }> {
  const loggedErrors: string[] = [];
  const original = logger.error;
  logger.error = ((...args: unknown[]) => {
    for (const arg of args) if (arg instanceof Error) loggedErrors.push(arg.message);
    return logger;
  }) as typeof logger.error;
  try {
    return { result: await fn(), loggedErrors };
  } finally {
    logger.error = original;
  }
}
