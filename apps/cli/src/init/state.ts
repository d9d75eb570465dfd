/**
 * init's progress record, `.librechat-db/init.json` beside the `.env`: the choices it ran with
 * and the steps it completed. A re-run with the same choices after a failure or Ctrl-C skips the
 * completed steps whose effect is durable and resumes at the failed one; after a success every
 * step runs again and, being idempotent, changes nothing. It never holds a secret.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const stepRecord = z.object({ at: z.string(), ms: z.number(), detail: z.string().optional() });

const stateSchema = z.object({
  version: z.literal(1),
  /** The choices; a run with other choices starts over. */
  choices: z.object({
    db: z.enum(['mongodb', 'postgresql']),
    runtime: z.enum(['docker', 'embedded', 'external']),
    meili: z.enum(['on', 'off', 'keep']),
    dataDir: z.string().optional(),
  }),
  status: z.enum(['running', 'failed', 'interrupted', 'complete']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  done: z.record(z.string(), stepRecord),
  failed: z.object({ step: z.string(), code: z.string(), message: z.string() }).optional(),
});

export type InitState = z.infer<typeof stateSchema>;
export type InitChoices = InitState['choices'];

export function initStatePath(envFile: string): string {
  return path.join(path.dirname(envFile), '.librechat-db', 'init.json');
}

export async function readInitState(envFile: string): Promise<InitState | undefined> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await fs.readFile(initStatePath(envFile), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // missing or unreadable: start over
  }
}

export function sameChoices(a: InitChoices, b: InitChoices): boolean {
  return a.db === b.db && a.runtime === b.runtime && a.meili === b.meili && a.dataDir === b.dataDir;
}

/** Synchronous and atomic (temp file + rename), so the SIGINT handler can use it too. */
export function writeInitState(envFile: string, state: InitState): void {
  const file = initStatePath(envFile);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * The state for this run: the previous one kept when it failed or was interrupted with the same
 * choices (its `done` steps are skipped), otherwise a fresh one.
 */
export function startRun(
  previous: InitState | undefined,
  choices: InitChoices,
): {
  state: InitState;
  resumeFrom?: string;
} {
  const now = new Date().toISOString();
  if (
    previous &&
    (previous.status === 'failed' || previous.status === 'interrupted' || previous.status === 'running') &&
    sameChoices(previous.choices, choices)
  ) {
    return {
      state: { ...previous, status: 'running', startedAt: now, finishedAt: undefined },
      resumeFrom: previous.failed?.step,
    };
  }
  return { state: { version: 1, choices, status: 'running', startedAt: now, done: {} } };
}
