/**
 * Generated filters over a seeded message set, run through getMessages on both engines: the
 * PostgreSQL filter translator must select exactly what MongoDB selects — dotted paths into the
 * jsonb content parts, feedback and metadata, null vs missing, text[] arrays, $in/$nin/$exists/
 * $regex, comparisons on dates and numbers, $or/$and/$nor/$not — or refuse the filter with an
 * error naming the operator.
 */
import type { AllMethods } from '@librechat/dal';
import { differential } from '../harness/index.js';
import { generateFilter, messages, prng, seed } from './filterFuzzCases.js';

async function run(methods: AllMethods): Promise<unknown[]> {
  const rand = prng(11);
  const results: unknown[] = [];
  for (let i = 0; i < 1000; i++) {
    const filter = generateFilter(rand);
    try {
      const found = await methods.getMessages(filter as never, 'messageId', { sort: { messageId: 1 } });
      results.push({ i, ids: found.map((m) => m.messageId) });
    } catch (error) {
      results.push({ i, error: (error as Error).message });
    }
  }
  return results;
}

differential(
  'messages › 1,000 generated filters select the same messages on both engines',
  async ({ dal, methods }) => {
    await seed(dal, messages(prng(3)));
    const results = await run(methods);
    const matched = results.filter((r) => (r as { ids?: string[] }).ids?.length).length;
    return { matched: matched > 500, results };
  },
  { timeout: 300_000 },
);
