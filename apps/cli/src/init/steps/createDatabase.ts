/** Create the database when it does not exist (PostgreSQL: CREATE DATABASE; MongoDB: on first write). */
import { display } from '../../context.js';
import { ensureDatabase } from '../../db/postgres.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import { envConfig, openDal } from '../connection.js';
import type { InitContext } from '../context.js';

/** Maps PostgreSQL's authentication failure to a CLI error that says what to do. */
export function authError(ctx: InitContext, error: unknown): CliError | undefined {
  const code = (error as { code?: string }).code;
  if (code !== '28P01' && code !== '28000') return undefined;
  const { runtime } = ctx.settings;
  const env = display(ctx.settings.envFile);
  const fix =
    runtime === 'embedded'
      ? `restore POSTGRES_PASSWORD from a backup (${env}.bak-*), or start over by removing ${display(ctx.settings.dataDir)}`
      : runtime === 'docker'
        ? `the container's volume was created with another POSTGRES_PASSWORD: restore it from a backup (${env}.bak-*), or start over with: docker volume rm librechat_postgresql-data`
        : `correct the user and password in POSTGRES_URL (${env}) or pass --postgres-url`;
  return new CliError('E_AUTH', `PostgreSQL rejected the user or password from ${env}.`, {
    exitCode: EXIT.ENVIRONMENT,
    fix,
    cause: error,
  });
}

export const createDatabaseStep: Step<InitContext> = {
  id: 'create-database',
  title: 'Create database',
  resumable: true,
  async run(ctx) {
    const { config } = await envConfig(ctx);
    if (config.type === 'mongodb') {
      const dal = await openDal(ctx);
      const db = dal.engine.mongoose?.connection.db;
      const name = db?.databaseName ?? '?';
      const collections = db ? (await db.listCollections({}, { nameOnly: true }).toArray()).length : 0;
      ctx.databaseCreated = collections === 0;
      return collections === 0
        ? `"${name}" is new (MongoDB creates it with the first index)`
        : `"${name}" exists (${collections} collections)`;
    }
    const { databaseOf } = await import('../../db/postgres.js');
    const name = databaseOf(config);
    let created: boolean;
    try {
      created = await ensureDatabase(config);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw (
        authError(ctx, error) ??
        new CliError(
          'E_CREATE_DATABASE',
          `Could not create the database "${name}": ${(error as Error).message}`,
          {
            exitCode: code === '42501' ? EXIT.ENVIRONMENT : EXIT.DATABASE,
            fix:
              code === '42501'
                ? `ask the server's administrator to run: CREATE DATABASE "${name}" OWNER <your user>; then re-run librechat-db init --yes`
                : 'librechat-db doctor, then re-run: librechat-db init --yes --debug',
            cause: error,
          },
        )
      );
    }
    ctx.databaseCreated = created;
    return created ? `created "${name}"` : `"${name}" exists`;
  },
};
