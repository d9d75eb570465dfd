/**
 * This test file's databases: one PostgreSQL database copied from the migrated template and
 * one MongoDB database name, both unique to the file, so files can run in parallel. Importing
 * the harness registers a beforeAll that creates them and an afterAll that closes every dal
 * the file opened.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import './context.js';
import { TEST_DB_PREFIX } from './postgresServer.js';
import { mongoUrlFor, pgUrlFor } from './urls.js';

export interface Engines {
  postgres: { url: string; database: string };
  mongo: { url: string; database: string };
}

let engines: Engines | undefined;
let created: Promise<void> | undefined;
const closers = new Set<() => Promise<void>>();

/** URLs of this file's databases (the PostgreSQL one exists once the file's hooks ran). */
export function getEngines(): Engines {
  const setupError = inject('setupError');
  if (setupError) throw new Error(setupError);
  if (!engines) {
    const database = `${TEST_DB_PREFIX}${inject('runId')}_${randomBytes(5).toString('hex')}`;
    engines = {
      postgres: { url: pgUrlFor(inject('pgAdminUrl'), database), database },
      mongo: { url: mongoUrlFor(inject('mongoUrl'), database), database },
    };
  }
  return engines;
}

async function createPostgresDatabase(database: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  client.on('error', () => {});
  await client.connect();
  try {
    const sql = `CREATE DATABASE "${database}" TEMPLATE "${inject('pgTemplate')}"`;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        // 55006: another session is briefly connected to the template.
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates this file's PostgreSQL database once (MongoDB creates its own on first write). */
export function ensureDatabases(): Promise<void> {
  created ??= createPostgresDatabase(getEngines().postgres.database);
  return created;
}

/** Registers something to close when the file ends (dals, clients). */
export function closeAtEnd(close: () => Promise<void>): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

beforeAll(ensureDatabases);
afterAll(async () => {
  const all = [...closers];
  closers.clear();
  await Promise.allSettled(all.map((close) => close()));
});
