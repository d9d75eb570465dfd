import { describe, expect, test } from 'vitest';
import { differential, fileDal } from '../harness/index.js';
import { seed, USER_A, USER_B } from '../support/stored.js';
import { inTenant, tick } from '../support/tenants.js';

async function seedAssistants(methods: any) {
  await methods.updateAssistantDoc(
    { assistantId: 'asst_1', user: USER_A },
    {
      endpoint: 'assistants',
      avatar: { filepath: '/images/a1.png', source: 'local' },
      conversation_starters: ['Hi', 'Help me'],
      access_level: 1,
    },
  );
  await tick();
  await methods.updateAssistantDoc(
    { assistantId: 'asst_2', user: USER_B },
    { endpoint: 'azureAssistants', actions: ['act_1'], file_ids: ['f1', 'f2'], conversation_starters: [] },
  );
  await tick();
  await methods.updateAssistantDoc(
    { assistantId: 'asst_3', user: USER_A },
    {
      avatar: { filepath: '/images/a3.png', source: 's3' },
      append_current_datetime: true,
      conversation_starters: ['Go'],
    },
  );
}

const attempt = async (fn: () => Promise<unknown>) => {
  try {
    return await fn();
  } catch (error) {
    return { error: (error as Error).message };
  }
};

// FerretDB drops the `[]` default of conversation_starters that mongoose sends in $setOnInsert
// (test/README.md): the upserts here pass it, and a [postgresql] test below proves the default.
differential('assistants › updateAssistantDoc upserts with schema defaults', async ({ methods }) => ({
  created: await methods.updateAssistantDoc(
    { assistantId: 'asst_1', user: USER_A },
    { endpoint: 'assistants', conversation_starters: ['Hello'] },
  ),
}));

describe('[postgresql] assistants › an upsert stores the schema defaults, as MongoDB does', () => {
  test('conversation_starters [] and append_current_datetime false; file_ids and actions absent', async () => {
    const { methods, engine } = await fileDal('postgresql');
    await engine.pool?.query('TRUNCATE assistants');
    const created = await methods.updateAssistantDoc(
      { assistantId: 'asst_d', user: USER_A },
      { endpoint: 'assistants' },
    );
    expect(created).toMatchObject({
      assistant_id: 'asst_d',
      conversation_starters: [],
      append_current_datetime: false,
    });
    expect(created).not.toHaveProperty('file_ids');
    expect(created).not.toHaveProperty('actions');
    expect(String((created as { user: unknown }).user)).toBe(USER_A);
    const stored = await methods.getAssistant({ assistantId: 'asst_d' });
    expect(stored).toEqual(created);
  });
});

differential(
  'assistants › updateAssistantDoc sets fields of an existing assistant, keeping the rest',
  async ({ methods }) => {
    await seedAssistants(methods);
    return {
      updated: await methods.updateAssistantDoc(
        { assistantId: 'asst_1' },
        { conversation_starters: ['Only one'], avatar: { filepath: '/images/new.png' } },
      ),
      unchanged: await methods.getAssistant({ assistantId: 'asst_2' }),
    };
  },
);

differential(
  'assistants › getAssistants by criteria, with a select string or object',
  async ({ methods }) => {
    await seedAssistants(methods);
    return {
      all: await methods.getAssistants({}),
      byUser: await methods.getAssistants({ user: USER_A }),
      anyOf: await methods.getAssistants({ assistantId: ['asst_2', 'asst_3', 'nope'] }),
      selectString: await methods.getAssistants({ user: USER_A }, 'assistant_id avatar'),
      selectObject: await methods.getAssistants({}, { conversation_starters: 0, _id: 0 }),
      selectNull: await methods.getAssistants({ assistantId: 'asst_2' }, null),
      none: await methods.getAssistants({ user: USER_B, assistantId: 'asst_1' }),
    };
  },
  { unordered: true },
);

differential('assistants › getAssistant by avatarFilepath, with a projection', async ({ methods }) => {
  await seedAssistants(methods);
  return {
    byAvatar: await methods.getAssistant({ avatarFilepath: '/images/a3.png' }),
    projected: await methods.getAssistant({ assistantId: 'asst_1' }, { avatar: 1, user: 1 }),
    projectedString: await methods.getAssistant({ assistantId: 'asst_1' }, '-avatar -conversation_starters'),
    missing: await methods.getAssistant({ avatarFilepath: '/images/none.png' }),
  };
});

differential(
  'assistants › getAssistant on a legacy row without avatar or starters',
  async ({ methods, dal }) => {
    await seed(dal, 'Assistant', { user: USER_A, assistant_id: 'legacy' });
    return methods.getAssistant({ assistantId: 'legacy' });
  },
);

differential('assistants › unknown criteria and operator values are refused', async ({ methods }) => {
  await seedAssistants(methods);
  return {
    unknown: await attempt(() => methods.getAssistant({ assistant_id: 'asst_1' })),
    operator: await attempt(() => methods.getAssistants({ user: { $ne: null } })),
    deleteMany: await attempt(() => methods.deleteAssistants({ endpoint: 'assistants' })),
    update: await attempt(() => methods.updateAssistantDoc({ avatarFilepath: [null] }, { endpoint: 'x' })),
    count: (await methods.getAssistants({})).length,
  };
});

differential(
  'assistants › deleteAssistant returns the deleted document, null when none matches',
  async ({ methods }) => {
    await seedAssistants(methods);
    return {
      deleted: await methods.deleteAssistant({ assistantId: 'asst_2', user: USER_B }),
      again: await methods.deleteAssistant({ assistantId: 'asst_2', user: USER_B }),
      left: (await methods.getAssistants({}, 'assistant_id')).map((a: any) => a.assistant_id).sort(),
    };
  },
);

differential('assistants › deleteAssistants returns the count', async ({ methods }) => {
  await seedAssistants(methods);
  return {
    userA: await methods.deleteAssistants({ user: USER_A }),
    again: await methods.deleteAssistants({ user: USER_A }),
    left: (await methods.getAssistants({}, 'assistant_id')).map((a: any) => a.assistant_id),
  };
});

differential('assistants › ensureAssistantIndexes resolves, repeatedly', async ({ methods }) => ({
  first: await methods.ensureAssistantIndexes(),
  second: await methods.ensureAssistantIndexes(),
}));

differential(
  'assistants › assistants are scoped to the tenant',
  async ({ methods }) => {
    await inTenant('t1', () => seedAssistants(methods));
    await inTenant('t2', () =>
      methods.updateAssistantDoc(
        { assistantId: 'asst_1', user: USER_A },
        { endpoint: 't2', conversation_starters: [] },
      ),
    );
    return {
      t1: await inTenant('t1', () => methods.getAssistant({ assistantId: 'asst_1' })),
      t2: await inTenant('t2', () => methods.getAssistants({ user: USER_A })),
      t2Deleted: await inTenant('t2', () => methods.deleteAssistant({ assistantId: 'asst_1' })),
      t1Left: await inTenant('t1', () => methods.deleteAssistants({ user: USER_A })),
    };
  },
  { unordered: true },
);
