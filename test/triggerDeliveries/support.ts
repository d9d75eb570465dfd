/** Fixtures of the trigger delivery suites. */
import { Types } from 'mongoose';

export const U1 = new Types.ObjectId('6a0000000000000000000001');
export const U2 = new Types.ObjectId('6a0000000000000000000002');

export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const failure = (error: Error) => ({ name: error.name, message: error.message });

export const delivery = (key: string, extra: Record<string, unknown> = {}) => ({
  deliveryKey: key,
  fingerprint: `fp-${key}`,
  orderingKey: 'lane-a',
  envelope: { kind: 'event', key, payload: { n: 1 } },
  user: U1,
  availableAt: T0,
  envelopeBytes: 100,
  ...extra,
});

/** Claims the next delivery as `worker` at `now` (lease one minute). */
export const claimAs = (worker: string, now = at(1), extra: Record<string, unknown> = {}) => ({
  workerId: worker,
  claimToken: `token-${worker}`,
  now,
  leaseUntil: new Date(now.getTime() + 60_000),
  ...extra,
});

export const fenceOf = (claim: { id: string; leaseBy?: string; claimToken?: string }) => ({
  id: claim.id,
  workerId: String(claim.leaseBy),
  claimToken: String(claim.claimToken),
});

type DalLike = {
  engine: {
    mongoose?: { models: Record<string, { updateOne: (f: object, u: object) => Promise<unknown> }> };
    collections?: Record<string, { updateOne: (f: object, u: object) => Promise<unknown> }>;
  };
};

/** Writes straight to the stored delivery (as another replica's worker would have). */
export async function patchDelivery(dal: unknown, deliveryKey: string, update: object): Promise<void> {
  const { engine } = dal as DalLike;
  if (engine.mongoose) await engine.mongoose.models.AgentTriggerDelivery!.updateOne({ deliveryKey }, update);
  else await engine.collections!.agenttriggerdeliveries!.updateOne({ deliveryKey }, update);
}

/** A delivery leased to `worker` (the state a claim leaves), without FerretDB's projected findAndModify. */
export async function leased(
  dal: unknown,
  deliveryKey: string,
  worker = 'w1',
  leaseUntil = at(60),
): Promise<{ workerId: string; claimToken: string }> {
  await patchDelivery(dal, deliveryKey, {
    $set: { status: 'leased', leaseBy: worker, leaseUntil, claimToken: `token-${worker}` },
  });
  return { workerId: worker, claimToken: `token-${worker}` };
}

export const failureOf = (code: string, retryable = true) => ({
  code,
  message: `${code} happened`,
  certainty: 'definite' as const,
  retryable,
  attemptedAt: at(5),
});

/** A background-completion delivery of `sourceId` (task t-<sourceId>) for conversation c1. */
export const backgroundDelivery = (key: string, sourceId: string, extra: Record<string, unknown> = {}) =>
  delivery(key, {
    orderingKey: `bg-${sourceId}`,
    requiredWorkerCapability: 'background_tool_completion_receipt_v2',
    envelope: {
      event: {
        source: { type: 'internal', id: sourceId },
        payload: { taskId: `t-${sourceId}`, toolCallId: `call-${sourceId}`, toolName: 'tool' },
      },
      target: { conversationId: 'c1', parentMessageId: 'm1', agentId: 'agent-1' },
    },
    ...extra,
  });

/** An event-actor delivery bound to binding b1, in conversation c1. */
export const actorDelivery = (key: string, extra: Record<string, unknown> = {}) =>
  delivery(key, {
    orderingKey: `actor-${key}`,
    envelope: {
      event: { source: { type: 'webhook', id: 'src' } },
      target: { bindingId: 'b1', conversationId: 'c1' },
    },
    ...extra,
  });

/** The delivery's handling as a started attempt of generation 100 in conversation c1. */
export const startedHandling = {
  status: 'started',
  conversationId: 'c1',
  streamId: 'stream-1',
  generationCreatedAt: 100,
  startedAt: at(2),
};

export const actorKey = (deliveryKey: string) => ({
  deliveryKey,
  user: U1,
  bindingId: 'b1',
  conversationId: 'c1',
});

export const checkpointReceipt = {
  resolution: 'checkpoint_verified' as const,
  checkpoint: { threadId: 'th-1', checkpointId: 'cp-1', checkpointNs: '' },
  action: { toolName: 'reply', toolCallId: 'call-1' },
};

/** A delivery from remote API key `key-1` (what getAgentTriggerDeliveryStatus reports on). */
export const remoteDelivery = (key: string, extra: Record<string, unknown> = {}) =>
  delivery(key, {
    envelope: {
      event: { source: { type: 'remote_api_key', id: 'key-1' } },
      target: { conversationId: 'c1' },
    },
    ...extra,
  });
