/** The external runtime: nothing to start; check that the server answers with the `.env` settings. */
import { loadDal } from '../../dal.js';
import { withClient } from '../../db/postgres.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import { envConfig, openDal } from '../connection.js';
import type { InitContext } from '../context.js';
import { authError } from './createDatabase.js';

export const connectServerStep: Step<InitContext> = {
  id: 'start-runtime',
  title: 'Connect to the server',
  async run(ctx) {
    const { config } = await envConfig(ctx);
    const { redactUrl } = await loadDal();
    if (config.type === 'mongodb') {
      const redacted = config.uri.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
      const dal = await openDal(ctx).catch((error: Error) => {
        throw new CliError('E_DB_UNREACHABLE', error.message, {
          exitCode: EXIT.DATABASE,
          fix: `start the server or correct MONGO_URI (or --mongo-uri), then re-run: librechat-db init --yes  (check with: mongosh '${redacted}' --eval 'db.runCommand({ping:1})')`,
          cause: error,
        });
      });
      const caps = await dal.capabilities();
      return `MongoDB ${caps.version} at ${redacted}`;
    }
    const where = config.connectionString
      ? redactUrl(config.connectionString)
      : `${config.host}:${config.port ?? 5432}`;
    try {
      // The maintenance database: the target one may not exist yet (the next step creates it).
      const version = await withClient(config, 'postgres', async (c) => {
        const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
        return rows[0]?.v ?? '?';
      }).catch(async (error) => {
        // No access to `postgres`: try the target database itself.
        if ((error as { code?: string }).code !== '3D000' && (error as { code?: string }).code !== '42501')
          throw error;
        return withClient(config, undefined, async (c) => {
          const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
          return rows[0]?.v ?? '?';
        });
      });
      return `PostgreSQL ${version} at ${where}`;
    } catch (error) {
      throw (
        authError(ctx, error) ??
        new CliError(
          'E_DB_UNREACHABLE',
          `Cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`,
          {
            exitCode: EXIT.DATABASE,
            fix: `start the server or correct POSTGRES_URL, then re-run: librechat-db init --yes  (check with: pg_isready -d '${where}')`,
            cause: error,
          },
        )
      );
    }
  },
};
