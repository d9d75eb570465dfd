/**
 * vitest globalSetup: starts PostgreSQL (embedded, or PG_URL) with the migrated template
 * database and a MongoDB-wire server (FerretDB, or MONGO_URL), provides their URLs to the test
 * files, and stops both at the end. It prints nothing to stdout: the last line of the run belongs
 * to the summary reporter.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import './context.js';
import { type MongoServer, startMongo } from './mongoServer.js';
import { type PostgresServer, startPostgres } from './postgresServer.js';

const log = (line: string) => process.stderr.write(`[harness] ${line}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  let postgres: PostgresServer | undefined;
  let mongo: MongoServer | undefined;
  const teardown = async () => {
    const results = await Promise.allSettled([postgres?.stop(), mongo?.stop()]);
    for (const r of results) {
      if (r.status === 'rejected') log(`teardown: ${(r.reason as Error).message}`);
    }
  };
  const [pg, mg] = await Promise.allSettled([startPostgres(runId), startMongo(runId, log)]);
  if (pg.status === 'fulfilled') postgres = pg.value;
  if (mg.status === 'fulfilled') mongo = mg.value;
  if (!postgres || !mongo) {
    // Not thrown: vitest would print it after the summary line. Every file that uses the
    // servers fails with this message instead, and the summary counts those failures.
    await teardown();
    const reasons = [pg, mg].flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    const message = `the test servers did not start: ${reasons.join('; ')}`;
    log(message);
    project.provide('setupError', message);
    return async () => {};
  }
  project.provide('setupError', '');
  project.provide('runId', runId);
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  project.provide('mongoUrl', mongo.url);
  project.provide('mongoKind', mongo.kind);
  return teardown;
}
