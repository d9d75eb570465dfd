/**
 * 1,000 conversations with repeated titles and timestamps, missing titles and archive stamps,
 * paged to the end in every sort field and direction, active and archived lists: the full
 * sequences (and every cursor) must be MongoDB's.
 */
import { differential } from '../harness/index.js';
import { prng } from '../support/fuzz.js';
import { at, C, decodeCursor, ids, seedConvos, U1 } from './support.js';

const TITLES = ['alpha', 'Alpha', 'beta', 'zeta', 'ähnlich', '', 'New Chat', '10 things', '2 things'];

function convos(): Array<Record<string, unknown>> {
  const rand = prng(1000);
  return Array.from({ length: 1000 }, (_, i) => {
    const c: Record<string, unknown> = {
      conversationId: C(i + 1),
      createdAt: at(Math.floor(rand() * 200)),
      updatedAt: at(200 + Math.floor(rand() * 150)),
    };
    const t = rand();
    if (t < 0.1) c.title = null;
    else if (t < 0.85) c.title = TITLES[Math.floor(rand() * TITLES.length)];
    const a = rand();
    if (a < 0.3) {
      c.isArchived = true;
      if (rand() < 0.7) c.archivedAt = at(400 + Math.floor(rand() * 20));
    } else if (a < 0.35) {
      c.isArchived = false;
    }
    return c;
  });
}

differential(
  'conversations › 1,000 conversations paged in every sort field and direction: the full sequences match',
  async ({ methods }) => {
    const list = convos();
    // In batches: FerretDB scans the collection for every upsert.
    for (let i = 0; i < list.length; i += 100) await seedConvos(methods, list.slice(i, i + 100));
    const run = async (sortBy: string, sortDirection: string, isArchived: boolean) => {
      const sequence: string[] = [];
      const cursors: unknown[] = [];
      let cursor: string | null | undefined;
      for (let i = 0; i < 40; i++) {
        const page = await methods.getConvosByCursor(U1, {
          sortBy,
          sortDirection,
          isArchived,
          limit: 100,
          cursor,
        });
        sequence.push(...ids(page));
        cursors.push(decodeCursor(page.nextCursor));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return { count: sequence.length, unique: new Set(sequence).size, sequence, cursors };
    };
    const out: Record<string, unknown> = {};
    for (const sortBy of ['updatedAt', 'createdAt', 'title', 'archivedAt']) {
      for (const sortDirection of ['desc', 'asc']) {
        out[`${sortBy} ${sortDirection}`] = {
          active: await run(sortBy, sortDirection, false),
          archived: await run(sortBy, sortDirection, true),
        };
      }
    }
    return out;
  },
  { timeout: 600_000, exactDates: true },
);
