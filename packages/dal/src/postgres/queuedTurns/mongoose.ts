/**
 * The shaper's (unconnected) mongoose with `AgentQueuedTurn` and `AgentQueuedTurnSequence`
 * replaced by the PostgreSQL-backed models upstream's queued-turn methods call.
 */
import type { PgContext } from '../context.js';
import { queuedTurnModel } from './models.js';

/**
 * MongoDB's TTL monitor removes a lane once `expiresAt` (retired lanes: retiredAt + 24 h) has
 * passed; PostgreSQL has none, so expired lanes are removed before each lane operation.
 */
function sweepExpiredLanes(ctx: PgContext) {
  const sequences = ctx.collections.agentqueuedturnsequences;
  return async () => {
    await sequences.deleteMany({ expiresAt: { $lte: new Date() } });
  };
}

export function createQueuedTurnMongoose(ctx: PgContext): typeof import('mongoose') {
  const base = ctx.shaper.mongoose as unknown as typeof import('mongoose');
  const replaced: Record<string, unknown> = {
    AgentQueuedTurn: queuedTurnModel(ctx.collections.agentqueuedturns),
    AgentQueuedTurnSequence: queuedTurnModel(ctx.collections.agentqueuedturnsequences, {
      before: sweepExpiredLanes(ctx),
    }),
  };
  const models = new Proxy(base.models, {
    get: (target, name) =>
      typeof name === 'string' && name in replaced ? replaced[name] : Reflect.get(target, name),
  });
  return Object.create(base, { models: { value: models } }) as typeof import('mongoose');
}
