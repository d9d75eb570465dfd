/** Fixtures of the chat-project suites. */
import { Buffer } from 'node:buffer';
import type { AllMethods } from '@librechat/dal';

export const U1 = '6b0000000000000000000001';
export const U2 = '6b0000000000000000000002';
export const C = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
export const T0 = new Date('2030-06-01T00:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const errorOf = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });

/** Conversations with controlled timestamps (bulkSaveConvos writes them with timestamps: false). */
export async function seedConvos(methods: AllMethods, convos: Array<Record<string, unknown>>): Promise<void> {
  await methods.bulkSaveConvos(convos.map((c) => ({ user: U1, endpoint: 'openAI', ...c })));
}

/**
 * A list cursor decoded (base64 JSON), so its ObjectId compares by identity across engines and an
 * ISO date primary compares as a date (creation instants differ by milliseconds between runs).
 */
export function decodeCursor(cursor: string | null | undefined): unknown {
  if (!cursor) return cursor;
  const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString()) as { primary: unknown; id: unknown };
  const isIso = typeof decoded.primary === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(decoded.primary);
  return { ...decoded, primary: isIso ? new Date(decoded.primary as string) : decoded.primary };
}

/** The stats a project carries. */
export function stats(project: unknown): unknown {
  if (!project || typeof project !== 'object') return project;
  const p = project as Record<string, unknown>;
  return {
    name: p.name,
    conversationCount: p.conversationCount,
    lastConversationAt: p.lastConversationAt,
    lastConversationId: p.lastConversationId,
  };
}
