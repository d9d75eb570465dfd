/** Draining, deleting, conversation deletion and a user's purge. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { at, failure, labelLanes, scope, turn, U1, U2 } from './support.js';

differential('queuedTurns › ensureAgentQueuedTurnIndexes resolves (twice)', async ({ methods }) => {
  return {
    first: await methods.ensureAgentQueuedTurnIndexes(),
    second: await methods.ensureAgentQueuedTurnIndexes(),
  };
});

differential(
  'queuedTurns › drainAgentQueuedTurns cancels a conversation or all of an owner',
  async ({ methods }) => {
    await methods.enqueueAgentQueuedTurn(turn('d1'));
    await methods.enqueueAgentQueuedTurn(turn('d2', { conversationId: 'c2' }));
    await methods.enqueueAgentQueuedTurn(turn('d3', { user: U2 }));
    const one = await methods.drainAgentQueuedTurns({ user: U1, conversationId: 'c1', settledAt: at(1) });
    const rest = await methods.drainAgentQueuedTurns({ user: U1, settledAt: at(1) });
    const none = await methods.drainAgentQueuedTurns({ user: U1, settledAt: at(1) });
    return labelLanes({
      one,
      rest,
      none,
      receipts: await methods.listAgentQueuedTurnReceipts({ ...scope(), clientRequestIds: ['d1'] }),
      c2: await methods.listAgentQueuedTurnReceipts({ ...scope('c2'), clientRequestIds: ['d2'] }),
      u2: await methods.listActiveAgentQueuedTurns(scope('c1', U2)),
      // A drained lane takes new turns again.
      after: await methods.enqueueAgentQueuedTurn(turn('d4')).catch(failure),
    });
  },
  { exactDates: [at(1)] },
);

differential(
  'queuedTurns › deleteAgentQueuedTurns and deleteAllAgentQueuedTurnsForUser',
  async ({ methods }) => {
    await methods.enqueueAgentQueuedTurn(turn('e1'));
    await methods.enqueueAgentQueuedTurn(turn('e2', { conversationId: 'c2' }));
    await methods.enqueueAgentQueuedTurn(turn('e3', { conversationId: 'c3' }));
    await methods.enqueueAgentQueuedTurn(turn('e4', { user: U2 }));
    const one = await methods.deleteAgentQueuedTurns({ user: U1, conversationId: 'c1' });
    const again = await methods.deleteAgentQueuedTurns({ user: U1, conversationId: 'c1' });
    const recreated = await methods.enqueueAgentQueuedTurn(turn('e5'));
    const all = await methods.deleteAllAgentQueuedTurnsForUser({ user: U1 });
    return labelLanes({
      one,
      again,
      recreated,
      all,
      allAgain: await methods.deleteAllAgentQueuedTurnsForUser({ user: U1 }),
      u2: await methods.listActiveAgentQueuedTurns(scope('c1', U2)),
      invalid: await methods.deleteAgentQueuedTurns({ user: U1, conversationId: ' ' }).catch(failure),
    });
  },
);

differential(
  'queuedTurns › conversation deletion: prepare retires the lane, enqueue is refused, delete removes it',
  async ({ methods }) => {
    await methods.enqueueAgentQueuedTurn(turn('v1'));
    await methods.enqueueAgentQueuedTurn(turn('v2', { conversationId: 'c2' }));
    await inTenant('t1', () => methods.enqueueAgentQueuedTurn(turn('v3', { tenantId: 't1' })));
    const targets = [{ conversationId: 'c1' }, { conversationId: 'c2', tenantId: 'none' }];
    const prepared = await methods.prepareAgentQueuedTurnConversationDeletion({
      user: U1,
      targets,
      settledAt: at(1),
    });
    const refused = await methods.enqueueAgentQueuedTurn(turn('v4')).catch(failure);
    const c2Open = await methods.enqueueAgentQueuedTurn(turn('v5', { conversationId: 'c2' })).catch(failure);
    const receipts = await methods.listAgentQueuedTurnReceipts({ ...scope(), clientRequestIds: ['v1'] });
    const deleted = await methods.deletePreparedAgentQueuedTurnConversations({ user: U1, targets });
    const allTenants = await methods.deletePreparedAgentQueuedTurnConversations({
      user: U1,
      targets: [{ conversationId: 'c1', allTenants: true }],
    });
    return labelLanes({
      prepared: prepared.sort(),
      refused,
      c2Open,
      receipts,
      deleted,
      allTenants,
      afterDelete: await methods.enqueueAgentQueuedTurn(turn('v6')).catch(failure),
      empty: await methods
        .prepareAgentQueuedTurnConversationDeletion({ user: U1, targets: [] })
        .catch(failure),
      emptyDelete: await methods
        .deletePreparedAgentQueuedTurnConversations({ user: U1, targets: [] })
        .catch(failure),
    });
  },
  { exactDates: [at(1)] },
);
