/**
 * Generated filters over a seeded conversations set, run through deleteConvos (which takes a raw
 * MongoDB filter, scoped to the user) on both engines: the same conversations are deleted, or the
 * same "not found" error is thrown. The deleted conversations are inserted again (the model's
 * insertMany on each engine) before the next filter, so every filter sees the same data.
 */
import type { Dal } from '@librechat/dal';
import { differential } from '../harness/index.js';
import { composeFilter, picker, prng } from '../support/fuzz.js';

const U1 = '6a0000000000000000000001';
const U2 = '6a0000000000000000000002';
const MODELS = ['gpt-4o', 'claude-3', 'gemini', 'o1'];
const ENDPOINTS = ['openAI', 'anthropic', 'google', 'agents'];
const TAGS = ['work', 'home', 'urgent', 'later'];
const TITLES = ['Alpha plan', 'beta', 'New Chat', 'Zeta notes', 'ähnlich'];
const T0 = Date.UTC(2030, 0, 1);

function seedDocs(rand: () => number): Array<Record<string, unknown>> {
  const pick = picker(rand);
  return Array.from({ length: 32 }, (_, i) => {
    const c: Record<string, unknown> = {
      conversationId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      user: i < 28 ? U1 : U2,
      endpoint: pick(ENDPOINTS),
      createdAt: new Date(T0 + Math.floor(rand() * 10) * 86_400_000),
      updatedAt: new Date(T0 + Math.floor(rand() * 10) * 86_400_000),
    };
    const r = rand();
    if (r < 0.15) c.title = null;
    else if (r < 0.85) c.title = pick(TITLES);
    if (rand() < 0.8) c.model = pick(MODELS);
    c.tags = TAGS.filter(() => rand() < 0.35);
    const a = rand();
    if (a < 0.3) c.isArchived = true;
    else if (a < 0.6) c.isArchived = false;
    if (rand() < 0.3) c.pinned = rand() < 0.5;
    if (rand() < 0.6) c.temperature = Math.floor(rand() * 5) / 2;
    c.files = ['f1', 'f2', 'f3'].filter(() => rand() < 0.5);
    if (rand() < 0.2) c.expiredAt = new Date(T0 + Math.floor(rand() * 10) * 86_400_000);
    return c;
  });
}

/** Upstream's Conversation.insertMany on MongoDB, PgCollection.insertMany on PostgreSQL. */
async function insertConvos(dal: Dal, docs: Array<Record<string, unknown>>): Promise<void> {
  const copies = docs.map((d) => ({ ...d }));
  if (dal.engine.mongoose) await dal.engine.mongoose.models.Conversation!.insertMany(copies);
  else await dal.engine.collections!.conversations.insertMany(copies);
}

function generateFilter(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const date = () => new Date(T0 + Math.floor(rand() * 10) * 86_400_000);
  const leaf = (): Record<string, unknown> => {
    switch (Math.floor(rand() * 20)) {
      case 0:
        return { model: pick(MODELS) };
      case 1:
        return { model: { $ne: pick(MODELS) } };
      case 2:
        return { endpoint: { $in: [pick(ENDPOINTS), pick(ENDPOINTS)] } };
      case 3:
        return { endpoint: { $nin: [pick(ENDPOINTS)] } };
      case 4:
        return { title: null };
      case 5:
        return { title: { $exists: rand() < 0.5 } };
      case 6:
        return { title: new RegExp(`^${pick(['a', 'A', 'b', 'n', 'Z', 'ä'])}`, rand() < 0.5 ? 'i' : '') };
      case 7:
        return { tags: pick(TAGS) };
      case 8:
        return { tags: { $in: [pick(TAGS), pick(TAGS)] } };
      case 9:
        return { tags: { $size: Math.floor(rand() * 3) } };
      case 10:
        return { isArchived: rand() < 0.5 };
      case 11:
        return { isArchived: { $ne: true } };
      case 12:
        return { pinned: { $exists: rand() < 0.5 } };
      case 13:
        return { temperature: { [pick(['$gt', '$gte', '$lt', '$lte'])]: Math.floor(rand() * 5) / 2 } };
      case 14:
        return { createdAt: { [pick(['$gt', '$gte', '$lt', '$lte'])]: date() } };
      case 15:
        return { files: rand() < 0.5 ? { $exists: true } : { $size: 0 } };
      case 16:
        return { expiredAt: rand() < 0.5 ? null : { $gt: date() } };
      case 17:
        return { tags: { $all: [pick(TAGS)] } };
      case 18:
        return { title: { $not: /a/ } };
      default:
        return { createdAt: { $lte: date() }, model: { $in: MODELS.slice(0, 2) } };
    }
  };
  return composeFilter(rand, leaf);
}

differential(
  'filters › 1,000 generated conversation filters delete the same conversations on both engines',
  async ({ methods, dal }) => {
    const docs = seedDocs(prng(4242));
    const byId = new Map(docs.map((d) => [`${d.user}:${d.conversationId}`, d]));
    await insertConvos(dal, docs);
    const rand = prng(99);
    const results: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const filter = generateFilter(rand);
      try {
        const r = await methods.deleteConvos(U1, filter as never);
        const deleted = [...r.conversationIds].sort();
        results.push({ i, deleted, count: r.deletedCount });
        if (deleted.length)
          await insertConvos(
            dal,
            deleted.map((id) => byId.get(`${U1}:${id}`) as Record<string, unknown>),
          );
      } catch (error) {
        results.push({ i, error: (error as Error).message });
      }
    }
    return results;
  },
  { timeout: 900_000, exactDates: true },
);
