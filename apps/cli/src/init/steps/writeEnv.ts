/** Write the connection settings into `.env`, keeping everything else as it was. */
import { display } from '../../context.js';
import { mergeEnv, writeEnvFileAtomic } from '../../env/envFile.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';

/** The keys whose old value, if set, is overridden in a way worth a warning. */
const OVERRIDE_WARNINGS: Record<string, string> = {
  POSTGRES_URL: 'was cleared: it would take precedence over POSTGRES_HOST/PORT/… for the local server',
  POSTGRES_SSL: 'was set to false: the local server does not use TLS',
};

export const writeEnvStep: Step<InitContext> = {
  id: 'write-env',
  title: 'Write .env',
  resumable: true,
  async run(ctx) {
    const merge = mergeEnv(ctx.env.text, ctx.envUpdates);
    const name = display(ctx.settings.envFile);
    if (!merge.changed) {
      ctx.envWrite = merge;
      if (ctx.env.mode !== undefined && (ctx.env.mode & 0o077) !== 0) {
        ctx.out.warn(
          `${name} is readable by other users (mode ${ctx.env.mode.toString(8)}); it holds database passwords: chmod 600 ${name}`,
        );
      }
      return `${name} unchanged`;
    }
    const { backupPath } = await writeEnvFileAtomic(ctx.settings.envFile, merge.text);
    ctx.envWrite = { ...merge, backupPath };
    const previousType = ctx.env.values.DATABASE_TYPE?.trim().toLowerCase();
    const db = ctx.settings.db;
    if (merge.updated.includes('DATABASE_TYPE') && previousType && previousType !== db) {
      ctx.out.warn(
        `DATABASE_TYPE was ${previousType} in ${name}; LibreChat will now use the ${db} database set up here (existing ${previousType} data is not copied). The old file is in the backup.`,
      );
    }
    for (const [key, what] of Object.entries(OVERRIDE_WARNINGS)) {
      if (merge.updated.includes(key)) ctx.out.warn(`${key} in ${name} ${what}.`);
    }
    const parts = [];
    if (merge.updated.length) parts.push(`updated ${merge.updated.length}`);
    if (merge.added.length) parts.push(`added ${merge.added.length}`);
    return `${name} ${parts.join(', ')} key(s)${backupPath ? `, backup ${display(backupPath)}` : ''}`;
  },
};
