/**
 * Prints, after vitest's own report: per-engine counts, the allow-listed FerretDB gaps that were
 * exercised, and as the very last line `N passed, N failed[, N skipped]`. The run fails when no
 * `[postgresql]`/`[differential]` test or no `[mongodb]`/`[differential]` test ran (unless the
 * run was filtered to some files or test names). Also writes test/.reports/summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { canonicalTestName, loadAllowList } from './allowlist.js';
import type { FerretdbGapMeta } from './context.js';

type Group = '[postgresql]' | '[mongodb]' | '[differential]' | 'other';
const GROUPS: readonly Group[] = ['[postgresql]', '[mongodb]', '[differential]', 'other'];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunSummary {
  groups: Record<Group, Counts>;
  total: Counts;
  problems: string[];
  ferretdbGaps: { test: string; feature: string; ferretdbError: string }[];
  unusedAllowListEntries: string[];
  line: string;
}

export const REPORTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.reports');

function groupOf(fullName: string): Group {
  if (fullName.includes('[differential]')) return '[differential]';
  if (fullName.includes('[postgresql]')) return '[postgresql]';
  if (fullName.includes('[mongodb]')) return '[mongodb]';
  return 'other';
}

const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0 });

export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
}

export function summarise(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  partialRun: boolean,
): RunSummary {
  const groups = Object.fromEntries(GROUPS.map((g) => [g, zero()])) as Record<Group, Counts>;
  const total = zero();
  const problems: string[] = [];
  const ferretdbGaps: RunSummary['ferretdbGaps'] = [];
  const ran = new Set<string>();
  for (const module of modules) {
    let moduleFailedTests = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
      const group = groupOf(test.fullName);
      groups[group][key]++;
      total[key]++;
      if (key === 'failed') moduleFailedTests++;
      if (key !== 'skipped') ran.add(canonicalTestName(test.fullName));
      const gap = test.meta().ferretdbGap as FerretdbGapMeta | undefined;
      if (gap && key === 'passed') ferretdbGaps.push({ test: test.fullName, ...gap });
    }
    // A file that failed outside any test (import error, hook failure) counts as one failure.
    if (module.state() === 'failed' && moduleFailedTests === 0) {
      total.failed++;
      problems.push(`${module.moduleId}: failed outside its tests (see the errors above)`);
    }
  }
  if (unhandledErrors.length > 0) {
    total.failed += unhandledErrors.length;
    problems.push(`${unhandledErrors.length} unhandled error(s) (see above)`);
  }
  const pgRan =
    groups['[postgresql]'].passed +
    groups['[postgresql]'].failed +
    groups['[differential]'].passed +
    groups['[differential]'].failed;
  const mongoRan =
    groups['[mongodb]'].passed +
    groups['[mongodb]'].failed +
    groups['[differential]'].passed +
    groups['[differential]'].failed;
  if (!partialRun) {
    for (const [engine, count] of [
      ['postgresql', pgRan],
      ['mongodb', mongoRan],
    ] as const) {
      if (count === 0) {
        total.failed++;
        problems.push(`no [${engine}] or [differential] test ran: the ${engine} suites did not execute`);
      }
    }
  }
  let unusedAllowListEntries: string[] = [];
  try {
    unusedAllowListEntries = loadAllowList()
      .map((e) => e.test)
      .filter((name) => !ran.has(name));
  } catch (error) {
    total.failed++;
    problems.push(`ferretdb-allowlist.json: ${(error as Error).message}`);
  }
  return { groups, total, problems, ferretdbGaps, unusedAllowListEntries, line: summaryLine(total) };
}

export function formatSummary(s: RunSummary, mongoKind: string | undefined): string[] {
  const lines: string[] = ['', 'Tests by engine:'];
  for (const g of GROUPS) lines.push(`  ${g.padEnd(15)}${summaryLine(s.groups[g])}`);
  if (mongoKind === 'ferretdb') {
    lines.push(`Allowed FerretDB gaps exercised (MongoDB side is FerretDB): ${s.ferretdbGaps.length}`);
    for (const g of s.ferretdbGaps) lines.push(`  - ${g.test}: ${g.feature} ("${g.ferretdbError}")`);
    for (const t of s.unusedAllowListEntries)
      lines.push(`  ! allow-list entry not exercised in this run: ${t}`);
  } else if (mongoKind === 'mongodb') {
    lines.push('MongoDB side is a real MongoDB (MONGO_URL): the FerretDB allow-list was ignored.');
  }
  for (const p of s.problems) lines.push(`FAILED: ${p}`);
  lines.push(s.line);
  return lines;
}

export class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined;
  private summary: RunSummary | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  private partialRun(): boolean {
    const v = this.vitest as (Vitest & { filenamePattern?: string[] }) | undefined;
    return Boolean(v?.filenamePattern?.length || v?.config.testNamePattern);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    this.summary = summarise(modules, unhandledErrors, this.partialRun());
    const setupError = this.vitest?.getRootProject().getProvidedContext().setupError;
    if (setupError) {
      this.summary.total.failed++;
      this.summary.problems.unshift(setupError);
      this.summary.line = summaryLine(this.summary.total);
    }
    if (this.summary.total.failed > 0) process.exitCode = 1;
    mkdirSync(REPORTS_DIR, { recursive: true });
    writeFileSync(path.join(REPORTS_DIR, 'summary.json'), `${JSON.stringify(this.summary, null, 2)}\n`);
  }

  // Runs after the default reporter printed its own summary (it is listed after it).
  onFinished(): void {
    if (!this.summary) return;
    const mongoKind = this.vitest?.getRootProject().getProvidedContext().mongoKind;
    process.stdout.write(`${formatSummary(this.summary, mongoKind).join('\n')}\n`);
  }
}
