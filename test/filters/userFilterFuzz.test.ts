/**
 * Generated filters over a seeded users collection, run through findUsers on both engines:
 * the PostgreSQL filter translator must select exactly what MongoDB selects (null vs missing,
 * arrays, dotted paths into sub-documents, regexes, $or/$and/$nor, $not), or reject the filter
 * with an error naming the operator.
 */
import type { AllMethods } from '@librechat/dal';
import { differential } from '../harness/index.js';
import { composeFilter, picker, prng } from '../support/fuzz.js';

const NAMES = ['Ann', 'bob', 'Cara', 'dave', 'Émile', 'ann marie', 'Zoë'];
const ROLES = ['USER', 'ADMIN', 'EDITOR'];
const PROVIDERS = ['local', 'google', 'openid'];
const PLUGINS = ['dalle', 'google', 'wolfram', 'calculator'];
const T0 = Date.UTC(2030, 0, 1);

async function seed(methods: AllMethods, rand: () => number): Promise<void> {
  for (let i = 0; i < 24; i++) {
    const pick = picker(rand);
    const user: Record<string, unknown> = {
      email: `user${String(i).padStart(2, '0')}@example.com`,
      name: pick(NAMES),
      username: `${pick(NAMES).toLowerCase()}${i}`,
      role: pick(ROLES),
      provider: pick(PROVIDERS),
      emailVerified: rand() < 0.5,
    };
    const r = rand();
    if (r < 0.3) user.avatar = null;
    else if (r < 0.6) user.avatar = `https://a/${i}.png`;
    if (rand() < 0.7) user.plugins = PLUGINS.filter(() => rand() < 0.4);
    if (rand() < 0.4) user.googleId = `g${i}`;
    if (rand() < 0.5) user.termsAcceptedAt = new Date(T0 + Math.floor(rand() * 10) * 86_400_000);
    if (rand() < 0.4) user.personalization = { memories: rand() < 0.5 };
    await methods.createUser(user as never);
  }
}

function generateFilter(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const leaf = (): Record<string, unknown> => {
    const kind = Math.floor(rand() * 16);
    switch (kind) {
      case 0:
        return { role: pick(ROLES) };
      case 1:
        return { role: { $ne: pick(ROLES) } };
      case 2:
        return { provider: { $in: [pick(PROVIDERS), pick(PROVIDERS)] } };
      case 3:
        return { provider: { $nin: [pick(PROVIDERS)] } };
      case 4:
        return { avatar: null };
      case 5:
        return { avatar: { $exists: rand() < 0.5 } };
      case 6:
        return { avatar: { $ne: null } };
      case 7:
        return { plugins: pick(PLUGINS) };
      case 8:
        return { plugins: { $in: [pick(PLUGINS), pick(PLUGINS)] } };
      case 9:
        return { plugins: { $size: Math.floor(rand() * 3) } };
      case 10:
        return { name: new RegExp(`^${pick(['a', 'A', 'b', 'c', 'Z'])}`, rand() < 0.5 ? 'i' : '') };
      case 11:
        return {
          termsAcceptedAt: {
            [pick(['$gt', '$gte', '$lt', '$lte'])]: new Date(T0 + Math.floor(rand() * 10) * 86_400_000),
          },
        };
      case 12:
        return { termsAcceptedAt: rand() < 0.5 ? null : { $exists: true } };
      case 13:
        return { 'personalization.memories': rand() < 0.5 };
      case 14:
        return { emailVerified: { $ne: rand() < 0.5 } };
      default:
        return { googleId: { $exists: rand() < 0.5 }, name: { $not: /n/ } };
    }
  };
  return composeFilter(rand, leaf);
}

differential(
  'filters › 1,000 generated user filters select the same users on both engines',
  async ({ methods }) => {
    await seed(methods, prng(42));
    const rand = prng(7);
    const results: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const filter = generateFilter(rand);
      try {
        const found = await methods.findUsers(filter as never, 'email', { sort: { email: 1 } });
        results.push({ i, emails: found.map((u) => u.email) });
      } catch (error) {
        results.push({ i, error: (error as Error).message });
      }
    }
    return results;
  },
  { timeout: 240_000 },
);
