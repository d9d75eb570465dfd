/** Producer leases, background tool result receipts and their wake-up claims, retirement. */
import { differential } from '../harness/index.js';
import { at, backgroundDelivery, delivery, failure, U1 } from './support.js';

const receipt = (output = 'done') => ({ status: 'completed' as const, output, settledAt: at(5) });
const scope = { userId: String(U1), conversationId: 'c1', parentMessageId: 'm1' };

differential(
  'triggerDeliveries › producer leases: renewed only forward on live background deliveries; missing, live, expired',
  async ({ methods }) => {
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    await methods.enqueueAgentTriggerDelivery(delivery('plain'));
    const lookup = (now: Date) =>
      methods.getAgentTriggerDeliveryProducerLease({ deliveryKey: 'b1', sourceId: 's1', now });
    const missing = await lookup(at(1));
    const renewed = await methods.renewAgentTriggerDeliveryProducerLease({
      deliveryKey: 'b1',
      sourceId: 's1',
      leaseUntil: at(30),
    });
    const shorter = await methods.renewAgentTriggerDeliveryProducerLease({
      deliveryKey: 'b1',
      sourceId: 's1',
      leaseUntil: at(10),
    });
    return {
      missing,
      renewed,
      shorter,
      live: await lookup(at(20)),
      expired: await lookup(at(31)),
      wrongSource: await methods.renewAgentTriggerDeliveryProducerLease({
        deliveryKey: 'b1',
        sourceId: 'sX',
        leaseUntil: at(30),
      }),
      plain: await methods.renewAgentTriggerDeliveryProducerLease({
        deliveryKey: 'plain',
        sourceId: 's1',
        leaseUntil: at(30),
      }),
      plainLookup: await methods.getAgentTriggerDeliveryProducerLease({
        deliveryKey: 'plain',
        sourceId: 's1',
        now: at(1),
      }),
      invalid: await methods
        .renewAgentTriggerDeliveryProducerLease({ deliveryKey: '', sourceId: 's1', leaseUntil: at(30) })
        .catch(failure),
      invalidLookup: await methods
        .getAgentTriggerDeliveryProducerLease({
          deliveryKey: 'b1',
          sourceId: 's1',
          now: new Date(Number.NaN),
        })
        .catch(failure),
    };
  },
);

differential(
  'triggerDeliveries › background tool results: first receipt wins, exact retry idempotent, conflicts and invalid input',
  async ({ methods }) => {
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    const before = await methods.getAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1' });
    const stored = await methods.persistAgentBackgroundToolResult({
      deliveryKey: 'b1',
      sourceId: 's1',
      result: receipt(),
    });
    const retry = await methods.persistAgentBackgroundToolResult({
      deliveryKey: 'b1',
      sourceId: 's1',
      result: receipt(),
    });
    const conflict = await methods
      .persistAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1', result: receipt('other') })
      .catch(failure);
    const unknown = await methods
      .persistAgentBackgroundToolResult({ deliveryKey: 'nope', sourceId: 's1', result: receipt() })
      .catch(failure);
    const invalid = await methods
      .persistAgentBackgroundToolResult({
        deliveryKey: 'b1',
        sourceId: 's1',
        result: { ...receipt(), status: 'x' as never },
      })
      .catch(failure);
    return {
      before,
      stored,
      retry,
      conflict,
      unknown,
      invalid,
      after: await methods.getAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1' }),
      wrongSource: await methods.getAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's2' }),
      claimBefore: await methods.getAgentBackgroundToolResultClaim({
        ...scope,
        sourceId: 's1',
        taskId: 't-s1',
      }),
    };
  },
);

differential(
  'triggerDeliveries › background result claims: one claimant acquires, others see the winner, release frees it',
  async ({ methods }) => {
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    const claim = (claimId: string) =>
      methods.claimAgentBackgroundToolResults({
        ...scope,
        deliveryKey: 'b1',
        sourceId: 's1',
        agentId: 'agent-1',
        claimId,
      });
    const notReady = await claim('a');
    await methods.persistAgentBackgroundToolResult({ deliveryKey: 'b1', sourceId: 's1', result: receipt() });
    const acquired = await claim('a');
    const again = await claim('a');
    const lost = await claim('b');
    const claimState = await methods.getAgentBackgroundToolResultClaim({
      ...scope,
      sourceId: 's1',
      taskId: 't-s1',
    });
    const wrongTask = await methods.getAgentBackgroundToolResultClaim({
      ...scope,
      sourceId: 's1',
      taskId: 'other',
    });
    const releaseOther = await methods.releaseAgentBackgroundToolResultClaims({
      ...scope,
      sourceId: 's1',
      claimId: 'b',
    });
    const released = await methods.releaseAgentBackgroundToolResultClaims({
      ...scope,
      sourceId: 's1',
      claimId: 'a',
    });
    const afterRelease = await claim('b');
    const invalid = await claim('').catch(failure);
    const invalidRelease = await methods
      .releaseAgentBackgroundToolResultClaims({ ...scope, sourceId: '', claimId: 'a' })
      .catch(failure);
    return {
      notReady,
      acquired,
      again,
      lost,
      claimState,
      wrongTask,
      releaseOther,
      released,
      afterRelease,
      invalid,
      invalidRelease,
    };
  },
);

differential(
  'triggerDeliveries › retireAgentTriggerDelivery: unclaimed, dead-only and unknown deliveries',
  async ({ methods }) => {
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b1', 's1'));
    await methods.enqueueAgentTriggerDelivery(backgroundDelivery('b2', 's2'));
    const retire = (deliveryKey: string, sourceId: string, extra: Record<string, unknown> = {}) =>
      methods
        .retireAgentTriggerDelivery({
          deliveryKey,
          sourceId,
          settledAt: at(9),
          reason: 'cancelled',
          ...extra,
        })
        .catch(failure);
    return {
      wrongSource: await retire('b1', 'sX'),
      onlyDead: await retire('b1', 's1', { onlyIfDead: true }),
      unclaimed: await retire('b1', 's1', { onlyIfUnclaimed: true }),
      twice: await retire('b1', 's1'),
      plain: await retire('b2', 's2'),
      unknown: await retire('nope', 's1'),
      b1: await methods.getAgentTriggerDelivery('b1'),
      b2: await methods.getAgentTriggerDelivery('b2'),
    };
  },
);
