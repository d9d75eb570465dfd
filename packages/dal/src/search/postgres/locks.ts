/**
 * Session advisory locks on a dedicated connection (not a pool client: a session lock belongs to
 * the connection that took it, and is released the moment that connection ends — a crashed or
 * killed process never leaves a lock behind, and no lease expiry can let two holders overlap).
 *
 * - `worker`: the single outbox worker among all processes (the others stand by).
 * - `sync:<uid>`: shared by the worker for each batch of an index, exclusive for a reindex of it,
 *   so a reindex pauses live sync of that index (its outbox rows wait) and never races it.
 * - `reindex:<uid>`: one reindex of an index at a time.
 *
 * Needs session-level connections: not usable through PgBouncer in transaction pooling mode.
 */
import pg from 'pg';

export const LOCKS = {
  worker: 'librechat-search:outbox-worker',
  sync: (uid: string) => `librechat-search:sync:${uid}`,
  reindex: (uid: string) => `librechat-search:reindex:${uid}`,
};

export class LockConnection {
  private client: pg.Client | null = null;
  private lost = false;
  private listeners: ((channel: string, payload?: string) => void)[] = [];

  constructor(private readonly options: pg.ClientConfig) {}

  /** False once the connection failed: every lock it held is gone. */
  get alive(): boolean {
    return this.client !== null && !this.lost;
  }

  async connect(): Promise<void> {
    const client = new pg.Client({ ...this.options, application_name: 'librechat-dal-search' });
    client.on('error', () => {
      this.lost = true;
    });
    client.on('end', () => {
      this.lost = true;
    });
    client.on('notification', (msg) => {
      for (const l of this.listeners) l(msg.channel, msg.payload);
    });
    await client.connect();
    this.client = client;
    this.lost = false;
  }

  private get c(): pg.Client {
    if (!this.client || this.lost) throw new Error('search lock connection is closed');
    return this.client;
  }

  async tryLock(name: string): Promise<boolean> {
    const { rows } = await this.c.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
      [name],
    );
    return rows[0]?.ok === true;
  }

  /** Waits until the lock is free. */
  async lock(name: string): Promise<void> {
    await this.c.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
  }

  async unlock(name: string): Promise<void> {
    await this.c.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
  }

  async tryLockShared(name: string): Promise<boolean> {
    const { rows } = await this.c.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock_shared(hashtextextended($1, 0)) AS ok',
      [name],
    );
    return rows[0]?.ok === true;
  }

  async unlockShared(name: string): Promise<void> {
    await this.c.query('SELECT pg_advisory_unlock_shared(hashtextextended($1, 0))', [name]);
  }

  async listen(channel: string, listener: (channel: string, payload?: string) => void): Promise<void> {
    this.listeners.push(listener);
    await this.c.query(`LISTEN ${this.c.escapeIdentifier(channel)}`);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.listeners = [];
    if (client) await client.end().catch(() => {});
  }
}
