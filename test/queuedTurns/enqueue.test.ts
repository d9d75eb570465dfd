/** Enqueueing, idempotent replays, input normalization and the read paths. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { failure, labelLanes, scope, turn, U1, U2 } from './support.js';

differential(
  'queuedTurns › enqueue assigns lane sequences in order; replays return the stored turn',
  async ({ methods }) => {
    const a = await methods.enqueueAgentQueuedTurn(turn('r1'));
    const b = await methods.enqueueAgentQueuedTurn(turn('r2', { priority: true }));
    const c = await methods.enqueueAgentQueuedTurn(turn('r3', { expectedPredecessorCreatedAt: 5 }));
    const replay = await methods.enqueueAgentQueuedTurn(turn('r1'));
    const conflict = await methods.enqueueAgentQueuedTurn(turn('r1', { text: 'different' })).catch(failure);
    const other = await methods.enqueueAgentQueuedTurn(turn('r1', { conversationId: 'c2' }));
    const otherUser = await methods.enqueueAgentQueuedTurn(turn('r1', { user: U2 }));
    return labelLanes({ a, b, c, replay, conflict, other, otherUser });
  },
);

differential('queuedTurns › enqueue normalizes text, files, quotes and skills', async ({ methods }) => {
  const files = [
    {
      file_id: ' f1 ',
      type: 'image/png',
      filepath: '/a',
      filename: 'a.png',
      llmDeliveryPath: 'provider',
      height: 2,
      width: 3,
      bytes: 4,
    },
    { file_id: 'f1', type: 'dup' },
    { file_id: 'f2', llmDeliveryPath: 'text' },
  ];
  const quotes = [' q1 ', '', 'x'.repeat(2000), ...Array.from({ length: 12 }, (_, i) => `q${i}`)];
  const stored = await methods.enqueueAgentQueuedTurn(
    turn('n1', { text: '  hello  ', files, quotes, manualSkills: ['s1', ' s1 ', 's2'] }) as never,
  );
  const onlyFile = await methods.enqueueAgentQueuedTurn(
    turn('n2', { text: '   ', files: [{ file_id: 'f3' }] }) as never,
  );
  // Delivery routing is not part of the fingerprint: a replay with another path is the same turn.
  const replay = await methods.enqueueAgentQueuedTurn(
    turn('n2', { text: '   ', files: [{ file_id: 'f3', llmDeliveryPath: 'none' }] }) as never,
  );
  return labelLanes({ stored, onlyFile, replay });
});

differential('queuedTurns › enqueue rejects invalid input', async ({ methods }) => {
  const attempt = (extra: Record<string, unknown>) =>
    methods.enqueueAgentQueuedTurn(turn('bad', extra) as never).then(() => 'ok', failure);
  return {
    empty: await attempt({ text: '   ' }),
    tooLong: await attempt({ text: 'x'.repeat(32_769) }),
    nonString: await attempt({ text: 5 }),
    conversation: await attempt({ conversationId: '  ' }),
    clientRequestId: await attempt({ clientRequestId: 'x'.repeat(129) }),
    tooManyFiles: await attempt({ files: Array.from({ length: 21 }, (_, i) => ({ file_id: `f${i}` })) }),
    deliveryPath: await attempt({ files: [{ file_id: 'f', llmDeliveryPath: 'mail' }] }),
    negativeBytes: await attempt({ files: [{ file_id: 'f', bytes: -1 }] }),
    quote: await attempt({ quotes: [5] }),
    tooManySkills: await attempt({ manualSkills: Array.from({ length: 33 }, (_, i) => `s${i}`) }),
    predecessor: await attempt({ expectedPredecessorCreatedAt: -1 }),
    predecessorFraction: await attempt({ expectedPredecessorCreatedAt: 1.5 }),
    stored: await methods.listActiveAgentQueuedTurns(scope()),
  };
});

differential(
  'queuedTurns › getAgentQueuedTurnByClientRequestId is scoped to user, tenant and conversation',
  async ({ methods }) => {
    await methods.enqueueAgentQueuedTurn(turn('g1'));
    await inTenant('t1', () =>
      methods.enqueueAgentQueuedTurn(turn('g1', { tenantId: 't1', text: 'tenant' })),
    );
    return labelLanes({
      found: await methods.getAgentQueuedTurnByClientRequestId({ ...scope(), clientRequestId: ' g1 ' }),
      tenant: await inTenant('t1', () =>
        methods.getAgentQueuedTurnByClientRequestId({ ...scope(), tenantId: 't1', clientRequestId: 'g1' }),
      ),
      otherUser: await methods.getAgentQueuedTurnByClientRequestId({
        ...scope('c1', U2),
        clientRequestId: 'g1',
      }),
      otherConversation: await methods.getAgentQueuedTurnByClientRequestId({
        ...scope('c9'),
        clientRequestId: 'g1',
      }),
      missing: await methods.getAgentQueuedTurnByClientRequestId({ ...scope(), clientRequestId: 'none' }),
      invalid: await methods
        .getAgentQueuedTurnByClientRequestId({ ...scope(), clientRequestId: '' })
        .catch(failure),
    });
  },
);

differential(
  'queuedTurns › listActiveAgentQueuedTurns: priority first, then sequence; limits',
  async ({ methods }) => {
    for (const [id, priority] of [
      ['l1', false],
      ['l2', true],
      ['l3', false],
      ['l4', true],
    ] as const) {
      await methods.enqueueAgentQueuedTurn(turn(id, { priority }));
    }
    const { turn: cancelled } = await methods.enqueueAgentQueuedTurn(turn('l5'));
    await methods.cancelAgentQueuedTurn({
      user: U1,
      queuedTurnId: cancelled.queuedTurnId,
      settledAt: new Date(0),
    });
    return {
      all: await methods.listActiveAgentQueuedTurns(scope()),
      two: await methods.listActiveAgentQueuedTurns({ ...scope(), limit: 2 }),
      zero: await methods.listActiveAgentQueuedTurns({ ...scope(), limit: 0 }).catch(failure),
      tooMany: await methods.listActiveAgentQueuedTurns({ ...scope(), limit: 101 }).catch(failure),
      otherUser: await methods.listActiveAgentQueuedTurns(scope('c1', U2)),
    };
  },
);

differential(
  'queuedTurns › listAgentQueuedTurnReceipts: active, dead and the named requests',
  async ({ methods }) => {
    await methods.enqueueAgentQueuedTurn(turn('p1'));
    const { turn: dead } = await methods.enqueueAgentQueuedTurn(turn('p2', { priority: true }));
    const { turn: cancelled } = await methods.enqueueAgentQueuedTurn(turn('p3'));
    await methods.cancelAgentQueuedTurn({
      user: U1,
      queuedTurnId: cancelled.queuedTurnId,
      settledAt: new Date(0),
    });
    await methods.drainAgentQueuedTurns({ user: U2, settledAt: new Date(0) });
    const deadLettered = await methods.reserveAgentQueuedTurnDelivery({
      ...scope(),
      queuedTurnId: dead.queuedTurnId,
      deliveryKey: 'k2',
    });
    await methods.deadLetterAgentQueuedTurn({
      ...scope(),
      queuedTurnId: dead.queuedTurnId,
      deliveryKey: 'k2',
      settledAt: new Date(0),
      failure: { code: 'X', message: 'failed' },
    });
    return {
      deadLettered: deadLettered.outcome,
      none: await methods.listAgentQueuedTurnReceipts(scope()),
      named: await methods.listAgentQueuedTurnReceipts({
        ...scope(),
        clientRequestIds: ['p3', 'p3', 'unknown'],
      }),
      tooMany: await methods
        .listAgentQueuedTurnReceipts({
          ...scope(),
          clientRequestIds: Array.from({ length: 101 }, (_, i) => `x${i}`),
        })
        .catch(failure),
      invalid: await methods
        .listAgentQueuedTurnReceipts({ ...scope(), clientRequestIds: [' '] })
        .catch(failure),
    };
  },
);
