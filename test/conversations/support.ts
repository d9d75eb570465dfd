/** Shared fixtures of the conversation suites. */
import { Buffer } from 'node:buffer';
import type { AllMethods } from '@librechat/dal';

export const U1 = '6a0000000000000000000001';
export const U2 = '6a0000000000000000000002';
export const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const T0 = new Date('2030-01-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Conversations with controlled timestamps, through bulkSaveConvos (timestamps: false). */
export async function seedConvos(methods: AllMethods, convos: Array<Record<string, unknown>>): Promise<void> {
  await methods.bulkSaveConvos(convos.map((c) => ({ user: U1, endpoint: 'openAI', ...c })));
}

/** Reads a page and keeps what a client uses. */
export function ids(page: { conversations: Array<{ conversationId?: string }> }): string[] {
  return page.conversations.map((c) => c.conversationId as string);
}

/** A stored document written the way upstream's model writes it (mongoose create / PgCollection create). */
export async function insertDoc(
  dal: import('@librechat/dal').Dal,
  model: 'SharedLink' | 'ChatProject' | 'ConversationTag',
  table: 'sharedlinks' | 'chatprojects' | 'conversationtags',
  doc: Record<string, unknown>,
): Promise<string> {
  if (dal.engine.mongoose) {
    const created = await dal.engine.mongoose.models[model]!.create(doc);
    return String(created._id);
  }
  const created = await dal.engine.collections![table].create(doc);
  return String(created._id);
}

/** A page cursor decoded (base64 JSON), so its ObjectId compares by identity across engines. */
export function decodeCursor(cursor: string | null | undefined): unknown {
  return cursor ? JSON.parse(Buffer.from(cursor, 'base64').toString()) : cursor;
}

/**
 * The fields a test looks at. FerretDB 1.24 drops null and [] values of `$setOnInsert`, so an
 * upserted document there lacks the schema defaults mongoose sends (`chatProjectId: null`,
 * `files: []`, `messages: []`, `tags: []`) that MongoDB and PostgreSQL store.
 */
export function pick(doc: unknown, fields: string[]): Record<string, unknown> | null {
  if (!doc || typeof doc !== 'object') return doc as null;
  const d = doc as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in d).map((f) => [f, d[f]]));
}
