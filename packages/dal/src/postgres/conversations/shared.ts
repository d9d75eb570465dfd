/** Helpers the conversation methods share (upstream methods/conversation.ts, module scope). */
import { buildRetentionVisibilityFilter } from '@librechat/data-schemas';
import type { Doc } from '../store/rows.js';

export type { Doc };

const ACTOR_CHECKPOINT_FIELDS = [
  'agentEventActor',
  'agentEventActorCleanup',
  'agentEventActorReconciliations',
  'agentEventActorSuspension',
] as const;

/** Callers never write the actor checkpoint state through saves (upstream stripActorCheckpointFields). */
export function stripActorCheckpointFields(record: Doc): void {
  for (const key of Object.keys(record)) {
    if (ACTOR_CHECKPOINT_FIELDS.some((field) => key === field || key.startsWith(`${field}.`))) {
      delete record[key];
    }
  }
}

/** `{ tenantId }`, or "no tenantId at all" for single-tenant rows. */
export function subagentLeaseTenantFilter(tenantId?: string): Doc {
  return tenantId == null ? { tenantId: { $exists: false } } : { tenantId };
}

/** Child threads are durable execution records, not user-navigable conversations. */
export function humanConversationFilter(): Doc {
  return { subagentThread: { $exists: false } };
}

export function visibleRetentionFilter(): Doc {
  return buildRetentionVisibilityFilter() as Doc;
}
