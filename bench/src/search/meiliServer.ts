/**
 * The Meilisearch test server (test/meili) in its own process, so the benchmark process's memory
 * is the DAL's alone. Prints `{"host","key"}` on stdout, then serves until killed.
 */
import { start } from '../../../test/meili/server.ts';

const meili = await start();
process.stdout.write(`${JSON.stringify({ host: meili.host, key: meili.key })}\n`);
