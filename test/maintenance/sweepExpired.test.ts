/**
 * dal.maintenance.sweepExpired: on PostgreSQL it deletes what MongoDB's TTL monitor would, with
 * the TTL rules derived from upstream's schema indexes. Clocks are moved (`now`), never slept.
 */
import { type Dal, deriveTtlRules } from '@librechat/dal';
import mongoose from 'mongoose';
import { describe, expect, test, vi } from 'vitest';

const { ObjectId } = mongoose.Types;

import { describeEachEngine, fileDal, resetDal } from '../harness/index.js';
import { DAY, HOUR, USER_A } from '../support/stored.js';

const SECOND = 1_000;

/** Reference §1.3 (upstream's TTL indexes): the offset MongoDB adds to each TTL field. */
const REFERENCE_TTL: Record<string, { field: string; seconds: number }> = {
  users: { field: 'expiresAt', seconds: 604800 },
  files: { field: 'expiresAt', seconds: 3600 },
  sessions: { field: 'expiration', seconds: 0 },
  tokens: { field: 'expiresAt', seconds: 0 },
  keys: { field: 'expiresAt', seconds: 0 },
  agentapikeys: { field: 'expiresAt', seconds: 0 },
  refreshtokenbridges: { field: 'expiresAt', seconds: 0 },
  openidrefreshflights: { field: 'expiresAt', seconds: 0 },
  conversations: { field: 'expiredAt', seconds: 0 },
  messages: { field: 'expiredAt', seconds: 0 },
  sharedlinks: { field: 'expiredAt', seconds: 0 },
  toolcalls: { field: 'expiredAt', seconds: 0 },
  aclentries: { field: 'expiredAt', seconds: 0 },
  agenttriggerdeliveries: { field: 'expiresAt', seconds: 0 },
};

type Collection = NonNullable<Dal['engine']['collections']>['users'];

let serial = 0;
/** Distinct values for the fields of the table's unique indexes, so seeded rows never collide. */
function uniqueKeys(c: Collection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const index of c.uniqueIndexes) {
    for (const key of index.keys) {
      const type = c.spec.byField.get(key)?.type;
      if (key === '_id' || key === 'tenantId' || key in out) continue;
      serial += 1;
      if (type === 'text') out[key] = `unique-${serial}@example.com`;
      else if (type === 'objectId') out[key] = new ObjectId();
      else if (type === 'number') out[key] = serial;
      else if (type === 'date') out[key] = new Date(serial);
    }
  }
  return out;
}

async function pgDal(): Promise<Dal> {
  const dal = await fileDal('postgresql');
  await resetDal(dal);
  return dal;
}

async function count(dal: Dal, table: string): Promise<number> {
  const { rows } = await dal.engine.pool!.query(`SELECT count(*)::int AS n FROM "${table}"`);
  return rows[0].n;
}

describe('[postgresql] maintenance › TTL rules come from upstream’s schema indexes', () => {
  test('every TTL index of every table (and only those) has a rule, with MongoDB’s offset', async () => {
    const pg = await fileDal('postgresql');
    const mongo = await fileDal('mongodb');
    const rules = deriveTtlRules(pg.engine.collections!);
    // The oracle: the TTL indexes mongoose declares for the same models on the MongoDB side.
    const expected: string[] = [];
    for (const collection of Object.values(pg.engine.collections!)) {
      const model = mongo.engine.mongoose!.models[collection.spec.model]!;
      for (const [keys, options] of model.schema.indexes()) {
        const seconds = (options as { expireAfterSeconds?: number }).expireAfterSeconds;
        if (seconds !== undefined)
          expected.push(`${collection.spec.table}.${Object.keys(keys)[0]}+${seconds}`);
      }
    }
    const derived = rules.map((r) => `${r.collection.spec.table}.${r.field}+${r.expireAfterSeconds}`);
    expect(derived.sort()).toEqual(expected.sort());
    for (const rule of rules) {
      const reference = REFERENCE_TTL[rule.table];
      if (reference) expect({ field: rule.field, seconds: rule.expireAfterSeconds }).toEqual(reference);
    }
    for (const table of [
      'users',
      'sessions',
      'tokens',
      'keys',
      'agentapikeys',
      'refreshtokenbridges',
      'openidrefreshflights',
    ]) {
      expect(rules.some((r) => r.table === table)).toBe(true);
    }
  });
});

describe('[postgresql] maintenance › sweepExpired with a moved clock', () => {
  test('for every rule: rows past field + offset are deleted, rows before it and rows without the field are kept', async () => {
    const dal = await pgDal();
    const now = new Date('2030-06-01T12:00:00.000Z');
    const rules = deriveTtlRules(dal.engine.collections!);
    const expected: Record<string, number> = {};
    const kept = new Map<string, string[]>();
    for (const rule of rules) {
      const c = rule.collection;
      const partial = rule.partialFilter ?? {};
      for (const v of Object.values(partial)) {
        if (v !== null && typeof v === 'object')
          throw new Error(`test seeds only equality partial filters: ${c.spec.table}`);
      }
      const expiry = (offsetMs: number) =>
        new Date(now.getTime() - rule.expireAfterSeconds * SECOND + offsetMs);
      const row = async (doc: Record<string, unknown>) => {
        const hex = new ObjectId().toHexString();
        // Most tables key by ObjectId; a few upstream schemas declare a String _id (lane keys).
        const _id = c.spec.byField.get('_id')?.type === 'objectId' ? new ObjectId(hex) : hex;
        await c.insertRow({ _id, ...uniqueKeys(c), ...doc });
        return hex;
      };
      await row({ ...partial, [rule.field]: expiry(-SECOND) }); // expired a second ago
      await row({ ...partial, [rule.field]: expiry(0) }); // expires exactly now
      const keep = [
        await row({ ...partial, [rule.field]: expiry(SECOND) }), // a second to go
        await row({ ...partial }), // no TTL field: never expires
      ];
      if (rule.partialFilter) keep.push(await row({ [rule.field]: expiry(-DAY) })); // outside the TTL index
      expected[rule.table] = (expected[rule.table] ?? 0) + 2;
      kept.set(c.spec.table, [...(kept.get(c.spec.table) ?? []), ...keep]);
    }
    const result = await dal.maintenance.sweepExpired({ now });
    expect(result).toEqual(expected);
    for (const [table, ids] of kept) {
      const { rows } = await dal.engine.pool!.query(`SELECT _id FROM "${table}" ORDER BY _id`);
      expect(rows.map((r) => r._id).sort(), table).toEqual([...ids].sort());
    }
    // Nothing left to do: a second sweep deletes nothing.
    expect(Object.values(await dal.maintenance.sweepExpired({ now })).every((n) => n === 0)).toBe(true);
  });

  test('users.expiresAt keeps its 604800 s offset: an unverified account goes about 14 days after creation', async () => {
    const dal = await pgDal();
    const created = Date.now();
    const id = await dal.methods.createUser(
      { email: 'ttl@example.com', provider: 'local' },
      undefined,
      false,
    );
    const kept = await dal.methods.createUser(
      { email: 'keep@example.com', provider: 'local' },
      undefined,
      false,
    );
    await dal.methods.updateUser(String(kept), { name: 'Verified' }); // every updateUser unsets expiresAt
    const stored = await dal.methods.getUserById(String(id), 'expiresAt');
    const expiresAt = (stored as { expiresAt: Date }).expiresAt.getTime();
    expect(Math.abs(expiresAt - (created + 7 * DAY))).toBeLessThan(60 * SECOND);
    const at = (ms: number) => ({ now: new Date(expiresAt + ms) });
    expect((await dal.maintenance.sweepExpired(at(7 * DAY - SECOND))).users).toBe(0);
    expect(await dal.methods.getUserById(String(id))).not.toBeNull();
    expect((await dal.maintenance.sweepExpired(at(7 * DAY))).users).toBe(1);
    expect(await dal.methods.getUserById(String(id))).toBeNull();
    expect((await dal.maintenance.sweepExpired(at(365 * DAY))).users).toBe(0);
    expect(await dal.methods.getUserById(String(kept))).not.toBeNull();
  });

  test('files.expiresAt (when the files table exists) keeps its 3600 s offset', async () => {
    const dal = await pgDal();
    const files = (
      dal.engine.collections as Record<string, NonNullable<Dal['engine']['collections']>['users']>
    ).files;
    const rule = deriveTtlRules(dal.engine.collections!).find((r) => r.table === ('files' as never));
    expect(Boolean(files)).toBe(Boolean(rule));
    if (!files || !rule) return;
    expect(rule.expireAfterSeconds).toBe(3600);
    const expiresAt = new Date('2030-01-01T00:00:00.000Z');
    await files.insertRow({ _id: new ObjectId(), expiresAt });
    expect(
      (await dal.maintenance.sweepExpired({ now: new Date(expiresAt.getTime() + HOUR - SECOND) })).files,
    ).toBe(0);
    expect((await dal.maintenance.sweepExpired({ now: new Date(expiresAt.getTime() + HOUR) })).files).toBe(1);
  });

  test('sessions, tokens, keys and agent keys written by the methods go at their expiry', async () => {
    const dal = await pgDal();
    const m = dal.methods;
    const start = Date.now();
    await m.createSession(USER_A, { expiresIn: HOUR });
    await m.createToken({ userId: USER_A, token: 't', type: 'password_reset', expiresIn: 900 });
    await m.updateUserKey({
      userId: USER_A,
      name: 'openAI',
      value: 'v',
      expiresAt: new Date(start + 2 * HOUR),
    });
    await m.updateUserKey({ userId: USER_A, name: 'google', value: 'v' }); // never expires
    await m.createAgentApiKey({ userId: USER_A, name: 'ci', expiresAt: new Date(start + 3 * HOUR) });
    const sweepAt = (ms: number) => dal.maintenance.sweepExpired({ now: new Date(start + ms) });
    const first = await sweepAt(30 * 60 * SECOND);
    expect({
      sessions: first.sessions,
      tokens: first.tokens,
      keys: first.keys,
      agentapikeys: first.agentapikeys,
    }).toEqual({
      sessions: 0,
      tokens: 1,
      keys: 0,
      agentapikeys: 0,
    });
    const later = await sweepAt(3 * HOUR + 60 * SECOND);
    expect({
      sessions: later.sessions,
      tokens: later.tokens,
      keys: later.keys,
      agentapikeys: later.agentapikeys,
    }).toEqual({
      sessions: 1,
      tokens: 0,
      keys: 1,
      agentapikeys: 1,
    });
    expect(await m.getUserKeyExpiry({ userId: USER_A, name: 'google' })).toEqual({ expiresAt: 'never' });
    expect(await count(dal, 'sessions')).toBe(0);
  });

  test('deletes in bounded batches until nothing is left', async () => {
    const dal = await pgDal();
    const now = new Date('2030-01-01T00:00:00.000Z');
    await dal.engine.pool!.query(
      `INSERT INTO tokens (_id, user_id, token, expires_at)
       SELECT lpad(to_hex(g), 24, '0'), $1, 't' || g, $2::timestamptz - (g || ' seconds')::interval FROM generate_series(1, 2500) g`,
      [USER_A, now],
    );
    const query = vi.spyOn(dal.engine.pool!, 'query');
    try {
      const result = await dal.maintenance.sweepExpired({ now, batchSize: 1000 });
      expect(result.tokens).toBe(2500);
      const deletes = query.mock.calls.filter(([sql]) => String(sql).startsWith('DELETE FROM "tokens"'));
      expect(deletes.length).toBe(3);
      expect(String(deletes[0]?.[0])).toMatch(/LIMIT \$\d+::integer FOR UPDATE SKIP LOCKED/);
    } finally {
      query.mockRestore();
    }
    expect(await count(dal, 'tokens')).toBe(0);
  });

  test('a row another transaction holds locked is skipped, and swept the next time', async () => {
    const dal = await pgDal();
    const now = new Date('2030-01-01T00:00:00.000Z');
    const expired = new Date(now.getTime() - DAY);
    const ids = [new ObjectId(), new ObjectId()];
    for (const _id of ids)
      await dal.engine.collections!.keys.insertRow({
        _id,
        userId: new ObjectId(USER_A),
        name: 'k',
        value: 'v',
        expiresAt: expired,
      });
    const client = await dal.engine.pool!.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM keys WHERE _id = $1 FOR UPDATE', [ids[0]?.toHexString()]);
      expect((await dal.maintenance.sweepExpired({ now })).keys).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect((await dal.maintenance.sweepExpired({ now })).keys).toBe(1);
    expect(await count(dal, 'keys')).toBe(0);
  });
});

describeEachEngine('maintenance › sweepExpired', ({ engine, dal }) => {
  test(
    engine === 'mongodb'
      ? 'returns {}: TTL indexes delete expired documents'
      : 'returns a count for every table with a TTL rule',
    async () => {
      const result = await dal().maintenance.sweepExpired({ now: new Date() });
      if (engine === 'mongodb') expect(result).toEqual({});
      else {
        expect(Object.keys(result).sort()).toEqual(
          [...new Set(deriveTtlRules(dal().engine.collections!).map((r) => r.table))].sort(),
        );
      }
    },
  );
});
