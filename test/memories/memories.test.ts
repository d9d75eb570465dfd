import { differential } from '../harness/index.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const OTHER = '65a1b2c3d4e5f60718293a4c';

differential(
  'memories › createMemory: shared pool and agent partitions, duplicates, "nothing", bad key',
  async ({ methods }) => ({
    shared: await methods.createMemory({ userId: USER, key: 'favorite_color', value: 'blue', tokenCount: 3 }),
    agent: await methods.createMemory({
      userId: USER,
      key: 'favorite_color',
      value: 'red',
      agentId: 'agent_a',
    }),
    duplicate: await methods
      .createMemory({ userId: USER, key: 'favorite_color', value: 'green' })
      .catch((e: Error) => e.message),
    duplicateAgent: await methods
      .createMemory({ userId: USER, key: 'favorite_color', value: 'x', agentId: 'agent_a' })
      .catch((e: Error) => e.message),
    nothing: await methods.createMemory({ userId: USER, key: 'NoThing', value: 'x' }),
    badKey: await methods
      .createMemory({ userId: USER, key: 'Bad-Key', value: 'x' })
      .catch((e: Error) => e.message),
    missingValue: await methods
      .createMemory({ userId: USER, key: 'k', value: '' })
      .catch((e: Error) => e.message),
    all: await methods.getAllUserMemories(USER),
  }),
  { unordered: true },
);

differential(
  'memories › setMemory upserts within the partition and updates in place',
  async ({ methods }) => {
    const first = await methods.setMemory({ userId: USER, key: 'name', value: 'Ann' });
    const again = await methods.setMemory({ userId: USER, key: 'name', value: 'Anne', tokenCount: 2 });
    const agent = await methods.setMemory({ userId: USER, key: 'name', value: 'A.', agentId: 'agent_b' });
    const nothing = await methods.setMemory({ userId: USER, key: 'nothing', value: 'x' });
    return {
      first,
      again,
      agent,
      nothing,
      shared: await methods.getUserMemories({ userId: USER }),
      agentPool: await methods.getUserMemories({ userId: USER, agentId: 'agent_b' }),
      other: await methods.getUserMemories({ userId: OTHER }),
    };
  },
);

differential(
  'memories › deleteMemory and deleteMemoryById respect the partition and the owner',
  async ({ methods }) => {
    await methods.createMemory({ userId: USER, key: 'a', value: '1' });
    await methods.createMemory({ userId: USER, key: 'a', value: '2', agentId: 'agent_x' });
    const [agentEntry] = await methods.getUserMemories({ userId: USER, agentId: 'agent_x' });
    const id = String(agentEntry?._id);
    return {
      wrongPartition: await methods.deleteMemoryById({ userId: USER, id }),
      wrongOwner: await methods.deleteMemoryById({ userId: OTHER, id, agentId: 'agent_x' }),
      byId: await methods.deleteMemoryById({ userId: USER, id, agentId: 'agent_x' }),
      malformed: await methods.deleteMemoryById({ userId: USER, id: 'zzz' }),
      byKey: await methods.deleteMemory({ userId: USER, key: 'a' }),
      again: await methods.deleteMemory({ userId: USER, key: 'a' }),
      left: await methods.getAllUserMemories(USER),
    };
  },
);

differential(
  'memories › setMemoryById renames, detects conflicts, validates the key',
  async ({ methods }) => {
    await methods.createMemory({ userId: USER, key: 'first', value: '1' });
    await methods.createMemory({ userId: USER, key: 'second', value: '2' });
    const entries = await methods.getUserMemories({ userId: USER });
    const first = String(entries.find((m) => m.key === 'first')?._id);
    return {
      renamed: await methods.setMemoryById({
        userId: USER,
        id: first,
        key: 'renamed',
        value: 'one',
        tokenCount: 4,
      }),
      valueOnly: await methods.setMemoryById({ userId: USER, id: first, value: 'uno' }),
      conflict: await methods.setMemoryById({ userId: USER, id: first, key: 'second', value: 'x' }),
      badKey: await methods
        .setMemoryById({ userId: USER, id: first, key: 'BAD KEY', value: 'x' })
        .catch((e: Error) => e.message),
      nothing: await methods.setMemoryById({ userId: USER, id: first, key: 'nothing', value: 'x' }),
      malformed: await methods.setMemoryById({ userId: USER, id: 'nope', value: 'x' }),
      unknown: await methods.setMemoryById({ userId: USER, id: '0123456789abcdef01234567', value: 'x' }),
      otherPartition: await methods.setMemoryById({
        userId: USER,
        id: first,
        value: 'x',
        agentId: 'agent_q',
      }),
    };
  },
);

differential(
  'memories › getFormattedMemories renders both formats oldest first',
  async ({ methods, dal }) => {
    const empty = await methods.getFormattedMemories({ userId: USER });
    await methods.createMemory({ userId: USER, key: 'b_key', value: 'second', tokenCount: 5 });
    await methods.createMemory({ userId: USER, key: 'a_key', value: 'first' });
    await methods.createMemory({ userId: USER, key: 'agent_only', value: 'x', agentId: 'agent_z' });
    // Make the order of updated_at explicit: a_key is older.
    const old = new Date('2030-03-04T05:06:07Z');
    if (dal.engine.mongoose) {
      await dal.engine.mongoose.models.MemoryEntry?.updateOne(
        { key: 'a_key' },
        { $set: { updated_at: old } },
      );
    } else {
      await dal.engine.collections?.memoryentries.updateOne({ key: 'a_key' }, { $set: { updated_at: old } });
    }
    const formatted = await methods.getFormattedMemories({ userId: USER });
    return {
      empty,
      formatted,
      agent: await methods.getFormattedMemories({ userId: USER, agentId: 'agent_z' }),
    };
  },
);

differential('memories › deleteAllUserMemories counts every partition of the user', async ({ methods }) => {
  await methods.createMemory({ userId: USER, key: 'a', value: '1' });
  await methods.createMemory({ userId: USER, key: 'b', value: '1', agentId: 'agent_1' });
  await methods.createMemory({ userId: OTHER, key: 'a', value: '1' });
  return {
    deleted: await methods.deleteAllUserMemories(USER),
    again: await methods.deleteAllUserMemories(USER),
    otherLeft: (await methods.getAllUserMemories(OTHER)).length,
  };
});
