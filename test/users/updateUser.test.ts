import { differential } from '../harness/index.js';
import { alice, bob, duplicateKeyShape } from './support.js';

differential('users › updateUser sets fields, bumps updatedAt, applies setters', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  return methods.updateUser(id, {
    name: 'Alice L.',
    username: 'ALICE2',
    avatar: null as never,
    plugins: ['a', 'b'],
  });
});

differential('users › updateUser validation error, unknown id and malformed id', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  return {
    invalidEmail: await methods
      .updateUser(id, { email: 'broken' })
      .catch((e: Error) => ({ name: e.name, message: e.message })),
    badEnum: await methods
      .updateUser(id, { 'personalization.statefulCodeEnvironment': 'nope' } as never)
      .catch((e: Error) => ({ name: e.name, message: e.message })),
    unknown: await methods.updateUser('0123456789abcdef01234567', { name: 'x' }),
    malformed: await methods
      .updateUser('zzz', { name: 'x' })
      .catch((e: Error) => ({ name: e.name, message: e.message })),
    unchanged: await methods.getUserById(id, 'email name'),
  };
});

differential("users › updateUser into another user's email is a duplicate key error", async ({ methods }) => {
  await methods.createUser({ ...alice });
  const id = String(await methods.createUser({ ...bob }));
  return methods.updateUser(id, { email: 'alice@example.com' }).catch(duplicateKeyShape);
});

differential('users › updateUserPlugins install, uninstall, unknown action', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  const installed = await methods.updateUserPlugins(id, ['dalle'], 'google', 'install');
  const removed = await methods.updateUserPlugins(id, installed?.plugins as string[], 'dalle', 'uninstall');
  const fromNothing = await methods.updateUserPlugins(id, undefined, 'wolfram', 'install');
  const other = await methods.updateUserPlugins(id, [], 'x', 'upgrade' as never);
  return {
    installed: installed?.plugins,
    removed: removed?.plugins,
    fromNothing: fromNothing?.plugins,
    other,
  };
});

differential('users › toggleUserMemories and updateUserStatefulCodeEnvironment', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  return {
    off: (await methods.toggleUserMemories(id, false))?.personalization,
    on: (await methods.toggleUserMemories(id, true))?.personalization,
    unknown: await methods.toggleUserMemories('0123456789abcdef01234567', true),
    env: (await methods.updateUserStatefulCodeEnvironment(id, 'conversation'))?.personalization,
    badEnv: await methods
      .updateUserStatefulCodeEnvironment(id, 'nowhere' as never)
      .catch((e: Error) => ({ name: e.name, message: e.message })),
    unknownEnv: await methods.updateUserStatefulCodeEnvironment('0123456789abcdef01234567', 'user'),
  };
});

differential('users › claimSamlIdentity claims an unclaimed SAML user once', async ({ methods }) => {
  const saml = String(await methods.createUser({ name: 'S', email: 'saml@example.com', provider: 'saml' }));
  const local = String(await methods.createUser({ ...alice }));
  const first = await methods.claimSamlIdentity(saml, 'saml-1', { username: 'S1', name: 'Saml One' });
  const same = await methods.claimSamlIdentity(saml, 'saml-1', { name: 'Saml Again' });
  const other = await methods.claimSamlIdentity(saml, 'saml-2', { name: 'Thief' });
  const notSaml = await methods.claimSamlIdentity(local, 'saml-3', { name: 'x' });
  return { first, same: same?.name, other, notSaml };
});

differential(
  'users › acceptTerms stamps the first acceptance and keeps it on re-acceptance',
  async ({ methods }) => {
    const id = String(await methods.createUser({ ...alice }));
    const first = await methods.acceptTerms(id);
    const again = await methods.acceptTerms(id);
    return {
      first: { termsAccepted: first?.termsAccepted, stamped: first?.termsAcceptedAt instanceof Date },
      keptFirstStamp: again?.termsAcceptedAt?.getTime() === first?.termsAcceptedAt?.getTime(),
      unknown: await methods.acceptTerms('0123456789abcdef01234567'),
    };
  },
);

differential('users › deleteUserById messages and errors', async ({ methods }) => {
  const id = String(await methods.createUser({ ...alice }));
  return {
    deleted: await methods.deleteUserById(id),
    again: await methods.deleteUserById(id),
    malformed: await methods
      .deleteUserById('nope')
      .catch((e: Error) => ({ name: e.name, message: e.message })),
    left: await methods.countUsers(),
  };
});

differential('users › generateToken signs the user, and throws without one', async ({ methods }) => {
  process.env.JWT_SECRET ??= 'test-secret';
  const id = String(await methods.createUser({ ...alice }));
  const user = await methods.getUserById(id);
  const token = await methods.generateToken(user as never, 60_000);
  const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
  return {
    payload: {
      id: payload.id,
      email: payload.email,
      provider: payload.provider,
      username: payload.username,
      ttl: payload.exp - payload.iat,
    },
    missing: await methods.generateToken(null as never).catch((e: Error) => e.message),
  };
});
