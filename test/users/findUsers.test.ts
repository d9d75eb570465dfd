import { differential } from '../harness/index.js';
import { alice, bob } from './support.js';

async function seed(methods: import('@librechat/dal').AllMethods) {
  const a = await methods.createUser({ ...alice });
  const b = await methods.createUser({ ...bob });
  const c = await methods.createUser({
    name: 'Carol',
    username: 'carol',
    email: 'carol@example.com',
    provider: 'openid',
    openidId: 'oid-1',
    openidIssuer: 'https://issuer',
    role: 'ADMIN',
  });
  return { a, b, c };
}

differential('users › findUser normalises the email and hides password by default', async ({ methods }) => {
  await seed(methods);
  return {
    exact: await methods.findUser({ email: 'alice@example.com' }),
    upper: await methods.findUser({ email: '  ALICE@EXAMPLE.COM ' }),
    viaOr: await methods.findUser({ $or: [{ email: 'BOB@builders.io' }, { googleId: 'none' }] }),
    missing: await methods.findUser({ email: 'nobody@example.com' }),
  };
});

differential(
  'users › findUser select semantics (+hidden, inclusive, exclusive, array)',
  async ({ methods }) => {
    await seed(methods);
    const q = { email: 'alice@example.com' };
    return {
      plusPassword: await methods.findUser(q, '+password'),
      inclusive: await methods.findUser(q, 'email name'),
      inclusiveWithHidden: await methods.findUser(q, 'email password'),
      exclusive: await methods.findUser(q, '-email -personalization'),
      array: await methods.findUser(q, ['email', 'role']),
      noId: await methods.findUser(q, 'email -_id'),
      nested: await methods.findUser(q, 'personalization.memories'),
    };
  },
);

differential('users › findUser by provider ids, id strings and operators', async ({ methods }) => {
  const { b, c } = await seed(methods);
  return {
    byGoogle: await methods.findUser({ googleId: 'g-123' }, 'email'),
    byOpenId: await methods.findUser({ openidId: 'oid-1', openidIssuer: 'https://issuer' }, 'email'),
    byIdString: await methods.findUser({ _id: String(b) }, 'email'),
    byIdIn: await methods.findUsers({ _id: { $in: [String(b), String(c)] } }, 'email', {
      sort: { email: 1 },
    }),
    ne: await methods.findUsers({ role: { $ne: 'ADMIN' } }, 'email', { sort: { email: 1 } }),
    exists: await methods.findUsers({ googleId: { $exists: true } }, 'email'),
    notExists: await methods.findUsers({ openidId: { $exists: false } }, 'email', { sort: { email: -1 } }),
    regex: await methods.findUsers({ name: /^b/i }, 'name'),
    nullMatchesMissing: await methods.findUsers({ avatar: null }, 'email', { sort: { email: 1 } }),
    unknownFieldIsIgnored: await methods.countUsers({ isPublic: true } as never),
    createdRange: await methods.countUsers({ createdAt: { $lte: new Date(Date.now() + 60_000) } }),
  };
});

differential('users › findUsers sort, offset and limit (limit 0 means no limit)', async ({ methods }) => {
  await seed(methods);
  return {
    byEmailDesc: await methods.findUsers({}, 'email', { sort: { email: -1 } }),
    page2: await methods.findUsers({}, 'email', { sort: { email: 1 }, offset: 1, limit: 1 }),
    limitZero: await methods.findUsers({}, 'email', { sort: { email: 1 }, limit: 0 }),
    byRoleThenName: await methods.findUsers({}, 'role name', { sort: { role: 1, name: -1 } }),
  };
});

differential('users › countUsers with and without a filter', async ({ methods }) => {
  await seed(methods);
  return {
    all: await methods.countUsers(),
    admins: await methods.countUsers({ role: 'ADMIN' }),
    local: await methods.countUsers({ provider: { $in: ['local', 'google'] } }),
    none: await methods.countUsers({ email: 'x@y.z' }),
  };
});

differential('users › getUserById: found, unknown id, select, malformed id', async ({ methods }) => {
  const { a } = await seed(methods);
  return {
    found: await methods.getUserById(String(a), 'email role'),
    unknown: await methods.getUserById('0123456789abcdef01234567'),
    malformed: await methods
      .getUserById('not-an-id')
      .catch((e: Error) => ({ name: e.name, message: e.message })),
  };
});

differential(
  'users › searchUsers scores exact > prefix > contains, then insertion order',
  async ({ methods }) => {
    await methods.createUser({ name: 'Sam Contains', username: 'xsamx', email: 'one@example.com' });
    await methods.createUser({ name: 'sam', username: 'exact', email: 'two@example.com' });
    await methods.createUser({ name: 'Samantha', username: 'prefix', email: 'three@example.com' });
    await methods.createUser({ name: 'Other', username: 'nobody', email: 'sam@example.com' });
    await methods.createUser({ name: 'Unrelated', username: 'zzz', email: 'zzz@example.com' });
    return {
      ranked: await methods.searchUsers({ searchPattern: ' SAM ', fieldsToSelect: 'name username email' }),
      limited: await methods.searchUsers({ searchPattern: 'sam', limit: 2, fieldsToSelect: ['name'] }),
      empty: await methods.searchUsers({ searchPattern: '   ' }),
      regexCharsEscaped: await methods.searchUsers({ searchPattern: 'a.c' }),
      everything: (await methods.searchUsers({ searchPattern: 'example' })).length,
    };
  },
);
