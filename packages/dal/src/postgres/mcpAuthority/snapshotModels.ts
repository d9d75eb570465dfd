/**
 * The mongoose surface upstream's MCP authority methods use (`Model.findOne/find/countDocuments`
 * with `select`, `limit`, `setOptions`, `session` and `lean`; `Model.aggregate(...).session()`;
 * `Model.createCollection()`; `mongoose.startSession()`), served by the PostgreSQL tables. Every
 * read joins the snapshot transaction of the session it is pinned to. Filters are cast as
 * mongoose casts them (PgCollection), aggregates run uncast as MongoDB runs them.
 */
import type pg from 'pg';
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';
import type { PgCollection } from '../store/collection.js';
import type { Select } from '../store/projection.js';
import { PgSnapshotSession } from './snapshotSession.js';

type Doc = Record<string, unknown>;

/** Upstream's AUTHORITY_SNAPSHOT_MODELS → their tables. */
const SNAPSHOT_TABLES = {
  User: 'users',
  Role: 'roles',
  Group: 'groups',
  Config: 'configs',
  MCPServer: 'mcpservers',
  Agent: 'agents',
  AclEntry: 'aclentries',
  PluginAuth: 'pluginauths',
  Token: 'tokens',
} as const;

abstract class SnapshotRead<T> implements PromiseLike<T> {
  protected pinned?: PgSnapshotSession;

  session(session: unknown): this {
    if (!(session instanceof PgSnapshotSession)) {
      throw new Error('MCP authority reads on PostgreSQL need a PostgreSQL snapshot session');
    }
    this.pinned = session;
    return this;
  }

  protected async connection(collection: PgCollection): Promise<pg.Pool | pg.PoolClient> {
    return this.pinned ? await this.pinned.connection() : collection.pool;
  }

  abstract exec(): Promise<T>;

  // biome-ignore lint/suspicious/noThenProperty: a mongoose Query is awaitable
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.exec().then(onfulfilled, onrejected);
  }
}

class FindRead extends SnapshotRead<unknown> {
  private selected?: Select;
  private limited?: number;

  constructor(
    private readonly collection: PgCollection,
    private readonly filter: Doc,
    private readonly single: boolean,
  ) {
    super();
  }

  select(select: Select): this {
    this.selected = select;
    return this;
  }

  limit(n: number): this {
    this.limited = n;
    return this;
  }

  setOptions(): this {
    return this;
  }

  lean(): this {
    return this;
  }

  async exec(): Promise<unknown> {
    const db = await this.connection(this.collection);
    const options = {
      ...(this.selected !== undefined ? { select: this.selected } : {}),
      ...(this.single ? { limit: 1 } : this.limited !== undefined ? { limit: this.limited } : {}),
    };
    const docs = await this.collection.find(this.filter, options, db);
    return this.single ? (docs[0] ?? null) : docs;
  }
}

class CountRead extends SnapshotRead<number> {
  private limited?: number;

  constructor(
    private readonly collection: PgCollection,
    private readonly filter: Doc,
  ) {
    super();
  }

  /** `countDocuments().limit(n)`: counts at most n. */
  limit(n: number): this {
    this.limited = n;
    return this;
  }

  async exec(): Promise<number> {
    const count = await this.collection.count(this.filter, await this.connection(this.collection));
    return this.limited !== undefined && this.limited > 0 ? Math.min(count, this.limited) : count;
  }
}

class AggregateRead extends SnapshotRead<Doc[]> {
  constructor(
    private readonly ctx: PgContext,
    private readonly collection: PgCollection,
    private readonly pipeline: Doc[],
  ) {
    super();
  }

  async exec(): Promise<Doc[]> {
    const resolve = (name: string) =>
      Object.values(this.ctx.collections).find((c) => c.spec.collection === name);
    return aggregate(this.collection, this.pipeline, resolve, await this.connection(this.collection));
  }
}

function snapshotModel(ctx: PgContext, collection: PgCollection) {
  return {
    modelName: collection.model.modelName,
    findOne: (filter: Doc = {}) => new FindRead(collection, filter, true),
    find: (filter: Doc = {}) => new FindRead(collection, filter, false),
    countDocuments: (filter: Doc = {}) => new CountRead(collection, filter),
    aggregate: (pipeline: Doc[]) => new AggregateRead(ctx, collection, pipeline),
    /** Tables exist from the migrations (upstream materializes MongoDB namespaces here). */
    createCollection: async () => undefined,
  };
}

/**
 * The shaper's (unconnected) mongoose with the snapshot models in place of the ones the authority
 * reads, and `startSession` opening a PostgreSQL snapshot session.
 */
export function createSnapshotMongoose(ctx: PgContext): typeof import('mongoose') {
  const base = ctx.shaper.mongoose as unknown as typeof import('mongoose');
  const snapshot = Object.fromEntries(
    Object.entries(SNAPSHOT_TABLES).map(([model, table]) => [
      model,
      snapshotModel(ctx, ctx.collections[table]),
    ]),
  );
  const models = new Proxy(base.models, {
    get: (target, name) =>
      typeof name === 'string' && name in snapshot ? snapshot[name] : Reflect.get(target, name),
  });
  return Object.create(base, {
    models: { value: models },
    startSession: { value: async () => new PgSnapshotSession(ctx.pool) },
  }) as typeof import('mongoose');
}
