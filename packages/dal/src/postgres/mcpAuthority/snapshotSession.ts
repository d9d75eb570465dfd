/**
 * The `ClientSession` upstream's MCP authority reads run in (`startTransaction` with a snapshot
 * read concern, `commitTransaction`/`abortTransaction`, `endSession`), on PostgreSQL: one pooled
 * connection in a READ ONLY REPEATABLE READ transaction, opened by the first read, so every read of
 * one proof sees the same snapshot.
 */
import type pg from 'pg';

export class PgSnapshotSession {
  private state: 'idle' | 'started' | 'ended' = 'idle';
  private client?: Promise<pg.PoolClient>;

  constructor(private readonly pool: pg.Pool) {}

  startTransaction(): void {
    if (this.state === 'started') throw new Error('Transaction already in progress');
    this.state = 'started';
  }

  inTransaction(): boolean {
    return this.state === 'started';
  }

  /** The transaction's connection; BEGIN on first use. */
  connection(): Promise<pg.PoolClient> {
    if (this.state !== 'started') throw new Error('MCP authority snapshot read outside its transaction');
    this.client ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      } catch (error) {
        client.release();
        throw error;
      }
      return client;
    })();
    return this.client;
  }

  async commitTransaction(): Promise<void> {
    await this.finish('COMMIT');
  }

  async abortTransaction(): Promise<void> {
    await this.finish('ROLLBACK');
  }

  async endSession(): Promise<void> {
    if (this.state === 'started') await this.finish('ROLLBACK');
    this.state = 'ended';
  }

  private async finish(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (this.state !== 'started') throw new Error('No transaction started');
    this.state = 'idle';
    const pending = this.client;
    this.client = undefined;
    if (!pending) return;
    const client = await pending;
    try {
      await client.query(statement);
    } finally {
      client.release();
    }
  }
}
