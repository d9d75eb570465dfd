/**
 * The mongoose Model surface upstream's trigger delivery methods use, served by a PostgreSQL table
 * (PgCollection): `find`/`findOne`/`findById` with `select`, `sort`, `limit`, `lean`;
 * `countDocuments`, `exists`, `create`, `findOneAndUpdate` (`new`, `upsert`, `sort`, `timestamps`;
 * row-locked compare-and-set), `updateOne`, `updateMany`, `deleteOne`, `deleteMany`, `aggregate`
 * and `createIndexes` (the migrations create upstream's indexes).
 */
import type { PgContext } from '../context.js';
import { aggregate } from '../store/aggregate/index.js';
import type { PgCollection, UpdateOptions } from '../store/collection.js';
import type { Select } from '../store/projection.js';

type Doc = Record<string, unknown>;
type Sort = Record<string, 1 | -1>;

abstract class TableQuery<T> implements PromiseLike<T> {
  abstract exec(): Promise<T>;

  lean(): this {
    return this;
  }

  // biome-ignore lint/suspicious/noThenProperty: a mongoose Query is awaitable
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.exec().then(onfulfilled, onrejected);
  }
}

class FindQuery extends TableQuery<unknown> {
  private selected?: Select;
  private sorted?: Sort;
  private limited?: number;

  constructor(
    private readonly collection: PgCollection,
    private readonly filter: Doc,
    private readonly single: boolean,
    projection?: Select,
  ) {
    super();
    this.selected = projection ?? undefined;
  }

  select(select: Select): this {
    this.selected = select;
    return this;
  }

  sort(sort: Sort): this {
    this.sorted = sort;
    return this;
  }

  limit(n: number): this {
    this.limited = n;
    return this;
  }

  /** Read preference: PostgreSQL has one primary. */
  read(): this {
    return this;
  }

  async exec(): Promise<unknown> {
    const docs = await this.collection.find(this.filter, {
      ...(this.selected !== undefined ? { select: this.selected } : {}),
      ...(this.sorted ? { sort: this.sorted } : {}),
      ...(this.single ? { limit: 1 } : this.limited !== undefined ? { limit: this.limited } : {}),
    });
    return this.single ? (docs[0] ?? null) : docs;
  }
}

class FindOneAndUpdateQuery extends TableQuery<Doc | null> {
  private selected?: Select;

  constructor(
    private readonly collection: PgCollection,
    private readonly filter: Doc,
    private readonly update: Doc,
    private readonly options: UpdateOptions,
  ) {
    super();
  }

  select(select: Select): this {
    this.selected = select;
    return this;
  }

  exec(): Promise<Doc | null> {
    return this.collection.findOneAndUpdateLean(this.filter, this.update, {
      ...this.options,
      ...(this.selected !== undefined ? { select: this.selected } : {}),
    });
  }
}

class ValueQuery<T> extends TableQuery<T> {
  constructor(private readonly run: () => Promise<T>) {
    super();
  }

  exec(): Promise<T> {
    return this.run();
  }
}

function updateOptions(options: Doc = {}): UpdateOptions {
  const { new: returnNew, upsert, runValidators, timestamps, sort } = options as UpdateOptions;
  return { new: returnNew, upsert, runValidators, timestamps, sort };
}

/** A mongoose-Model-shaped object over one table. */
export function tableModel(ctx: PgContext, collection: PgCollection) {
  return {
    modelName: collection.model.modelName,
    find: (filter: Doc = {}, projection?: Select) => new FindQuery(collection, filter, false, projection),
    findOne: (filter: Doc = {}, projection?: Select) => new FindQuery(collection, filter, true, projection),
    findById: (id: unknown, projection?: Select) =>
      new FindQuery(collection, id == null ? { _id: null } : { _id: id }, true, projection),
    countDocuments: (filter: Doc = {}) => new ValueQuery(() => collection.count(filter)),
    exists: (filter: Doc) => new ValueQuery(() => collection.exists(filter)),
    create: (data: Doc) => collection.create(data),
    findOneAndUpdate: (filter: Doc, update: Doc, options?: Doc) =>
      new FindOneAndUpdateQuery(collection, filter, update, updateOptions(options)),
    updateOne: (filter: Doc, update: Doc, options?: Doc) =>
      new ValueQuery(() => collection.updateOne(filter, update, updateOptions(options))),
    updateMany: (filter: Doc, update: Doc, options?: Doc) =>
      new ValueQuery(() => collection.updateMany(filter, update, updateOptions(options))),
    deleteOne: (filter: Doc = {}) => new ValueQuery(() => collection.deleteOne(filter)),
    deleteMany: (filter: Doc = {}) => new ValueQuery(() => collection.deleteMany(filter)),
    aggregate: (pipeline: Doc[]) =>
      new ValueQuery(() =>
        aggregate(collection, pipeline, (name: string) =>
          Object.values(ctx.collections).find((c) => c.spec.collection === name),
        ),
      ),
    /** The migrations create upstream's indexes; nothing to build at run time. */
    init: async () => undefined,
    createIndexes: async () => undefined,
  };
}

/** The shaper's (unconnected) mongoose with the given models served by their tables. */
/** A model of a table this backend does not have (yet): nothing to delete. */
function emptyModel(modelName: string) {
  return {
    modelName,
    deleteMany: () => new ValueQuery(async () => ({ acknowledged: true, deletedCount: 0 })),
  };
}

export function createTableMongoose(
  ctx: PgContext,
  tables: Record<string, PgCollection | 'empty'>,
): typeof import('mongoose') {
  const base = ctx.shaper.mongoose as unknown as typeof import('mongoose');
  const served = Object.fromEntries(
    Object.entries(tables).map(([model, collection]) => [
      model,
      collection === 'empty' ? emptyModel(model) : tableModel(ctx, collection),
    ]),
  );
  const models = new Proxy(base.models, {
    get: (target, name) =>
      typeof name === 'string' && name in served ? served[name] : Reflect.get(target, name),
  });
  return Object.create(base, { models: { value: models } }) as typeof import('mongoose');
}
