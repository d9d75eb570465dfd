import { differential } from '../harness/index.js';
import { at, C, pick, seedConvos, U1 } from './support.js';

const lineage = (parent: number) => ({
  rootConversationId: C(parent),
  parentConversationId: C(parent),
  parentMessageId: 'm1',
  parentToolCallId: 'call-1',
  subagentType: 'researcher',
  subagentKind: 'agent',
  depth: 1,
});

differential(
  'conversations › subagent thread leases: acquire, renew, release, count and list',
  async ({ methods }) => {
    await seedConvos(methods, [
      { conversationId: C(1), title: 'parent' },
      {
        conversationId: C(2),
        title: 'child',
        agent_id: 'agent_x',
        subagentThread: lineage(1),
        updatedAt: at(0),
        createdAt: at(0),
      },
      {
        conversationId: C(3),
        title: 'child 2',
        subagentThread: lineage(1),
        updatedAt: at(1),
        createdAt: at(0),
      },
    ]);
    const now = at(100);
    const base = { user: U1, conversationId: C(2) };
    const acquired = await methods.acquireSubagentThreadLease({
      ...base,
      token: 't1',
      taskId: 'task',
      now,
      expiresAt: at(110),
    });
    const taken = await methods.acquireSubagentThreadLease({
      ...base,
      token: 't2',
      taskId: 'task2',
      now,
      expiresAt: at(110),
    });
    const sameToken = await methods.acquireSubagentThreadLease({
      ...base,
      token: 't1',
      taskId: 'task',
      now,
      expiresAt: at(120),
    });
    const notChild = await methods.acquireSubagentThreadLease({
      user: U1,
      conversationId: C(1),
      token: 't',
      taskId: 'x',
      now,
      expiresAt: at(110),
    });
    const renewed = await methods.renewSubagentThreadLease({
      ...base,
      token: 't1',
      now: at(101),
      expiresAt: at(130),
    });
    const renewWrong = await methods.renewSubagentThreadLease({
      ...base,
      token: 't2',
      now: at(101),
      expiresAt: at(130),
    });
    const renewExpired = await methods.renewSubagentThreadLease({
      ...base,
      token: 't1',
      now: at(200),
      expiresAt: at(230),
    });
    const count = await methods.countActiveSubagentThreadLeases({ user: U1, now: at(105) });
    const list = await methods.listActiveSubagentThreadLeases({ user: U1, now: at(105) });
    const afterExpiry = await methods.acquireSubagentThreadLease({
      ...base,
      token: 't3',
      taskId: 'task3',
      now: at(140),
      expiresAt: at(150),
    });
    const releaseWrong = await methods.releaseSubagentThreadLease({ ...base, token: 't1' });
    const released = await methods.releaseSubagentThreadLease({ ...base, token: 't3' });
    return {
      acquired,
      taken,
      sameToken,
      notChild,
      renewed,
      renewWrong,
      renewExpired,
      count,
      list,
      afterExpiry,
      releaseWrong,
      released,
      countAfter: await methods.countActiveSubagentThreadLeases({ user: U1, now: at(141) }),
      child: await methods.getSubagentThreadForParent({
        user: U1,
        parentConversationId: C(1),
        conversationId: C(2),
      }),
      wrongParent: await methods.getSubagentThreadForParent({
        user: U1,
        parentConversationId: C(9),
        conversationId: C(2),
      }),
      children: await methods.listSubagentThreadsForParent({
        user: U1,
        parentConversationId: C(1),
        limit: 5,
      }),
      limited: (
        await methods.listSubagentThreadsForParent({ user: U1, parentConversationId: C(1), limit: 1 })
      ).map((c) => c.conversationId),
      otherTenant: await methods.listSubagentThreadsForParent({
        user: U1,
        parentConversationId: C(1),
        limit: 5,
        tenantId: 't1',
      }),
      stored: pick(await methods.getConvo(U1, C(2)), ['updatedAt', 'subagentThread']),
    };
  },
  { exactDates: true },
);
