/**
 * How init's later steps connect: with the `.env` as written (read back, as LibreChat's dotenv
 * will), and one DAL shared by the steps that need it (closed by the command at the end).
 */
import type { Dal, DalConfig } from '@librechat/dal';
import { loadDal } from '../dal.js';
import { readEnvFile } from '../env/envFile.js';
import type { InitContext } from './context.js';

const dals = new WeakMap<InitContext, Promise<Dal>>();

export async function envConfig(
  ctx: InitContext,
): Promise<{ env: Record<string, string>; config: DalConfig }> {
  const { values: env } = await readEnvFile(ctx.settings.envFile);
  const { configFromEnv } = await loadDal();
  return { env, config: configFromEnv(env) };
}

export function openDal(ctx: InitContext): Promise<Dal> {
  let dal = dals.get(ctx);
  if (!dal) {
    dal = (async () => {
      const { env } = await envConfig(ctx);
      const { createDal } = await loadDal();
      // No search outbox worker in init: LibreChat runs its own.
      return createDal({ env, search: { worker: false } });
    })();
    dals.set(ctx, dal);
    dal.catch(() => dals.delete(ctx));
  }
  return dal;
}

export async function closeDal(ctx: InitContext): Promise<void> {
  const dal = dals.get(ctx);
  dals.delete(ctx);
  if (dal) await (await dal.catch(() => undefined))?.close().catch(() => {});
}
