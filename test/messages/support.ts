/** Shared fixtures of the message suites: users, conversation ids, and a seeded conversation. */
import { createRequire } from 'node:module';
import type { AllMethods, Dal } from '@librechat/dal';

/** Upstream's own projection for client-facing message reads (from the dal's copy of data-schemas). */
const fromDal = createRequire(createRequire(import.meta.url).resolve('@librechat/dal'));
export const CLIENT_MESSAGE_SELECT: string = fromDal('@librechat/data-schemas').CLIENT_MESSAGE_SELECT;

export const USER = '65a1b2c3d4e5f60718293a4b';
export const OTHER = '65a1b2c3d4e5f60718293a4c';
export const CONVO = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
export const CONVO2 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const NO_PARENT = '00000000-0000-0000-0000-000000000000';
export const T0 = new Date('2030-05-06T07:08:09.000Z');

export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A conversation of `n` alternating user/assistant messages, one minute apart, in one bulk save. */
export function conversation(n: number, conversationId = CONVO, user = USER): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    messageId: `${conversationId.slice(0, 8)}-msg-${String(i).padStart(3, '0')}`,
    conversationId,
    user,
    parentMessageId:
      i === 0 ? NO_PARENT : `${conversationId.slice(0, 8)}-msg-${String(i - 1).padStart(3, '0')}`,
    isCreatedByUser: i % 2 === 0,
    sender: i % 2 === 0 ? 'User' : 'Assistant',
    // Always given: FerretDB drops the null `model` default of an upsert's $setOnInsert.
    model: 'gpt-4o',
    text: `message ${i}`,
    endpoint: i % 3 === 0 ? 'openAI' : 'anthropic',
    tokenCount: 10 + i,
    createdAt: at(i),
    updatedAt: at(i),
  }));
}

/** Seeds with bulkSaveMessages and explicit timestamps (works on both engines). */
export async function seed(methods: AllMethods, messages: Record<string, unknown>[]): Promise<void> {
  await methods.bulkSaveMessages(messages as never, true);
}

/** The stored message with every hidden field, read the way upstream's model reads it (lean). */
export async function readStored(dal: Dal, filter: Record<string, unknown>): Promise<unknown> {
  const all =
    '+_meiliIndex +subagentTranscript +subagentActivityProjection +subagentTriggerProjection +subagentTask';
  if (dal.engine.mongoose) return dal.engine.mongoose.models.Message?.findOne(filter).select(all).lean();
  return dal.engine.collections?.messages.findOne(filter, { select: all });
}

export const errorText = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });
