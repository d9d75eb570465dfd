/**
 * Runs a command's steps in order: with listr2 (timings, a simple line renderer when stdout is
 * not a terminal, the verbose one with --debug) in human mode, or as NDJSON `step` events with
 * `--json`. A step returns a short detail that is appended to its title.
 */
import { Listr, PRESET_TIMER } from 'listr2';
import { CliError, toCliError } from './errors.js';
import type { Output } from './output.js';

export interface Step<C> {
  id: string;
  title: string;
  /** Its effect is durable: a resumed run may skip it when an earlier run completed it. */
  resumable?: boolean;
  run(ctx: C): Promise<string | undefined>;
}

/** Optional hooks: skip a step (with the reason shown), and hear about each start, end and failure. */
export interface StepHooks<C> {
  skip?(step: Step<C>): string | undefined;
  onStart?(step: Step<C>): void;
  onDone?(step: Step<C>, timing: StepTiming): void;
  onFail?(step: Step<C>, error: unknown): void;
}

export interface StepTiming {
  id: string;
  ms: number;
  detail?: string;
}

export async function runSteps<C>(
  steps: Step<C>[],
  ctx: C,
  out: Output,
  hooks: StepHooks<C> = {},
): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];

  const runOne = async (step: Step<C>): Promise<string | undefined> => {
    const started = performance.now();
    hooks.onStart?.(step);
    try {
      const detail = await step.run(ctx);
      const timing = { id: step.id, ms: Math.round(performance.now() - started), detail };
      timings.push(timing);
      hooks.onDone?.(step, timing);
      return detail;
    } catch (error) {
      const cliError = toCliError(error);
      // Whatever a renderer prints about the failure must not leak a secret.
      cliError.message = out.redact(cliError.message);
      hooks.onFail?.(step, cliError);
      throw cliError;
    }
  };

  if (out.json) {
    for (const step of steps) {
      const skipped = hooks.skip?.(step);
      if (skipped !== undefined) {
        out.event('step', { step: step.id, title: step.title, status: 'skipped', detail: skipped });
        continue;
      }
      out.event('step', { step: step.id, title: step.title, status: 'start' });
      try {
        const detail = await runOne(step);
        const t = timings[timings.length - 1];
        out.event('step', { step: step.id, title: step.title, status: 'done', ms: t?.ms, detail });
      } catch (error) {
        out.event('step', { step: step.id, title: step.title, status: 'failed' });
        throw error;
      }
    }
    return timings;
  }

  const listr = new Listr(
    steps.map((step) => ({
      title: step.title,
      skip: () => {
        const skipped = hooks.skip?.(step);
        return skipped === undefined ? false : out.redact(`${step.title}: ${skipped}`);
      },
      task: async (_ctx: unknown, task: { title: string }) => {
        const detail = await runOne(step);
        if (detail) task.title = out.redact(`${step.title}: ${detail}`);
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      // Ctrl-C is the command's to handle (init records where it stopped); listr2's own
      // handler would exit at once with 127.
      registerSignalListeners: false,
      renderer: out.debugEnabled ? 'verbose' : 'default',
      rendererOptions: { timer: PRESET_TIMER, collapseErrors: false, showErrorMessage: true },
      fallbackRenderer: out.debugEnabled ? 'verbose' : 'simple',
      fallbackRendererOptions: { timer: PRESET_TIMER },
      fallbackRendererCondition: () => !out.isTTY,
    } as never,
  );
  try {
    await listr.run();
  } catch (error) {
    throw error instanceof CliError ? error : toCliError(error);
  }
  return timings;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}
