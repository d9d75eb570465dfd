/**
 * PostgreSQL: apply the schema migrations (node-pg-migrate, one transaction, advisory lock).
 * MongoDB: build the indexes the upstream models declare, reporting each one that failed.
 */
import { display } from '../../context.js';
import { loadDal } from '../../dal.js';
import { CliError, EXIT } from '../../errors.js';
import { clearMigrationFailure, migrationTracker, recordMigrationFailure } from '../../migrations/record.js';
import type { Step } from '../../steps.js';
import { envConfig, openDal } from '../connection.js';
import type { InitContext } from '../context.js';
import { authError } from './createDatabase.js';

export const applyMigrationsStep: Step<InitContext> = {
  id: 'migrate',
  title: 'Apply migrations',
  resumable: true,
  async run(ctx) {
    const tracker = migrationTracker((m: string) => ctx.out.debug(`migrate: ${m}`));
    const { runMigrations } = await loadDal();
    const { config } = await envConfig(ctx);
    if (config.type !== 'postgresql') throw new Error('DATABASE_TYPE in .env is not postgresql');
    try {
      const { names } = await runMigrations(config, { direction: 'up', log: tracker.log });
      clearMigrationFailure(ctx.settings.envFile);
      ctx.migrationsApplied = names;
      return names.length === 0 ? 'up to date' : `applied ${names.length}`;
    } catch (error) {
      if ((error as Error).name !== 'DalConnectionError') {
        recordMigrationFailure(ctx.settings.envFile, {
          at: new Date().toISOString(),
          migration: tracker.current(),
          message: ctx.out.redact((error as Error).message),
        });
      }
      throw (
        authError(ctx, (error as { cause?: unknown }).cause ?? error) ??
        new CliError('E_MIGRATION', `Migrations failed: ${(error as Error).message}`, {
          exitCode: EXIT.MIGRATION,
          fix: `librechat-db migrate status${ctx.settings.envFile.endsWith('/.env') ? '' : ` --env-file ${display(ctx.settings.envFile)}`} --debug`,
          cause: error,
        })
      );
    }
  },
};

export const buildIndexesStep: Step<InitContext> = {
  id: 'indexes',
  title: 'Build MongoDB indexes',
  // Not skipped on resume: idempotent, and `doctor` points here to rebuild missing indexes.
  async run(ctx) {
    const dal = await openDal(ctx);
    const mongoose = dal.engine.mongoose;
    if (!mongoose) throw new Error('DATABASE_TYPE in .env is not mongodb');
    const { buildMongoIndexes } = await loadDal();
    const report = await buildMongoIndexes(mongoose);
    ctx.indexes = {
      declared: report.declared,
      created: report.created.length,
      failed: report.failed.map(({ model, index, message }) => ({ model, index, message })),
    };
    if (report.failed.length) {
      const byModel = new Map<string, string[]>();
      for (const f of report.failed) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f.index]);
      const lines = [...byModel].map(([model, names]) => `${model}: ${names.join(', ')}`);
      const warning = `${report.failed.length} of ${report.declared} indexes could not be built on this server:\n  ${lines.join('\n  ')}`;
      ctx.warnings.push(warning);
      ctx.out.warn(warning);
      for (const f of report.failed) ctx.out.debug(`index ${f.model}.${f.index}: ${f.message}`);
    }
    return `${report.declared} declared in ${report.models} models, ${report.created.length} built now${report.failed.length ? `, ${report.failed.length} failed` : ''}`;
  },
};
