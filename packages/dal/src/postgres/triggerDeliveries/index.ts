/**
 * AgentTriggerDeliveryMethods on PostgreSQL (upstream methods/triggerDelivery.ts). The delivery
 * queue's control flow — lane sequences, staged publication, claim compare-and-set rounds,
 * batches, receipts, detached actions, user purges — is upstream's own (createMethods over a
 * mongoose whose AgentTriggerDelivery, AgentTriggerLaneSequence and AgentTriggerUserPurge models
 * are the agenttriggerdeliveries, agenttriggerlanesequences and agenttriggeruserpurges tables).
 * Every conditional update is PgCollection's row-locked compare-and-set, so a lost claim or lease
 * round behaves as on MongoDB. A purged user's queued turns go through the agentqueuedturns
 * tables when they are registered (upstream deleteAllAgentQueuedTurnsForUser); the user deletion
 * fence and conversation existence come from the users and conversations tables.
 */
import { type AgentTriggerDeliveryMethods, createMethods } from '@librechat/data-schemas';
import { METHOD_GROUPS } from '../../contract.generated.js';
import type { PgContext } from '../context.js';
import type { PgCollection } from '../store/collection.js';
import { createTableMongoose } from './tableModels.js';

/** The models upstream's trigger delivery methods (and their queued-turn purge) reach: the user
 * deletion fence and conversation existence are read from the users and conversations tables. */
const SERVED_MODELS = [
  'User',
  'Conversation',
  'AgentTriggerDelivery',
  'AgentTriggerLaneSequence',
  'AgentTriggerUserPurge',
  'AgentQueuedTurn',
  'AgentQueuedTurnSequence',
];

function servedTables(ctx: PgContext): Record<string, PgCollection | 'empty'> {
  const byModel = new Map(
    Object.values(ctx.collections as Record<string, PgCollection>).map((c) => [c.model.modelName, c]),
  );
  const tables: Record<string, PgCollection | 'empty'> = {};
  for (const model of SERVED_MODELS) tables[model] = byModel.get(model) ?? 'empty';
  return tables;
}

export function createAgentTriggerDeliveryMethods(ctx: PgContext): AgentTriggerDeliveryMethods {
  const upstream = createMethods(createTableMongoose(ctx, servedTables(ctx)), ctx.deps) as unknown as Record<
    string,
    unknown
  >;
  const methods: Record<string, unknown> = {};
  for (const name of METHOD_GROUPS.AgentTriggerDeliveryMethods) methods[name] = upstream[name];
  return methods as unknown as AgentTriggerDeliveryMethods;
}
