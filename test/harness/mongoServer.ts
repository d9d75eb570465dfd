/** The run's MongoDB-wire server: MONGO_URL (a real MongoDB) when set, else FerretDB. */
import { mongo } from 'mongoose';
import type { MongoKind } from './context.js';
import { startFerretdb } from './ferretdb.js';
import { TEST_DB_PREFIX } from './postgresServer.js';

export interface MongoServer {
  url: string;
  kind: MongoKind;
  stop(): Promise<void>;
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
    return { url: external, kind: 'mongodb', stop: () => dropRunDatabases(external, runId) };
  }
  const ferret = await startFerretdb(log);
  return { url: ferret.url, kind: 'ferretdb', stop: ferret.stop };
}
