/** Step 3: apply the schema migrations (node-pg-migrate, `pgmigrations` table). */

import { HOST } from '../../cluster/embedded.js';
import { loadDal } from '../../dal.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';
import { authError } from './createDatabase.js';

export const applyMigrationsStep: Step<InitContext> = {
  id: 'migrate',
  title: 'Apply migrations',
  async run(ctx) {
    const log = (m: string) => ctx.out.debug(`migrate: ${m}`);
    const { runMigrations } = await loadDal();
    try {
      const { names } = await runMigrations(
        {
          type: 'postgresql',
          host: HOST,
          port: ctx.server?.port,
          database: ctx.settings.database,
          user: ctx.settings.user,
          password: ctx.password,
        },
        { direction: 'up', log },
      );
      ctx.migrationsApplied = names;
      return names.length === 0 ? 'up to date' : `applied ${names.length}`;
    } catch (error) {
      throw (
        authError(ctx, (error as { cause?: unknown }).cause ?? error) ??
        new CliError('E_MIGRATION', `Migrations failed: ${(error as Error).message}`, {
          exitCode: EXIT.MIGRATION,
          fix: 'librechat-db migrate status --debug',
          cause: error,
        })
      );
    }
  },
};
