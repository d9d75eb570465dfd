/**
 * getInsights on PostgreSQL. FerretDB cannot run upstream's pipelines ($dateToString, $lookup),
 * so the differential tests only compare under a real MongoDB; the values here are derived by
 * hand from the fixtures in support.ts.
 */
import { describe, expect, test } from 'vitest';
import { inTenant } from '../aclEntries/support.js';
import { fileDal, resetDal } from '../harness/index.js';
import { C, rangeOptions, seedInsights } from './support.js';

const day = (date: string, conversations: number, users: number, messages: number, totalTokens: number) => ({
  date,
  conversations,
  users,
  messages,
  totalTokens,
});

describe('[postgresql] insights › getInsights', async () => {
  const dal = await fileDal('postgresql');
  const methods = dal.methods;

  test('a custom range: scope (agents, owners, temporary chats), daily series, top and churned users, latest page', async () => {
    await resetDal(dal);
    const { ann, bob, cy } = await seedInsights(dal);
    const result = await methods.getInsights(rangeOptions);
    const bobUser = { name: 'bob', email: 'bob@example.com' };
    expect(result).toEqual({
      agents: rangeOptions.agents,
      summary: { totalUsers: 2, totalConversations: 3, totalMessages: 6, totalTokens: 46 },
      daily: [day('2030-01-08', 1, 1, 2, 25), day('2030-01-09', 1, 2, 3, 21), day('2030-01-10', 1, 1, 1, 0)],
      topUsers: [
        { userId: ann, name: 'Ann', email: 'ann@example.com', conversations: 1, messages: 3 },
        { userId: bob, ...bobUser, conversations: 2, messages: 3 },
      ],
      churnedUsers: [
        {
          userId: cy,
          name: 'Cy',
          email: 'cy@example.com',
          conversations: 1,
          messages: 1,
          firstSeen: '2029-12-12T10:00:00.000Z',
          lastSeen: '2029-12-12T10:00:00.000Z',
        },
      ],
      latest: {
        conversations: [
          {
            conversationId: C(6),
            agentId: 'agent_a',
            agentName: 'Agent A',
            date: '2030-01-10T08:00:00.000Z',
            userId: bob,
            ...bobUser,
            firstMessage: '',
            messages: 1,
            totalTokens: 0,
          },
          {
            conversationId: C(2),
            agentId: 'agent_b',
            agentName: 'Agent B',
            date: '2030-01-09T10:00:00.000Z',
            userId: bob,
            ...bobUser,
            firstMessage: 'Hi B',
            messages: 2,
            totalTokens: 18,
          },
          {
            conversationId: C(1),
            agentId: 'agent_a',
            agentName: 'Agent A',
            date: '2030-01-08T10:00:00.000Z',
            userId: ann,
            name: 'Ann',
            email: 'ann@example.com',
            firstMessage: 'Hello A',
            messages: 3,
            totalTokens: 28,
          },
        ],
        page: 1,
        pageSize: 10,
        pages: 1,
      },
    });
  });

  test('search (case-insensitive, literal) and paging', async () => {
    await resetDal(dal);
    const { bob } = await seedInsights(dal);
    const latest = async (options: Record<string, unknown>) => {
      const { latest } = await methods.getInsights({ ...rangeOptions, ...options });
      return { ...latest, conversations: latest.conversations.map((c) => c.conversationId) };
    };
    const page = (conversations: string[], pageSize = 10, n = 1, pages = 1) => ({
      conversations,
      page: n,
      pageSize,
      pages,
    });
    expect(await latest({ search: 'BOB' })).toEqual(page([C(6), C(2)]));
    expect(await latest({ search: 'ann@example' })).toEqual(page([C(1)]));
    expect(await latest({ search: '0000000002' })).toEqual(page([C(2)]));
    expect(await latest({ search: bob })).toEqual(page([C(6), C(2)]));
    expect(await latest({ search: 'a.n' })).toEqual(page([]));
    expect(await latest({ search: ' an ' })).toEqual(page([C(6), C(2), C(1)]));
    expect(await latest({ page: 2, pageSize: 1 })).toEqual(page([], 5, 2));
    expect(await latest({ page: 0, pageSize: 500 })).toEqual(page([C(6), C(2), C(1)], 50));
    expect(await latest({ page: 1.7, pageSize: 7.9 })).toEqual(page([C(6), C(2), C(1)], 7));
  });

  test('agent scope, time zones and tenants', async () => {
    await resetDal(dal);
    await inTenant('t1', () => seedInsights(dal));
    const get = (options: Record<string, unknown>, tenantId = 't1') =>
      inTenant(tenantId, () => methods.getInsights({ ...rangeOptions, tenantId, ...options }));
    expect((await get({ agentIds: [] })).summary).toEqual({
      totalUsers: 0,
      totalConversations: 0,
      totalMessages: 0,
      totalTokens: 0,
    });
    const onlyB = await get({ agentIds: ['agent_b', 'agent_b', 'nope'], agents: [] });
    expect(onlyB.summary).toEqual({
      totalUsers: 1,
      totalConversations: 1,
      totalMessages: 2,
      totalTokens: 18,
    });
    expect(onlyB.latest.conversations.map((c) => [c.conversationId, c.agentName])).toEqual([
      [C(2), 'agent_b'],
    ]);
    const dates = async (timeZone: string) => (await get({ timeZone })).daily.map((d) => d.date);
    expect(await dates('Asia/Tokyo')).toEqual(['2030-01-08', '2030-01-09', '2030-01-10', '2030-01-11']);
    expect(await dates('America/Los_Angeles')).toEqual([
      '2030-01-07',
      '2030-01-08',
      '2030-01-09',
      '2030-01-10',
    ]);
    expect(await dates('Not/AZone')).toEqual(['2030-01-08', '2030-01-09', '2030-01-10']);
    const tooLong = await get({ fromTimestamp: '2029-06-01T00:00:00.000Z' });
    expect(tooLong.daily).toHaveLength(30);
    expect(tooLong.daily[0]?.date).toBe('2029-12-12');
    expect((await get({}, 't2')).summary.totalConversations).toBe(0);
    expect((await methods.getInsights(rangeOptions)).summary.totalConversations).toBe(0);
  });
});
