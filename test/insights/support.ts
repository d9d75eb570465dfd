/** Fixtures of the insights suite: users, agent conversations and messages at fixed instants. */
import type { Dal } from '@librechat/dal';

export const D = (iso: string) => new Date(`${iso}Z`);
export const FROM = D('2030-01-08T00:00:00.000');
export const TO = D('2030-01-10T23:59:59.000');
export const AGENTS = [
  { id: 'agent_a', name: 'Agent A' },
  { id: 'agent_b', name: 'Agent B' },
] as const;
export const AGENT_IDS = ['agent_b', 'agent_a'];
export const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export type Seeded = { ann: string; bob: string; cy: string };

/**
 * Ann (name) and Bob (username only) talk to the agents inside the range, Cy only four weeks
 * before it (a churned user); the rest is outside the scope: another agent, a temporary chat, a
 * non-agent model's reply, a message whose conversation belongs to someone else.
 */
export async function seedInsights(dal: Dal): Promise<Seeded> {
  const { methods } = dal;
  const ann = String(await methods.createUser({ name: 'Ann', email: 'ann@example.com', provider: 'local' }));
  const bob = String(
    await methods.createUser({ username: 'bob', email: 'bob@example.com', provider: 'local' }),
  );
  const cy = String(await methods.createUser({ name: 'Cy', email: 'cy@example.com', provider: 'local' }));
  const convo = (n: number, user: string, createdAt: Date, extra: Record<string, unknown> = {}) => ({
    conversationId: C(n),
    user,
    endpoint: 'agents',
    title: `c${n}`,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  });
  // Through the model (as saveConvo stores initial_agent_id; bulkSaveConvos would store null).
  const create = (doc: Record<string, unknown>) =>
    dal.engine.mongoose
      ? dal.engine.mongoose.models.Conversation!.create(doc)
      : dal.engine.collections!.conversations.create(doc);
  for (const doc of [
    convo(1, ann, D('2030-01-08T10:00:00.000'), { initial_agent_id: 'agent_a', agent_id: 'agent_a' }),
    convo(2, bob, D('2030-01-09T10:00:00.000'), { initial_agent_id: 'agent_b', agent_id: 'agent_a' }),
    convo(3, ann, D('2030-01-09T11:00:00.000'), { initial_agent_id: 'other', agent_id: 'agent_a' }),
    convo(4, ann, D('2030-01-09T12:00:00.000'), { initial_agent_id: 'agent_a', isTemporary: true }),
    convo(5, cy, D('2029-12-12T09:00:00.000'), { agent_id: 'agent_a' }),
    convo(6, bob, D('2030-01-10T08:00:00.000'), { agent_id: 'agent_a' }),
    convo(7, cy, D('2030-01-10T09:00:00.000'), { initial_agent_id: null, agent_id: 'agent_a' }),
  ]) {
    await create(doc);
  }
  let n = 0;
  const message = (conversation: number, user: string, iso: string, extra: Record<string, unknown>) => {
    n += 1;
    const createdAt = D(iso);
    return {
      messageId: `m${n}`,
      conversationId: C(conversation),
      user,
      endpoint: 'agents',
      createdAt,
      updatedAt: createdAt,
      ...extra,
    };
  };
  const ask = (text: string, tokenCount: number) => ({
    isCreatedByUser: true,
    text,
    tokenCount,
    sender: 'User',
  });
  const reply = (model: string, tokenCount?: number) => ({
    isCreatedByUser: false,
    text: 'ok',
    model,
    tokenCount,
  });
  await methods.bulkSaveMessages(
    [
      message(1, ann, '2030-01-08T10:01:00.000', ask('Hello A', 5)),
      message(1, ann, '2030-01-08T10:02:00.000', reply('agent_a', 20)),
      message(1, ann, '2030-01-09T09:00:00.000', ask('second', 3)),
      message(2, bob, '2030-01-09T10:01:00.000', ask('Hi B', 7)),
      message(2, bob, '2030-01-09T10:02:00.000', reply('agent_b', 11)),
      message(2, bob, '2030-01-09T10:03:00.000', reply('gpt-4o', 13)),
      message(2, ann, '2030-01-09T10:04:00.000', ask('not the owner', 2)),
      message(3, ann, '2030-01-09T11:01:00.000', ask('other agent', 4)),
      message(4, ann, '2030-01-09T12:01:00.000', ask('temporary', 4)),
      message(5, cy, '2029-12-12T10:00:00.000', ask('old question', 9)),
      message(6, bob, '2030-01-10T08:01:00.000', reply('agent_a')),
      message(7, cy, '2030-01-10T09:01:00.000', ask('null initial agent', 1)),
    ],
    true,
  );
  return { ann, bob, cy };
}

export const rangeOptions = {
  range: 'custom' as const,
  fromTimestamp: FROM.toISOString(),
  toTimestamp: TO.toISOString(),
  timeZone: 'UTC',
  agentIds: AGENT_IDS,
  agents: [...AGENTS],
};
