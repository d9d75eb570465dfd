import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { USER_A, USER_B } from '../support/stored.js';
import { inTenant, tick } from '../support/tenants.js';

const config = (title?: string, extra: Record<string, unknown> = {}) => ({
  ...(title !== undefined ? { title } : {}),
  type: 'streamable-http',
  url: 'https://mcp.example.com/mcp',
  description: `${title ?? 'untitled'} server`,
  ...extra,
});

const attempt = async (fn: () => Promise<unknown>) => {
  try {
    return await fn();
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
};

/** Four servers, distinct updatedAt (oldest first): alpha, beta (user B), gamma, alpha-2. */
async function seedServers(methods: any) {
  const created = [];
  created.push(await methods.createMCPServer({ config: config('Alpha'), author: USER_A }));
  await tick(5);
  created.push(
    await methods.createMCPServer({ config: config('Beta', { oauth: { client_id: 'c' } }), author: USER_B }),
  );
  await tick(5);
  created.push(await methods.createMCPServer({ config: config('Gamma'), author: USER_A }));
  await tick(5);
  created.push(await methods.createMCPServer({ config: config('alpha'), author: USER_A }));
  return created;
}

const names = (servers: Array<{ serverName: string }>) => servers.map((s) => s.serverName);

/** A cursor as the caller sees it: its _id (labelled by the harness) and whether it is the last item's updatedAt. */
function readCursor(after: string | null, data: Array<{ updatedAt: Date }>) {
  if (!after) return after;
  const cursor = JSON.parse(Buffer.from(after, 'base64').toString('utf8'));
  return { _id: cursor._id, atLastItem: cursor.updatedAt === data[data.length - 1]?.updatedAt.toISOString() };
}

differential('mcpServers › createMCPServer slugs the title and numbers repeats', async ({ methods }) => ({
  created: await seedServers(methods),
  special: await methods.createMCPServer({ config: config('  My Café: Server!! v2  '), author: USER_A }),
  onlySymbols: await methods.createMCPServer({ config: config('!!!'), author: USER_B }),
  symbolsAgain: await methods.createMCPServer({ config: config('???'), author: USER_B }),
}));

differential(
  'mcpServers › createMCPServer skips reserved names and takes the highest number + 1',
  async ({ methods }) => {
    const first = await methods.createMCPServer({
      config: config('Files'),
      author: USER_A,
      reservedServerNames: ['files', 'files-7', 'other-9'],
    });
    const second = await methods.createMCPServer({ config: config('Files'), author: USER_A });
    const third = await methods.createMCPServer({
      config: config('files-x'),
      author: USER_A,
      reservedServerNames: new Set(['files-x']),
    });
    return names([first, second, third]);
  },
);

differential(
  'mcpServers › createMCPServer without a title names the server mcp-<16 chars>',
  async ({ methods }) => {
    const created = await methods.createMCPServer({ config: config(undefined), author: USER_A });
    const { serverName, normalizedServerName, ...rest } = created;
    return {
      pattern: /^mcp-[A-Za-z0-9_-]{16}$/.test(serverName),
      normalizedIsName: normalizedServerName === serverName,
      found: (await methods.findMCPServerByServerName(serverName))?._id.toString() === created._id.toString(),
      rest,
    };
  },
);

differential('mcpServers › createMCPServer validation: author is required and cast', async ({ methods }) => ({
  noAuthor: await attempt(() => methods.createMCPServer({ config: config('X') } as never)),
  badAuthor: await attempt(() => methods.createMCPServer({ config: config('Y'), author: 'not-an-id' })),
  noConfig: await attempt(() => methods.createMCPServer({ config: undefined as never, author: USER_A })),
}));

differential(
  'mcpServers › concurrent creates of one title in a tenant retry into distinct names',
  async ({ methods }) =>
    inTenant('t1', async () => {
      const created = await Promise.all(
        [1, 2, 3].map(() => methods.createMCPServer({ config: config('Race'), author: USER_A })),
      );
      return names(created).sort();
    }),
  { timeout: 20_000 },
);

differential('mcpServers › find by name, id and author', async ({ methods }) => {
  const [alpha] = await seedServers(methods);
  return {
    byName: await methods.findMCPServerByServerName('gamma'),
    missingName: await methods.findMCPServerByServerName('delta'),
    byId: await methods.findMCPServerByObjectId(alpha._id),
    byIdString: await methods.findMCPServerByObjectId(alpha._id.toString()),
    missingId: await methods.findMCPServerByObjectId('65a1b2c3d4e5f60718293aff'),
    badId: await attempt(() => methods.findMCPServerByObjectId('bad-id')),
    byAuthor: names(await methods.findMCPServersByAuthor(USER_A)),
    byAuthorB: await methods.findMCPServersByAuthor(USER_B),
    byNobody: await methods.findMCPServersByAuthor('65a1b2c3d4e5f60718293aff'),
  };
});

differential(
  'mcpServers › getListMCPServersByNames',
  async ({ methods }) => {
    await seedServers(methods);
    return {
      some: await methods.getListMCPServersByNames({ names: ['alpha', 'gamma', 'nope'] }),
      empty: await methods.getListMCPServersByNames({ names: [] }),
      missing: await methods.getListMCPServersByNames({} as never),
    };
  },
  { unordered: true },
);

differential(
  'mcpServers › getListMCPServersByIds without a limit: all accessible, newest first',
  async ({ methods }) => {
    const created = await seedServers(methods);
    const ids = created.map((s: any) => s._id);
    return {
      all: await methods.getListMCPServersByIds({ ids }),
      subset: names((await methods.getListMCPServersByIds({ ids: [ids[0], ids[2]] })).data),
      none: await methods.getListMCPServersByIds({}),
      byAuthor: names((await methods.getListMCPServersByIds({ ids, otherParams: { author: USER_A } })).data),
      searched: names(
        (
          await methods.getListMCPServersByIds({
            ids,
            otherParams: { 'config.title': { $regex: 'alpha', $options: 'i' } },
          })
        ).data,
      ),
      orSearch: names(
        (
          await methods.getListMCPServersByIds({
            ids,
            otherParams: { $or: [{ serverName: /^g/ }, { 'config.oauth.client_id': 'c' }] },
          })
        ).data,
      ),
    };
  },
);

differential('mcpServers › getListMCPServersByIds pages with a cursor', async ({ methods }) => {
  const created = await seedServers(methods);
  const ids = created.map((s: any) => s._id);
  const pages = [];
  let after: string | null = null;
  for (let i = 0; i < 4; i++) {
    const page: any = await methods.getListMCPServersByIds({ ids, limit: 3 - i === 0 ? 1 : 2, after });
    pages.push({
      names: names(page.data),
      has_more: page.has_more,
      cursor: readCursor(page.after, page.data),
    });
    if (!page.after) break;
    after = page.after;
  }
  const withSearch: any = await methods.getListMCPServersByIds({
    ids,
    limit: 1,
    otherParams: { author: USER_A },
  });
  const searchNext: any = await methods.getListMCPServersByIds({
    ids,
    limit: 1,
    otherParams: { author: USER_A },
    after: withSearch.after,
  });
  return { pages, withSearch: names(withSearch.data), searchNext: names(searchNext.data) };
});

differential(
  'mcpServers › getListMCPServersByIds limits are clamped; a bad cursor is ignored',
  async ({ methods }) => {
    const created = await seedServers(methods);
    const ids = created.map((s: any) => s._id);
    const page = async (limit: unknown, after: string | null = null) => {
      const r: any = await methods.getListMCPServersByIds({ ids, limit: limit as number, after });
      return { names: names(r.data), has_more: r.has_more, hasCursor: r.after !== null };
    };
    return {
      zero: await page(0),
      negative: await page(-5),
      text: await page('abc'),
      stringNumber: await page('3'),
      huge: await page(500),
      badCursor: await page(2, 'not base64 json!'),
      badId: await page(
        2,
        Buffer.from(JSON.stringify({ updatedAt: new Date().toISOString(), _id: 'x' })).toString('base64'),
      ),
    };
  },
);

differential(
  'mcpServers › updateMCPServer sets the config; missing is null; config null fails validation',
  async ({ methods }) => {
    await seedServers(methods);
    await tick(5);
    const updated = await methods.updateMCPServer('beta', {
      config: config('Beta renamed', { headers: { x: '1' } }),
    });
    return {
      updated,
      order: names(await methods.findMCPServersByAuthor(USER_B)),
      missing: await methods.updateMCPServer('nope', { config: config('Z') }),
      invalid: await attempt(() => methods.updateMCPServer('gamma', { config: null as never })),
      gamma: (await methods.findMCPServerByServerName('gamma'))?.config,
      emptyUpdate: await methods.updateMCPServer('gamma', {}),
    };
  },
);

differential('mcpServers › deleteMCPServer returns the deleted server, then null', async ({ methods }) => {
  await seedServers(methods);
  return {
    deleted: await methods.deleteMCPServer('alpha-2'),
    again: await methods.deleteMCPServer('alpha-2'),
    left: names(await methods.findMCPServersByAuthor(USER_A)),
    next: (await methods.createMCPServer({ config: config('Alpha'), author: USER_A })).serverName,
  };
});

differential(
  'mcpServers › servers are scoped to the tenant; names repeat across tenants',
  async ({ methods }) => {
    const t1 = await inTenant('t1', () =>
      methods.createMCPServer({ config: config('Shared'), author: USER_A }),
    );
    const t2 = await inTenant('t2', () =>
      methods.createMCPServer({ config: config('Shared'), author: USER_A }),
    );
    return {
      names: [t1.serverName, t2.serverName, t1.tenantId, t2.tenantId],
      t1: await inTenant('t1', () => methods.findMCPServersByAuthor(USER_A)),
      crossId: await inTenant('t1', () => methods.findMCPServerByObjectId(t2._id)),
      t2Deleted: await inTenant('t2', () => methods.deleteMCPServer('shared')),
      t1Still: (await inTenant('t1', () => methods.findMCPServerByServerName('shared')))?.tenantId,
    };
  },
);

describe('[postgresql] mcpServers › unique server names without a tenant (MongoDB indexes a missing tenantId as null)', () => {
  test('concurrent creates of one title get distinct names; a direct duplicate is an E11000 error', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE mcpservers');
    const created = await Promise.all(
      [1, 2, 3].map(() => methods.createMCPServer({ config: config('Race'), author: USER_A })),
    );
    expect(names(created).sort()).toEqual(['race', 'race-2', 'race-3']);
    const error = await engine
      .collections!.mcpservers.create({ serverName: 'race', config: config('Race'), author: USER_A })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { serverName: 1, tenantId: 1 },
      keyValue: { serverName: 'race', tenantId: null },
    });
    const { rows } = await engine.pool!.query('SELECT count(*)::int AS n FROM mcpservers');
    expect(rows[0].n).toBe(3);
  });
});
