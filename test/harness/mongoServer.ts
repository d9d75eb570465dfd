/** The run's MongoDB-wire server: MONGO_URL (a real MongoDB) when set, else FerretDB. */
import { mongo } from 'mongoose';
import type { MongoKind } from './context.js';
import { startFerretdb } from './ferretdb.js';
import { TEST_DB_PREFIX } from './postgresServer.js';
import { redact } from './urls.js';

export interface MongoServer {
  url: string;
  kind: MongoKind;
  stop(): Promise<void>;
}

/** Fails fast, without the password, when MONGO_URL is unreachable. */
async function ping(url: string): Promise<void> {
  const client = new mongo.MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    await client.db().admin().ping();
  } catch (error) {
    throw new Error(`MONGO_URL ${redact(url)} is not reachable: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const client = new mongo.MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(`${TEST_DB_PREFIX}${runId}_`)) await client.db(name).dropDatabase();
    }
  } finally {
    await client.close();
  }
}

export async function startMongo(runId: string, log: (line: string) => void): Promise<MongoServer> {
  const external = process.env.MONGO_URL;
  if (external) {
    await ping(external);
    return { url: external, kind: 'mongodb', stop: () => dropRunDatabases(external, runId) };
  }
  const ferret = await startFerretdb(log);
  return { url: ferret.url, kind: 'ferretdb', stop: ferret.stop };
}
