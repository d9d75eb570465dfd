/** Step 5: connect the way LibreChat will (createDal with the .env just written) and check health. */
import type { Dal } from '@librechat/dal';
import { loadDal } from '../../dal.js';
import { readEnvFile } from '../../env/envFile.js';
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';

export const checkHealthStep: Step<InitContext> = {
  id: 'health',
  title: 'Check connection',
  async run(ctx) {
    // Read back what was written, as LibreChat's dotenv will.
    const { values: env } = await readEnvFile(ctx.settings.envFile);
    let dal: Dal | undefined;
    try {
      const { createDal } = await loadDal();
      dal = await createDal({ env });
      const health = await dal.health();
      const caps = await dal.capabilities();
      const version = 'version' in caps ? String(caps.version) : 'unknown';
      ctx.health = { latencyMs: Math.round(health.latencyMs * 10) / 10, version };
      return `${dal.type} ${version}, ${ctx.health.latencyMs}ms`;
    } catch (error) {
      throw new CliError('E_HEALTH', `The health check failed: ${(error as Error).message}`, {
        exitCode: EXIT.DATABASE,
        fix: 'librechat-db status',
        cause: error,
      });
    } finally {
      await dal?.close().catch(() => {});
    }
  },
};
