/**
 * `librechat-db doctor`: tells the truth about the setup. Checks, in order: `.env`, connection,
 * engine version, capabilities, migrations (PostgreSQL), indexes (MongoDB), seed data,
 * MeiliSearch and its indexes. A human table (each failure line ends with the command that fixes
 * it) or, with --json, one `check` event per check and a `result`. Exit codes: doctor/codes.ts.
 */
import { createOutput, display, type GlobalOptions, resolveEnvFile } from '../context.js';
import {
  type CheckResult,
  checkConnection,
  checkEnv,
  checkIndexes,
  checkMeili,
  checkMigrations,
  checkSeedData,
  checkVersionAndCapabilities,
  type DoctorContext,
} from '../doctor/checks.js';
import { DOCTOR_EXIT } from '../doctor/codes.js';

export interface DoctorFlags {
  envFile?: string;
}

const MARK: Record<CheckResult['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export async function doctorCommand(
  flags: DoctorFlags,
  global: GlobalOptions,
  /** Whether this build has `reindex` (the fix for a drifting index). */
  options: { hasReindex?: boolean } = {},
): Promise<number> {
  const out = createOutput(global);
  const envFile = resolveEnvFile(flags.envFile);
  const envFlag = envFile === resolveEnvFile(undefined) ? '' : ` --env-file ${display(envFile)}`;
  const ctx: DoctorContext = { envFile, out, envFlag, env: {} };
  const results: CheckResult[] = [];
  const add = (r: CheckResult | CheckResult[]) => {
    for (const one of Array.isArray(r) ? r : [r]) {
      results.push(one);
      out.event('check', { ...one });
    }
  };
  try {
    add(await checkEnv(ctx));
    add(await checkConnection(ctx));
    add(await checkVersionAndCapabilities(ctx));
    add(await checkMigrations(ctx));
    add(await checkIndexes(ctx));
    add(await checkSeedData(ctx));
    add(await checkMeili(ctx, options.hasReindex ?? false));
  } finally {
    await ctx.dal?.close().catch(() => {});
  }

  const failures = results.filter((r) => r.status === 'fail');
  const exitCode = failures[0]?.exitCode ?? DOCTOR_EXIT.HEALTHY;
  const width = Math.max(...results.map((r) => r.title.length));
  const lines = [`librechat-db doctor: ${display(envFile)}`];
  for (const r of results) {
    const line = `  ${MARK[r.status]}  ${r.title.padEnd(width)}  ${r.detail}`;
    lines.push(r.status === 'fail' ? `${line} — fix: ${r.fix}` : line);
  }
  const warnings = results.filter((r) => r.status === 'warn').length;
  lines.push(
    failures.length
      ? `${failures.length} problem(s)${warnings ? `, ${warnings} warning(s)` : ''}; exit code ${exitCode} (${failures[0]?.title})`
      : `healthy${warnings ? ` (${warnings} warning(s))` : ''}`,
  );
  out.result('doctor', { healthy: failures.length === 0, exitCode, checks: results }, lines);
  return exitCode;
}
