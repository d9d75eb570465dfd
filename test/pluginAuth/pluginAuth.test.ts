import { differential } from '../harness/index.js';
import { stored, USER_A, USER_B } from '../support/stored.js';

/** Values are stored as given: LibreChat encrypts them (upstream's encrypt) before calling. */
async function seedAuths(methods: Parameters<Parameters<typeof differential>[1]>[0]['methods']) {
  await methods.updatePluginAuth({
    userId: USER_A,
    pluginKey: 'google',
    authField: 'GOOGLE_API_KEY',
    value: 'enc-1',
  });
  await methods.updatePluginAuth({
    userId: USER_A,
    pluginKey: 'google',
    authField: 'GOOGLE_CSE_ID',
    value: 'enc-2',
  });
  await methods.updatePluginAuth({
    userId: USER_A,
    pluginKey: 'dalle',
    authField: 'DALLE_API_KEY',
    value: 'enc-3',
  });
  await methods.updatePluginAuth({
    userId: USER_B,
    pluginKey: 'google',
    authField: 'GOOGLE_API_KEY',
    value: 'enc-4',
  });
}

differential(
  'pluginAuth › updatePluginAuth creates, then updates the same user, plugin and field',
  async ({ methods, dal }) => {
    const created = await methods.updatePluginAuth({
      userId: USER_A,
      pluginKey: 'google',
      authField: 'GOOGLE_API_KEY',
      value: 'enc-1',
    });
    const updated = await methods.updatePluginAuth({
      userId: USER_A,
      pluginKey: 'google',
      authField: 'GOOGLE_API_KEY',
      value: 'enc-2',
    });
    const otherPlugin = await methods.updatePluginAuth({
      userId: USER_A,
      pluginKey: 'serp',
      authField: 'GOOGLE_API_KEY',
      value: 'enc-3',
    });
    return { created, updated, otherPlugin, stored: await stored(dal, 'PluginAuth') };
  },
);

differential('pluginAuth › updatePluginAuth errors are wrapped', async ({ methods, dal }) => {
  return {
    noValue: await methods
      .updatePluginAuth({ userId: USER_A, pluginKey: 'x', authField: 'F' } as never)
      .catch((e) => e),
    noField: await methods
      .updatePluginAuth({ userId: USER_A, pluginKey: 'x', value: 'v' } as never)
      .catch((e) => e),
    count: (await stored(dal, 'PluginAuth')).length,
  };
});

differential(
  'pluginAuth › findOnePluginAuth and findPluginAuthsByKeys',
  async ({ methods }) => {
    await seedAuths(methods);
    return {
      anyPlugin: await methods.findOnePluginAuth({ userId: USER_A, authField: 'GOOGLE_API_KEY' }),
      withPlugin: await methods.findOnePluginAuth({
        userId: USER_A,
        authField: 'GOOGLE_CSE_ID',
        pluginKey: 'google',
      }),
      wrongPlugin: await methods.findOnePluginAuth({
        userId: USER_A,
        authField: 'GOOGLE_CSE_ID',
        pluginKey: 'dalle',
      }),
      none: await methods.findOnePluginAuth({ userId: USER_B, authField: 'DALLE_API_KEY' }),
      byKeys: await methods.findPluginAuthsByKeys({
        userId: USER_A,
        pluginKeys: ['google', 'dalle', 'nope'],
      }),
      emptyKeys: await methods.findPluginAuthsByKeys({ userId: USER_A, pluginKeys: [] }),
      otherUser: await methods.findPluginAuthsByKeys({ userId: USER_B, pluginKeys: ['google'] }),
    };
  },
  { unordered: true },
);

differential(
  'pluginAuth › deletePluginAuth by field (any plugin), by plugin, or all',
  async ({ methods, dal }) => {
    await seedAuths(methods);
    const byField = await methods.deletePluginAuth({
      userId: USER_A,
      authField: 'GOOGLE_CSE_ID',
      pluginKey: 'ignored',
    });
    const byPlugin = await methods.deletePluginAuth({ userId: USER_A, pluginKey: 'dalle', all: true });
    const afterPlugin = await stored(dal, 'PluginAuth');
    const all = await methods.deletePluginAuth({ userId: USER_A, all: true });
    const missingField = await methods.deletePluginAuth({ userId: USER_B }).catch((e) => e);
    return { byField, byPlugin, afterPlugin, all, missingField, left: await stored(dal, 'PluginAuth') };
  },
);

differential('pluginAuth › deleteAllUserPluginAuths', async ({ methods, dal }) => {
  await seedAuths(methods);
  return {
    a: await methods.deleteAllUserPluginAuths(USER_A),
    again: await methods.deleteAllUserPluginAuths(USER_A),
    left: await stored(dal, 'PluginAuth'),
  };
});
