/** The docker runtime: start the database (and Meilisearch) containers and wait until healthy. */
import { display } from '../../context.js';
import {
  type ComposeTarget,
  commandLine,
  composeUp,
  composeVersion,
  waitHealthy,
} from '../../runtime/compose.js';
import type { Step } from '../../steps.js';
import type { InitContext } from '../context.js';

export function composeTarget(ctx: InitContext): ComposeTarget {
  const services: string[] = [ctx.settings.db];
  if (ctx.settings.meili === 'on') services.push('meilisearch');
  return { envFile: ctx.settings.envFile, composeFile: ctx.settings.composeFile, services };
}

export const startContainersStep: Step<InitContext> = {
  id: 'start-runtime',
  title: 'Start containers (docker compose)',
  async run(ctx) {
    const target = composeTarget(ctx);
    const version = await composeVersion();
    const args = await composeUp(target);
    ctx.out.debug(`ran: ${commandLine(args)}`);
    ctx.containers = { services: target.services, command: args };
    const states = await waitHealthy(target, {
      timeoutMs: ctx.settings.waitTimeoutMs,
      onLogs: (logs) => {
        const text = `docker compose logs (${target.services.join(', ')}):\n${logs || '(no output)'}`;
        if (ctx.out.json) ctx.out.event('log', { level: 'error', message: text });
        else process.stderr.write(`${ctx.out.redact(text)}\n`);
      },
    });
    return `${states.map((s) => `${s.service} ${s.health || s.state}`).join(', ')} (compose ${version}, ${display(ctx.settings.composeFile)})`;
  },
};
