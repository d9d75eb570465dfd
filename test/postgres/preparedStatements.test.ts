/**
 * The hot paths (getMessages, saveMessage, the sidebar page) run as named statements, planned
 * once per connection; POSTGRES_PREPARED_STATEMENTS=false (a transaction-pooling PgBouncer older
 * than 1.21) sends them unnamed, so no statement outlives its transaction on a server connection.
 */
import { configFromEnv, createDal } from '@librechat/dal';
import { describe, expect, test } from 'vitest';
import { closeAtEnd, ensureDatabases, getEngines } from '../harness/engines.js';

const USER = '65a1b2c3d4e5f60718293a4b';
const CONVO = '0f0e0d0c-0000-4000-8000-00000000abcd';

async function preparedAfterHotPaths(preparedStatements?: boolean): Promise<string[]> {
  await ensureDatabases();
  // One connection, so the catalogue query sees the session the methods used.
  const dal = await createDal({
    config: {
      type: 'postgresql',
      connectionString: getEngines().postgres.url,
      max: 1,
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
    },
  });
  closeAtEnd(() => dal.close());
  const { methods } = dal;
  await methods.deleteMessages({ conversationId: CONVO });
  await methods.saveMessage({ userId: USER }, {
    messageId: 'p-1',
    conversationId: CONVO,
    text: 'hi',
  } as never);
  await methods.getMessages({ conversationId: CONVO, user: USER });
  await methods.getConvosByCursor(USER, { limit: 5 });
  const { rows } = await dal.engine.pool!.query<{ name: string }>(
    "SELECT name FROM pg_prepared_statements WHERE name LIKE 'dal\\_%' ORDER BY name",
  );
  return rows.map((r) => r.name);
}

describe('[postgresql] prepared statements', () => {
  test('by default the hot paths are named statements on the connection', async () => {
    expect((await preparedAfterHotPaths()).length).toBeGreaterThanOrEqual(3);
  });

  test('POSTGRES_PREPARED_STATEMENTS=false sends them unnamed', async () => {
    expect(
      configFromEnv({
        DATABASE_TYPE: 'postgresql',
        POSTGRES_URL: 'postgresql://u@h/db',
        POSTGRES_PREPARED_STATEMENTS: 'false',
      }),
    ).toMatchObject({ preparedStatements: false });
    expect(await preparedAfterHotPaths(false)).toEqual([]);
  });
});
