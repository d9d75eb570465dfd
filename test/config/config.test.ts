/** configFromEnv and connection errors: clear, naming variables, never echoing secrets. */
import { configFromEnv, createDal, DalConfigError, DalConnectionError } from '@librechat/dal';
import { Mongoose } from 'mongoose';
import { describe, expect, it } from 'vitest';

const SECRET = 'hunter2-Secret-Value';

function configError(env: Record<string, string>): DalConfigError {
  try {
    configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(DalConfigError);
    return error as DalConfigError;
  }
  throw new Error(`configFromEnv accepted ${JSON.stringify(Object.keys(env))}`);
}

/** Everything an error exposes when printed or serialised. */
function surface(error: Error): string {
  return [error.message, String(error), error.stack ?? '', JSON.stringify(error)].join('\n');
}

describe('configFromEnv', () => {
  it('rejects an unknown DATABASE_TYPE, naming the variable and the accepted values', () => {
    const error = configError({ DATABASE_TYPE: 'mysql' });
    expect(error.message).toContain('DATABASE_TYPE');
    expect(error.message).toContain('mongodb, postgresql');
    expect(error.variables).toEqual(['DATABASE_TYPE']);
  });

  it('defaults to MongoDB and requires MONGO_URI', () => {
    const error = configError({});
    expect(error.message).toContain('MONGO_URI');
    expect(configFromEnv({ MONGO_URI: 'mongodb://127.0.0.1:27017/LibreChat' })).toEqual({
      type: 'mongodb',
      uri: 'mongodb://127.0.0.1:27017/LibreChat',
      options: {},
    });
  });

  it('accepts PostgreSQL settings from POSTGRES_URL or POSTGRES_HOST…', () => {
    expect(configFromEnv({ DATABASE_TYPE: 'PostgreSQL', POSTGRES_URL: 'postgresql://u@h/db' })).toMatchObject(
      {
        type: 'postgresql',
        connectionString: 'postgresql://u@h/db',
      },
    );
    expect(
      configFromEnv({
        DATABASE_TYPE: 'postgresql',
        POSTGRES_HOST: 'h',
        POSTGRES_PORT: '5433',
        POSTGRES_PASSWORD: SECRET,
      }),
    ).toMatchObject({ host: 'h', port: 5433, password: SECRET });
  });

  const invalid: [string, Record<string, string>][] = [
    ['an unknown DATABASE_TYPE', { DATABASE_TYPE: 'mysql', POSTGRES_PASSWORD: SECRET }],
    ['PostgreSQL without a host or URL', { DATABASE_TYPE: 'postgresql', POSTGRES_PASSWORD: SECRET }],
    [
      'a bad port',
      { DATABASE_TYPE: 'postgresql', POSTGRES_HOST: 'h', POSTGRES_PORT: 'x', POSTGRES_PASSWORD: SECRET },
    ],
    [
      'a bad POSTGRES_SSL',
      { DATABASE_TYPE: 'postgresql', POSTGRES_HOST: 'h', POSTGRES_SSL: SECRET, POSTGRES_PASSWORD: SECRET },
    ],
    ['a non-postgres URL', { DATABASE_TYPE: 'postgresql', POSTGRES_URL: `mysql://u:${SECRET}@h/db` }],
    [
      'a non-mongodb URI',
      { DATABASE_TYPE: 'mongodb', MONGO_URI: `http://u:${SECRET}@h/db`, POSTGRES_PASSWORD: SECRET },
    ],
  ];
  for (const [what, env] of invalid) {
    it(`never prints the password for ${what}`, () => {
      const error = configError(env);
      expect(surface(error)).not.toContain(SECRET);
      expect(error.variables.length).toBeGreaterThan(0);
      for (const variable of error.variables) expect(error.message).toContain(variable);
    });
  }
});

describe('unreachable servers', () => {
  it('PostgreSQL: DalConnectionError without the password', async () => {
    const error = await createDal({
      env: { DATABASE_TYPE: 'postgresql', POSTGRES_URL: 'postgresql://u:secretpw@127.0.0.1:1/db' },
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(DalConnectionError);
    expect((error as DalConnectionError).engine).toBe('postgresql');
    expect(error?.message).toContain('127.0.0.1:1');
    expect(surface(error as Error)).not.toContain('secretpw');
  });

  it('MongoDB: DalConnectionError without the password', async () => {
    const error = await createDal({
      env: { DATABASE_TYPE: 'mongodb', MONGO_URI: 'mongodb://u:secretpw@127.0.0.1:1/db' },
      mongoose: new Mongoose(),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(DalConnectionError);
    expect((error as DalConnectionError).engine).toBe('mongodb');
    expect(surface(error as Error)).not.toContain('secretpw');
  }, 30_000);
});
