/** getInsights: upstream's agent-usage dashboard over conversations, messages and users. */
import { inTenant } from '../aclEntries/support.js';
import { differential } from '../harness/index.js';
import { D, FROM, rangeOptions, seedInsights, TO } from './support.js';

const exactDates = [FROM, TO, D('2029-12-12T10:00:00.000'), D('2030-01-08T10:00:00.000')];

differential(
  'insights › a custom range: daily series, totals, top and churned users, the latest conversations',
  async ({ methods, dal }) => {
    await seedInsights(dal);
    return methods.getInsights(rangeOptions);
  },
  { exactDates: true },
);

differential(
  'insights › search matches a user name, username, email, conversation id or user id; short searches are ignored',
  async ({ methods, dal }) => {
    const { bob } = await seedInsights(dal);
    const latest = async (search: string) => (await methods.getInsights({ ...rangeOptions, search })).latest;
    return {
      byUsername: await latest('BOB'),
      byEmail: await latest('ann@example'),
      byConversationId: await latest('0000000002'),
      byUserId: await latest(bob.slice(-6)),
      regexCharacters: await latest('a.n'),
      tooShort: await latest(' an '),
      none: await latest('nobody here'),
    };
  },
  { exactDates: true },
);

differential(
  'insights › paging: page size is clamped to 5–50, pages count the matching conversations, a page past the end is empty',
  async ({ methods, dal }) => {
    await seedInsights(dal);
    const page = async (page?: number, pageSize?: number) => {
      const { latest } = await methods.getInsights({ ...rangeOptions, page, pageSize });
      return { ...latest, conversations: latest.conversations.map((c) => c.conversationId) };
    };
    return [await page(2, 1), await page(0, 500), await page(1.7, 7.9), await page(3)];
  },
  { exactDates: true },
);

differential(
  'insights › agent scope: no agents selects nothing; duplicates and unknown agent ids; missing agent names fall back to the id',
  async ({ methods, dal }) => {
    await seedInsights(dal);
    const none = await methods.getInsights({ ...rangeOptions, agentIds: [] });
    const onlyB = await methods.getInsights({
      ...rangeOptions,
      agentIds: ['agent_b', 'agent_b', 'nope'],
      agents: [],
    });
    return { none, onlyB };
  },
  { exactDates: true },
);

differential(
  'insights › time zones: days are calendar days of the zone; an invalid zone is UTC; a reversed or over-long custom range is corrected',
  async ({ methods, dal }) => {
    await seedInsights(dal);
    const daily = async (options: Record<string, unknown>) =>
      (await methods.getInsights({ ...rangeOptions, ...options })).daily;
    return {
      tokyo: await daily({ timeZone: 'Asia/Tokyo' }),
      losAngeles: await daily({ timeZone: 'America/Los_Angeles' }),
      invalid: await daily({ timeZone: 'Not/AZone' }),
      reversed: await daily({ fromTimestamp: TO.toISOString(), toTimestamp: FROM.toISOString() }),
      tooLong: (await daily({ fromTimestamp: '2029-06-01T00:00:00.000Z' })).map((d) => d.date),
      badTimestamp: (await daily({ fromTimestamp: 'garbage', range: 'custom' })).length,
    };
  },
  { exactDates },
);

differential(
  'insights › defaults: the last seven days of nothing, and the 24h / 30d / unknown ranges',
  async ({ methods }) => {
    const shape = async (options?: Record<string, unknown>) => {
      const r = await methods.getInsights(options);
      return { days: r.daily.length, summary: r.summary, latest: r.latest, agents: r.agents };
    };
    return [
      await shape(),
      await shape({ range: '24h', agentIds: ['a'] }),
      await shape({ range: '30d' }),
      await shape({ range: 'year' }),
    ];
  },
);

differential(
  'insights › tenants: a tenant sees its own conversations and users only',
  async ({ methods, dal }) => {
    await inTenant('t1', () => seedInsights(dal));
    const own = await inTenant('t1', () => methods.getInsights({ ...rangeOptions, tenantId: 't1' }));
    const other = await inTenant('t2', () => methods.getInsights({ ...rangeOptions, tenantId: 't2' }));
    return { own, other: other.summary };
  },
  { exactDates: true },
);
