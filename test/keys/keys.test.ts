import { differential } from '../harness/index.js';
import { DAY, seed, stored, USER_A, USER_B } from '../support/stored.js';

differential(
  'keys › updateUserKey encrypts and upserts; no expiry unsets expiresAt',
  async ({ methods, dal }) => {
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const inserted = await methods.updateUserKey({ userId: USER_A, name: 'openAI', value: 'sk-plain' });
    const withExpiry = await methods.updateUserKey({
      userId: USER_A,
      name: 'openAI',
      value: 'sk-new',
      expiresAt,
    });
    const afterExpiry = await stored(dal, 'Key');
    const neverExpires = await methods.updateUserKey({
      userId: USER_A,
      name: 'openAI',
      value: 'sk-new',
      expiresAt: null,
    });
    const other = await methods.updateUserKey({
      userId: USER_B,
      name: 'anthropic',
      value: JSON.stringify({ apiKey: 'k', baseURL: 'https://x' }),
      expiresAt: expiresAt.toISOString() as never,
    });
    return { inserted, withExpiry, afterExpiry, neverExpires, other, stored: await stored(dal, 'Key') };
  },
);

differential(
  'keys › getUserKey decrypts; getUserKeyValues parses JSON; missing and invalid keys throw',
  async ({ methods }) => {
    await methods.updateUserKey({ userId: USER_A, name: 'openAI', value: 'sk-plain' });
    await methods.updateUserKey({
      userId: USER_A,
      name: 'azure',
      value: JSON.stringify({ apiKey: 'a', instance: 'b' }),
    });
    return {
      plain: await methods.getUserKey({ userId: USER_A, name: 'openAI' }),
      values: await methods.getUserKeyValues({ userId: USER_A, name: 'azure' }),
      notJson: await methods.getUserKeyValues({ userId: USER_A, name: 'openAI' }).catch((e) => e),
      missing: await methods.getUserKey({ userId: USER_A, name: 'google' }).catch((e) => e),
      missingValues: await methods.getUserKeyValues({ userId: USER_B, name: 'azure' }).catch((e) => e),
      malformedUser: await methods.getUserKey({ userId: 'nope', name: 'openAI' }).catch((e) => e),
    };
  },
);

differential('keys › getUserKeyExpiry: a date, never, or null when there is no key', async ({ methods }) => {
  const expiresAt = new Date(Date.now() + DAY);
  await methods.updateUserKey({ userId: USER_A, name: 'openAI', value: 'v', expiresAt });
  await methods.updateUserKey({ userId: USER_A, name: 'google', value: 'v' });
  return {
    dated: await methods.getUserKeyExpiry({ userId: USER_A, name: 'openAI' }),
    never: await methods.getUserKeyExpiry({ userId: USER_A, name: 'google' }),
    none: await methods.getUserKeyExpiry({ userId: USER_B, name: 'openAI' }),
  };
});

// Upstream's readers do not filter keys on expiresAt (the TTL index deletes them; callers check
// getUserKeyExpiry), so an expired key that has not been swept yet is still returned.
differential('keys › an expired key is still read until it is swept', async ({ methods, dal }) => {
  await seed(dal, 'Key', {
    userId: USER_A,
    name: 'openAI',
    value: 'not-decrypted-here',
    expiresAt: new Date(Date.now() - DAY),
  });
  return {
    expiry: await methods.getUserKeyExpiry({ userId: USER_A, name: 'openAI' }),
    decryptFails: await methods.getUserKey({ userId: USER_A, name: 'openAI' }).then(
      () => 'decrypted',
      (e: Error) => e.name,
    ),
  };
});

differential(
  'keys › deleteUserKey deletes one key (returning it) or all of a user',
  async ({ methods, dal }) => {
    await methods.updateUserKey({ userId: USER_A, name: 'openAI', value: 'a' });
    await methods.updateUserKey({ userId: USER_A, name: 'google', value: 'b' });
    await methods.updateUserKey({ userId: USER_A, name: 'azure', value: 'c' });
    await methods.updateUserKey({ userId: USER_B, name: 'openAI', value: 'd' });
    const one = await methods.deleteUserKey({ userId: USER_A, name: 'openAI' });
    const missing = await methods.deleteUserKey({ userId: USER_A, name: 'openAI' });
    const all = await methods.deleteUserKey({ userId: USER_A, all: true, name: 'ignored' });
    return { one, missing, all, left: await stored(dal, 'Key') };
  },
);
