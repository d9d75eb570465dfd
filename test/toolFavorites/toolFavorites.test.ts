import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { stored, USER_A, USER_B } from '../support/stored.js';
import { inTenant, tick } from '../support/tenants.js';

/** Adds favourites one after another, each with its own createdAt (getToolFavorites sorts by it). */
async function addAll(methods: any, userId: string, items: [string, string][]) {
  const results = [];
  for (const [itemType, itemId] of items) {
    results.push(await methods.addToolFavorite({ userId, itemType, itemId }));
    await tick();
  }
  return results;
}

differential(
  'toolFavorites › addToolFavorite stores each kind; getToolFavorites lists itemType and itemId oldest first',
  async ({ methods, dal }) => {
    const added = await addAll(methods, USER_A, [
      ['mcp', 'github'],
      ['builtin', 'web_search'],
      ['tool', 'dalle'],
      ['skill', 'pdf-reader'],
    ]);
    await addAll(methods, USER_B, [['tool', 'dalle']]);
    return {
      added,
      a: await methods.getToolFavorites(USER_A),
      b: await methods.getToolFavorites(USER_B),
      stored: await stored(dal, 'ToolFavorite'),
    };
  },
);

differential(
  'toolFavorites › addToolFavorite is idempotent: a second add reports added:false and stores nothing',
  async ({ methods, dal }) => {
    const first = await methods.addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' });
    const second = await methods.addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' });
    // Same id, other type: a different favourite.
    const otherType = await methods.addToolFavorite({ userId: USER_A, itemType: 'mcp', itemId: 'calc' });
    return { first, second, otherType, stored: await stored(dal, 'ToolFavorite') };
  },
);

differential(
  'toolFavorites › removeToolFavorite removes only the matching favourite of that user',
  async ({ methods, dal }) => {
    await addAll(methods, USER_A, [
      ['tool', 'calc'],
      ['mcp', 'calc'],
    ]);
    await addAll(methods, USER_B, [['tool', 'calc']]);
    const removed = await methods.removeToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' });
    const again = await methods.removeToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' });
    const unknown = await methods.removeToolFavorite({ userId: USER_A, itemType: 'skill', itemId: 'nope' });
    return {
      removed,
      again,
      unknown,
      a: await methods.getToolFavorites(USER_A),
      b: await methods.getToolFavorites(USER_B),
      stored: await stored(dal, 'ToolFavorite'),
    };
  },
);

differential(
  'toolFavorites › getToolFavorites of a user without favourites is empty',
  async ({ methods }) => {
    return methods.getToolFavorites(USER_A);
  },
);

differential(
  'toolFavorites › the cap: the 101st favourite is refused with MAX_FAVORITES_EXCEEDED, re-adding one at the cap is fine',
  async ({ methods }) => {
    for (let i = 0; i < 100; i++) {
      await methods.addToolFavorite({
        userId: USER_A,
        itemType: 'tool',
        itemId: `tool-${String(i).padStart(3, '0')}`,
      });
    }
    const over = await methods
      .addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'one-too-many' })
      .catch((e: Error & { code?: string; limit?: number }) => ({ thrown: e, code: e.code, limit: e.limit }));
    const existing = await methods.addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'tool-042' });
    const otherUser = await methods.addToolFavorite({
      userId: USER_B,
      itemType: 'tool',
      itemId: 'one-too-many',
    });
    const list = await methods.getToolFavorites(USER_A);
    return {
      over,
      existing,
      otherUser,
      count: list.length,
      hasExtra: list.some((f: any) => f.itemId === 'one-too-many'),
    };
  },
  { timeout: 120_000 },
);

differential(
  'toolFavorites › validation: unknown itemType and an itemId over 256 characters are rejected',
  async ({ methods, dal }) => {
    const badType = await methods
      .addToolFavorite({ userId: USER_A, itemType: 'plugin' as never, itemId: 'x' })
      .catch((e: unknown) => e);
    const tooLong = await methods
      .addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'x'.repeat(257) })
      .catch((e: unknown) => e);
    const atLimit = await methods.addToolFavorite({
      userId: USER_A,
      itemType: 'tool',
      itemId: 'y'.repeat(256),
    });
    return { badType, tooLong, atLimit, stored: await stored(dal, 'ToolFavorite') };
  },
);

differential('toolFavorites › a malformed user id is a CastError on every method', async ({ methods }) => {
  return {
    get: await methods.getToolFavorites('not-an-id').catch((e: unknown) => e),
    add: await methods
      .addToolFavorite({ userId: 'not-an-id', itemType: 'tool', itemId: 'x' })
      .catch((e: unknown) => e),
    remove: await methods
      .removeToolFavorite({ userId: 'not-an-id', itemType: 'tool', itemId: 'x' })
      .catch((e: unknown) => e),
  };
});

differential(
  'toolFavorites › concurrent adds of the same favourite all succeed and store one document',
  async ({ methods, dal }) => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        methods.addToolFavorite({ userId: USER_A, itemType: 'mcp', itemId: 'race' }),
      ),
    );
    return {
      allOk: results.every((r: { ok: boolean }) => r.ok === true),
      someAdded: results.some((r: { added: boolean }) => r.added),
      stored: await stored(dal, 'ToolFavorite'),
    };
  },
);

differential(
  'toolFavorites › tenants: reads and removes are tenant-scoped; the unique index is not',
  async ({ methods, dal }) => {
    const inT1 = await inTenant('t1', () =>
      methods.addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' }),
    );
    // Not visible from t2, so t2 tries to add it; the tenant-less unique index absorbs the insert.
    const inT2 = await inTenant('t2', () =>
      methods.addToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' }),
    );
    const listT1 = await inTenant('t1', () => methods.getToolFavorites(USER_A));
    const listT2 = await inTenant('t2', () => methods.getToolFavorites(USER_A));
    const removeFromT2 = await inTenant('t2', () =>
      methods.removeToolFavorite({ userId: USER_A, itemType: 'tool', itemId: 'calc' }),
    );
    return { inT1, inT2, listT1, listT2, removeFromT2, stored: await stored(dal, 'ToolFavorite') };
  },
);

describe('[postgresql] toolFavorites › lookups are index scans', async () => {
  const dal = await fileDal('postgresql');
  const favorites = dal.engine.collections!.toolfavorites;

  test.each([
    ['by user', { user: USER_A }, 'toolfavorites_user_1'],
    ['by user, type and id', { user: USER_A, itemType: 'tool', itemId: 'x' }, 'toolfavorites_user_1'],
  ])('%s', async (_name, filter, index) => {
    const { Params } = await import('../../packages/dal/src/filters/params.js');
    const client = await dal.engine.pool!.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const params = new Params();
      const where = favorites.where(filter, params);
      const { rows } = await client.query(
        `EXPLAIN SELECT _id FROM toolfavorites WHERE ${where}`,
        params.values,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan.toLowerCase()).toContain(index);
      expect(plan).not.toMatch(/Seq Scan/);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
