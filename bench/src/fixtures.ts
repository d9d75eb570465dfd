/** Realistic messages: a user turn and an assistant turn with text and tool-call content parts. */
import { randomUUID } from 'node:crypto';

export const USER = '65a1b2c3d4e5f60718293a4b';
const T0 = Date.UTC(2030, 0, 1);
const NO_PARENT = '00000000-0000-0000-0000-000000000000';

const prose =
  'The quick brown fox jumps over the lazy dog while the assistant explains, step by step, how the ' +
  'migration keeps every conversation intact and why the index serves the message tree in order. ';

export type Message = Record<string, unknown>;

export function message(
  conversationId: string,
  i: number,
  messageId = `${conversationId.slice(0, 8)}-${i}`,
): Message {
  const assistant = i % 2 === 1;
  return {
    messageId,
    conversationId,
    user: USER,
    parentMessageId: i === 0 ? NO_PARENT : `${conversationId.slice(0, 8)}-${i - 1}`,
    isCreatedByUser: !assistant,
    sender: assistant ? 'GPT-4o' : 'User',
    model: 'gpt-4o',
    endpoint: 'openAI',
    text: prose.repeat(assistant ? 4 : 1),
    tokenCount: assistant ? 220 : 60,
    unfinished: false,
    error: false,
    ...(assistant
      ? {
          content: [
            { type: 'think', think: prose },
            {
              type: 'tool_call',
              tool_call: {
                id: `call_${i}`,
                name: 'web_search',
                args: '{"query":"postgres jsonb"}',
                output: prose,
                progress: 1,
              },
            },
            { type: 'text', text: prose.repeat(2) },
          ],
        }
      : {}),
    createdAt: new Date(T0 + i * 1000),
    updatedAt: new Date(T0 + i * 1000),
  };
}

export function conversation(n: number, conversationId = randomUUID()): Message[] {
  return Array.from({ length: n }, (_, i) => message(conversationId, i));
}
