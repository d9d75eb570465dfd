/** Helpers of the search suites: dals with search, Meili snapshots, settling both engines. */
import { createRequire } from 'node:module';
import { createDal, type Dal, type SearchConfig } from '@librechat/dal';
import { MeiliSearch } from 'meilisearch';
import { Mongoose } from 'mongoose';
import { closeAtEnd, type Engine, ensureDatabases, getEngines } from '../../harness/index.js';
import { meili } from './meiliEnv.js';

export { meili };

export const client = new MeiliSearch({ host: meili.host, apiKey: meili.key });

export const searchOptions = (extra: Partial<SearchConfig> = {}): Partial<SearchConfig> => ({
  enabled: true,
  host: meili.host,
  apiKey: meili.key,
  pollIntervalMs: 50,
  maxBackoffMs: 500,
  taskTimeoutMs: 20_000,
  ...extra,
});

/** A dal on this file's database with search on (the worker off unless asked). */
export async function searchDal(engine: Engine, extra: Partial<SearchConfig> = {}): Promise<Dal> {
  await ensureDatabases();
  const { postgres, mongo } = getEngines();
  const dal =
    engine === 'postgresql'
      ? await createDal({
          config: { type: 'postgresql', connectionString: postgres.url, max: 6 },
          search: searchOptions({ worker: false, ...extra }),
        })
      : await createDal({
          config: { type: 'mongodb', uri: mongo.url, options: {} },
          mongoose: new Mongoose(),
          search: searchOptions(extra),
        });
  if (engine === 'mongodb') {
    await Promise.allSettled(Object.values(dal.engine.mongoose?.models ?? {}).map((m) => m.init()));
  }
  const forget = closeAtEnd(() => dal.close());
  const close = dal.close;
  dal.close = async () => {
    forget();
    await close();
  };
  return dal;
}

/** No task enqueued or processing (polls the task list; works on a real Meilisearch too). */
export async function meiliIdle(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { results } = await client.getTasks({ statuses: ['enqueued', 'processing'], limit: 1 });
    if (results.length === 0) return;
    if (Date.now() > deadline) throw new Error('Meilisearch did not become idle');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function taskCount(): Promise<number> {
  const { results } = await client.getTasks({ limit: 1 });
  return results[0]?.uid ?? -1;
}

/**
 * MongoDB: upstream's hooks index in the background ("detached"): waits until no new Meili task
 * appeared for `quietMs` and none is pending.
 */
export async function mongoHooksSettled(quietMs = 400, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await taskCount();
  for (;;) {
    await meiliIdle(timeoutMs);
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await taskCount();
    if (now === last) {
      const pending = await client.getTasks({ statuses: ['enqueued', 'processing'], limit: 1 });
      if (pending.results.length === 0) return;
    }
    last = now;
    if (Date.now() > deadline) throw new Error('MongoDB Meili hooks did not settle');
  }
}

/** What LibreChat's startup leaves: both indexes, primary keys, `user` filterable. */
export async function freshMeili(): Promise<void> {
  await meili.clear();
  for (const [uid, primaryKey] of [
    ['messages', 'messageId'],
    ['convos', 'conversationId'],
  ] as const) {
    await client.waitForTask((await client.createIndex(uid, { primaryKey })).taskUid);
    await client.waitForTask(
      (await client.index(uid).updateSettings({ filterableAttributes: ['user'] })).taskUid,
    );
  }
}

/** Prepares a dal after the harness reset its database (PostgreSQL: the outbox state row too). */
export async function prepare(dal: Dal): Promise<void> {
  await freshMeili();
  if (dal.type === 'postgresql')
    await (dal.search as unknown as { enableOutbox(): Promise<void> }).enableOutbox();
}

/** Brings Meili up to date on either engine (PostgreSQL: outbox; MongoDB: hooks, then syncWithMeili). */
export async function settle(dal: Dal): Promise<void> {
  if (dal.type === 'postgresql') {
    await dal.search.sync({ timeoutMs: 60_000 });
  } else {
    await mongoHooksSettled();
    await dal.search.sync();
    await mongoHooksSettled();
  }
  await meiliIdle();
}

export async function allDocuments(uid: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.index(uid).getDocuments({ limit: 1000, offset });
    out.push(...page.results);
    if (page.results.length < 1000) break;
  }
  return out;
}

/** Both indexes: primary key, filterable attributes, documents sorted by primary key. */
export async function meiliSnapshot() {
  const snapshot: Record<string, unknown> = {};
  for (const [uid, pk] of [
    ['messages', 'messageId'],
    ['convos', 'conversationId'],
  ] as const) {
    const info = await client.getRawIndex(uid);
    const docs = await allDocuments(uid);
    docs.sort((a, b) => (String(a[pk]) < String(b[pk]) ? -1 : 1));
    snapshot[uid] = {
      primaryKey: info.primaryKey,
      filterableAttributes: await client.index(uid).getFilterableAttributes(),
      documents: docs,
    };
  }
  return snapshot;
}

/**
 * upstream's plugin methods on an unconnected mongoose (models created while MEILI_HOST is set,
 * so mongoMeili is attached): `preprocess(model, storedDoc)` is exactly what upstream's hooks
 * send to Meili for that stored document (`findById(...).select(attributes)` hydration, then
 * `preprocessObjectForIndex`).
 */
export async function createMongoOracle() {
  const fromDal = createRequire(createRequire(import.meta.url).resolve('@librechat/dal'));
  const { createModels } = fromDal('@librechat/data-schemas') as {
    createModels: (m: unknown) => Record<string, unknown>;
  };
  const instance = new Mongoose();
  instance.set('autoIndex', false);
  instance.set('autoCreate', false);
  const models = createModels(instance) as Record<string, import('mongoose').Model<any>>;
  return {
    preprocess(name: 'Message' | 'Conversation', stored: Record<string, unknown>): Record<string, unknown> {
      const model = models[name] as import('mongoose').Model<any>;
      const obj = model.schema.obj as Record<string, { meiliIndex?: boolean }>;
      const attributes = Object.entries(obj)
        .filter(([, v]) => v && typeof v === 'object' && v.meiliIndex)
        .map(([k]) => k);
      if (obj.user && !attributes.includes('user')) attributes.push('user');
      const projection = Object.fromEntries(
        [...attributes, 'isTemporary', 'expiredAt', 'unfinished'].map((k) => [k, 1]),
      );
      const doc = model.hydrate(stored, projection) as unknown as {
        preprocessObjectForIndex(): Record<string, unknown>;
      };
      return JSON.parse(JSON.stringify(doc.preprocessObjectForIndex()));
    },
  };
}
