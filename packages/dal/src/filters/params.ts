/** Collects SQL parameters; every value reaches PostgreSQL as `$n`, never inside the SQL text. */
export class Params {
  readonly values: unknown[] = [];
  constructor(start: unknown[] = []) {
    this.values.push(...start);
  }
  /** Adds a value and returns its placeholder, with a cast when given (`$3::text[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
