/** Step 2: create the `librechat` database when it does not exist. */
import { createDatabaseIfMissing, HOST } from '../../cluster/embedded.js';
import { display } from '../../context.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';

export function superuserUrl(ctx: InitContext, database: string): string {
  const port = ctx.server?.port;
  const user = encodeURIComponent(ctx.settings.user);
  return `postgresql://${user}:${encodeURIComponent(ctx.password)}@${HOST}:${port}/${encodeURIComponent(database)}`;
}

/** Maps PostgreSQL's authentication failure to a CLI error that says what to do. */
export function authError(ctx: InitContext, error: unknown): CliError | undefined {
  const code = (error as { code?: string }).code;
  if (code !== '28P01' && code !== '28000') return undefined;
  return new CliError(
    'E_AUTH',
    `The embedded server in ${display(ctx.settings.dataDir)} rejected POSTGRES_PASSWORD from ${display(ctx.settings.envFile)}.`,
    {
      exitCode: EXIT.ENVIRONMENT,
      fix: `restore POSTGRES_PASSWORD from a backup (${display(ctx.settings.envFile)}.bak-*), or start over by removing ${display(ctx.settings.dataDir)}`,
      cause: error,
    },
  );
}

export const createDatabaseStep: Step<InitContext> = {
  id: 'create-database',
  title: 'Create database',
  async run(ctx) {
    const name = ctx.settings.database;
    let created: boolean;
    try {
      created = await createDatabaseIfMissing(superuserUrl(ctx, 'postgres'), name);
    } catch (error) {
      throw (
        authError(ctx, error) ??
        new CliError(
          'E_CREATE_DATABASE',
          `Could not create the database "${name}": ${(error as Error).message}`,
          {
            exitCode: EXIT.DATABASE,
            fix: 'librechat-db status, then re-run: librechat-db init --yes --debug',
            cause: error,
          },
        )
      );
    }
    ctx.databaseCreated = created;
    return created ? `created "${name}"` : `"${name}" exists`;
  },
};
