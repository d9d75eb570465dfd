/** Step 4: write the connection settings into `.env`, keeping everything else as it was. */
import { HOST } from '../../cluster/embedded.js';
import { display } from '../../context.js';
import { mergeEnv, writeEnvFileAtomic } from '../../env/envFile.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';

const TRUE = new Set(['true', '1', 'yes']);

/** The variables init sets (the password is included; it is only ever written to the file). */
export function envUpdates(ctx: InitContext): Record<string, string> {
  const updates: Record<string, string> = {
    DATABASE_TYPE: 'postgresql',
    POSTGRES_HOST: HOST,
    POSTGRES_PORT: String(ctx.server?.port),
    POSTGRES_DATABASE: ctx.settings.database,
    POSTGRES_USERNAME: ctx.settings.user,
    POSTGRES_PASSWORD: ctx.password,
  };
  const existing = ctx.env.values;
  // These would take precedence over, or break, the local connection: neutralize them in place.
  if (existing.POSTGRES_URL) updates.POSTGRES_URL = '';
  if (existing.POSTGRES_SSL && TRUE.has(existing.POSTGRES_SSL.trim().toLowerCase())) {
    updates.POSTGRES_SSL = 'false';
  }
  return updates;
}

export const writeEnvStep: Step<InitContext> = {
  id: 'write-env',
  title: 'Write .env',
  async run(ctx) {
    const merge = mergeEnv(ctx.env.text, envUpdates(ctx));
    const name = display(ctx.settings.envFile);
    if (!merge.changed) {
      ctx.envWrite = merge;
      if (ctx.env.mode !== undefined && (ctx.env.mode & 0o077) !== 0) {
        ctx.out.warn(
          `${name} is readable by other users (mode ${ctx.env.mode.toString(8)}); it holds the database password: chmod 600 ${name}`,
        );
      }
      return `${name} unchanged`;
    }
    const { backupPath } = await writeEnvFileAtomic(ctx.settings.envFile, merge.text);
    ctx.envWrite = { ...merge, backupPath };
    const previousType = ctx.env.values.DATABASE_TYPE?.trim().toLowerCase();
    if (merge.updated.includes('DATABASE_TYPE') && previousType && previousType !== 'postgresql') {
      ctx.out.warn(
        `DATABASE_TYPE was ${previousType} in ${name}; LibreChat will now use the new, empty PostgreSQL database (existing ${previousType} data is not copied). The old file is in the backup.`,
      );
    }
    for (const key of ['POSTGRES_URL', 'POSTGRES_SSL']) {
      if (merge.updated.includes(key))
        ctx.out.warn(`${key} in ${name} was overridden for the embedded server.`);
    }
    const parts = [];
    if (merge.updated.length) parts.push(`updated ${merge.updated.length}`);
    if (merge.added.length) parts.push(`added ${merge.added.length}`);
    return `${name} ${parts.join(', ')} key(s)${backupPath ? `, backup ${display(backupPath)}` : ''}`;
  },
};
