/**
 * getConvosByCursor: one page for a user with 10,000 and with 1,000,000 conversations (target:
 * the 1M page ≤ 1.5× the 10k page; each ≤ 1.2× a raw `pg` keyset query). The place for it is
 * here, wired into index.ts; it reports itself pending until ConversationMethods land.
 */
import type { Dal } from '@librechat/dal';
import type pg from 'pg';
import type { BenchResult } from './messages.ts';

export async function benchConvosByCursor(
  _pgDal: Dal,
  _mongoDal: Dal | undefined,
  _pool: pg.Pool,
): Promise<BenchResult[]> {
  return [
    {
      name: 'getConvosByCursor page (10k and 1M conversations)',
      unit: 'ms per page',
      note: 'pending: added with ConversationMethods (bench/src/convosByCursor.ts)',
    },
  ];
}
