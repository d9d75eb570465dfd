/**
 * The mongoose Query surface upstream's queued-turn methods chain on `find`, `findOne` and
 * `findOneAndUpdate` (`sort`, `select`, `limit`, `lean`; awaited, `.catch`ed), served by a
 * PgCollection call made when the query is awaited.
 */

import type { Sort } from '../store/collection.js';
import type { Select } from '../store/projection.js';

export interface QueryShape {
  sort?: Sort;
  select?: Select;
  limit?: number;
}

export class PgQuery<T> implements PromiseLike<T> {
  private readonly shape: QueryShape = {};

  constructor(private readonly run: (shape: QueryShape) => Promise<T>) {}

  sort(sort: Sort): this {
    this.shape.sort = sort;
    return this;
  }

  select(select: Select): this {
    this.shape.select = select;
    return this;
  }

  limit(n: number): this {
    this.shape.limit = n;
    return this;
  }

  lean(): this {
    return this;
  }

  exec(): Promise<T> {
    return this.run(this.shape);
  }

  // biome-ignore lint/suspicious/noThenProperty: a mongoose Query is awaitable
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.exec().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.exec().catch(onrejected);
  }
}
