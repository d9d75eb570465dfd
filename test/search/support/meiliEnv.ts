/**
 * Import FIRST in a search suite: starts the suite's Meilisearch (the test server, or a real one
 * from MEILI_HOST/MEILI_MASTER_KEY, see test/meili/index.ts) and points SEARCH/MEILI_HOST/
 * MEILI_MASTER_KEY at it before @librechat/dal (and so @librechat/data-schemas) is loaded:
 * upstream's mongoMeili plugin reads them when the module loads and when models are created.
 */
import { afterAll } from 'vitest';
import { type MeiliHandle, startMeili } from '../../meili/index.js';

export const meili: MeiliHandle = await startMeili();
process.env.SEARCH = 'true';
process.env.MEILI_HOST = meili.host;
process.env.MEILI_MASTER_KEY = meili.key;
// Upstream's sync pauses 100 ms between batches by default; the suites need no throttling.
process.env.MEILI_SYNC_DELAY_MS = '1';

afterAll(async () => {
  await meili.stop();
});
