/** Check the connection the way LibreChat will make it (createDal with the .env just written). */
import { CliError, EXIT } from '../../errors.js';
import type { Step } from '../../steps.js';
import { openDal } from '../connection.js';
import type { InitContext } from '../context.js';

/** What a standalone MongoDB (no replica set) means for LibreChat; doctor prints it too. */
export const MONGO_NO_TRANSACTIONS =
  'MongoDB runs standalone, without multi-document transactions: LibreChat detects this and makes its multi-document updates without one, so a crash midway can leave such an update partly applied. A replica set (even of one node) provides transactions.';

export const checkHealthStep: Step<InitContext> = {
  id: 'health',
  title: 'Check connection',
  async run(ctx) {
    try {
      const dal = await openDal(ctx);
      const health = await dal.health();
      const caps = await dal.capabilities();
      ctx.health = {
        latencyMs: Math.round(health.latencyMs * 10) / 10,
        version: caps.version,
        transactions: caps.transactions,
        ...('topology' in caps ? { topology: caps.topology } : {}),
      };
      if (caps.engine === 'mongodb' && !caps.transactions) {
        const note = MONGO_NO_TRANSACTIONS;
        ctx.warnings.push(note);
        ctx.out.debug(note);
      }
      return `${dal.type} ${caps.version}, ${ctx.health.latencyMs}ms${caps.engine === 'mongodb' ? `, ${caps.topology}${caps.transactions ? '' : ', no transactions'}` : ''}`;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError('E_HEALTH', `The health check failed: ${(error as Error).message}`, {
        exitCode: EXIT.DATABASE,
        fix: 'librechat-db doctor',
        cause: error,
      });
    }
  },
};
