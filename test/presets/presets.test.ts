import { describe, expect, test } from 'vitest';
// The very module instances @librechat/dal uses (tenant context).
import { tenantStorage } from '../../packages/dal/node_modules/@librechat/data-schemas/dist/index.mjs';
import { differential, fileDal, resetDal } from '../harness/index.js';

const ALICE = '65b0c0ffee0000000000b001';
const BOB = '65b0c0ffee0000000000b002';

type Doc = Record<string, unknown>;

/**
 * A preset as compared across engines. savePreset upserts, and mongoose sends the schema defaults
 * `endpoint: null` and `tags: []` in `$setOnInsert`; MongoDB stores them, FerretDB drops null and
 * [] from `$setOnInsert` (no error to allow-list). Those two defaults are left out of the
 * comparison; the [postgresql] suite below checks PostgreSQL stores exactly what mongoose sends.
 */
function seen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(seen);
  if (!value || typeof value !== 'object') return value;
  const doc = value as Doc & { toObject?: () => Doc };
  if (typeof doc.toObject === 'function') return seen({ hydrated: true, ...doc.toObject() });
  if (!('presetId' in doc)) return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, seen(v)]));
  const plain = { ...doc };
  if (plain.endpoint === null) delete plain.endpoint;
  if (Array.isArray(plain.tags) && plain.tags.length === 0) delete plain.tags;
  return plain;
}

differential(
  'presets › savePreset upserts by (presetId, user), normalises tools, ignores a payload user',
  async ({ methods }) => {
    const created = await methods.savePreset(ALICE, {
      presetId: 'p1',
      title: 'Coder',
      endpoint: 'openAI',
      model: 'gpt-4o',
      temperature: 0.2,
      topP: 0.9,
      top_p: 0.8,
      maxTokens: 100,
      max_tokens: 200,
      tools: ['dalle', { pluginKey: 'wolfram' }, { name: 'no-key' }, 7] as never,
      user: BOB,
      unknownField: 'dropped',
    });
    const updated = await methods.savePreset(ALICE, {
      presetId: 'p1',
      title: 'Coder 2',
      tools: 'not-an-array' as never,
    });
    const renamed = await methods.savePreset(ALICE, { presetId: 'p1', newPresetId: 'p1b', title: 'Renamed' });
    return seen({ created, updated, renamed, all: await methods.getPresets(ALICE) });
  },
);

differential(
  'presets › a new default preset takes order 0 from the previous default; false unsets both',
  async ({ methods }) => {
    await methods.savePreset(ALICE, { presetId: 'a', title: 'A', defaultPreset: true });
    await methods.savePreset(ALICE, { presetId: 'b', title: 'B', order: 3 });
    await methods.savePreset(BOB, { presetId: 'bob-default', defaultPreset: true });
    const b = await methods.savePreset(ALICE, { presetId: 'b', defaultPreset: true });
    const sameAgain = await methods.savePreset(ALICE, { presetId: 'b', defaultPreset: true, title: 'B2' });
    const unset = await methods.savePreset(ALICE, { presetId: 'b', defaultPreset: false });
    return {
      saved: seen([b, sameAgain, unset]),
      alice: seen(await methods.getPresets(ALICE)),
      bob: seen(await methods.getPresets(BOB)),
    };
  },
);

differential(
  'presets › getPresets orders by order (missing = 10000) then newest update; filters are merged',
  async ({ methods }) => {
    await methods.savePreset(ALICE, { presetId: 'late', title: 'Late', order: 10001 });
    await methods.savePreset(ALICE, { presetId: 'none-1', title: 'None 1', endpoint: 'google' });
    await methods.savePreset(ALICE, { presetId: 'first', title: 'First', order: -1 });
    await methods.savePreset(ALICE, { presetId: 'none-2', title: 'None 2', endpoint: 'google' });
    await methods.savePreset(ALICE, { presetId: 'exact', title: 'Exact', order: 10000 });
    await methods.savePreset(BOB, { presetId: 'bobs', title: 'Bob' });
    await methods.savePreset(ALICE, { presetId: 'none-1', title: 'None 1 again' });
    const titles = (presets: unknown) => (presets as { title: string }[]).map((p) => p.title);
    return {
      all: titles(await methods.getPresets(ALICE)),
      google: titles(await methods.getPresets(ALICE, { endpoint: 'google' })),
      userOverride: titles(await methods.getPresets(ALICE, { user: BOB })),
      operators: titles(
        await methods.getPresets(ALICE, { $or: [{ order: { $gte: 0 } }, { title: /^None/ }] }),
      ),
      one: seen(await methods.getPreset(ALICE, 'first')),
      notMine: await methods.getPreset(BOB, 'first'),
    };
  },
);

differential(
  'presets › soft errors: a presetId taken in the tenant, a bad value, an unsupported filter',
  async ({ methods }) => {
    const inAcme = <T>(fn: () => Promise<T>) => tenantStorage.run({ tenantId: 'acme' }, fn);
    await inAcme(() => methods.savePreset(ALICE, { presetId: 'shared-id', title: 'Alice' }));
    return seen({
      taken: await inAcme(() => methods.savePreset(BOB, { presetId: 'shared-id', title: 'Bob' })),
      otherTenant: await methods.savePreset(BOB, { presetId: 'shared-id', title: 'Bob elsewhere' }),
      badNumber: await methods.savePreset(ALICE, { presetId: 'p2', temperature: 'hot' }),
      badFilter: await methods.getPresets(ALICE, { title: { $where: 'true' } }),
      badGet: await methods.getPreset(ALICE, { $gt: '' } as never),
      alice: await inAcme(() => methods.getPresets(ALICE)),
      bob: await inAcme(() => methods.getPresets(BOB)),
      bobElsewhere: await methods.getPresets(BOB),
    });
  },
);

describe('[postgresql] presets › what MongoDB would hold, where FerretDB cannot say', () => {
  test('a presetId is unique across users (missing tenantId indexed as null): the second save is a soft error', async () => {
    const { methods } = await fileDal('postgresql');
    await resetDal(await fileDal('postgresql'));
    await methods.savePreset(ALICE, { presetId: 'shared-id', title: 'Alice' });
    expect(await methods.savePreset(BOB, { presetId: 'shared-id', title: 'Bob' })).toEqual({
      message: 'Error saving preset',
    });
    expect(await methods.getPresets(BOB)).toEqual([]);
  });

  test('a new preset holds the defaults mongoose sends in $setOnInsert', async () => {
    const mongo = await fileDal('mongodb');
    const pg = await fileDal('postgresql');
    await resetDal(mongo);
    await resetDal(pg);
    const commands: { update: Doc }[] = [];
    mongo.engine.mongoose!.set('debug', (_coll: string, method: string, _filter: Doc, update: Doc) => {
      if (method === 'findOneAndUpdate') commands.push({ update });
    });
    try {
      await mongo.methods.savePreset(ALICE, { presetId: 'p', title: 'T' });
    } finally {
      mongo.engine.mongoose!.set('debug', false);
    }
    const setOnInsert = commands[0]?.update.$setOnInsert as Doc;
    expect(setOnInsert).toMatchObject({ endpoint: null, tags: [] });
    await pg.methods.savePreset(ALICE, { presetId: 'p', title: 'T' });
    const stored = (await pg.methods.getPreset(ALICE, 'p')) as Doc;
    for (const [field, value] of Object.entries(setOnInsert)) {
      if (field === 'createdAt') continue;
      expect(stored[field], field).toEqual(value);
    }
  });
});

differential(
  'presets › deletePresets deletes the user’s presets matching a raw filter',
  async ({ methods }) => {
    await methods.savePreset(ALICE, { presetId: 'a1', endpoint: 'openAI' });
    await methods.savePreset(ALICE, { presetId: 'a2', endpoint: 'google' });
    await methods.savePreset(ALICE, { presetId: 'a3', endpoint: 'google' });
    await methods.savePreset(BOB, { presetId: 'b1', endpoint: 'google' });
    const one = await methods.deletePresets(ALICE, { presetId: 'a1' });
    const notOthers = await methods.deletePresets(ALICE, { presetId: 'b1' });
    const byOperator = await methods.deletePresets(ALICE, { endpoint: { $in: ['google'] } });
    const all = await methods.deletePresets(BOB);
    const ids = async (user: string) =>
      ((await methods.getPresets(user)) as { presetId: string }[]).map((p) => p.presetId);
    return { one, notOthers, byOperator, all, alice: await ids(ALICE), bob: await ids(BOB) };
  },
);
