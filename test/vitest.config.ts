import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './harness/summaryReporter.js';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.reports/**'],
    globalSetup: ['./harness/globalSetup.ts'],
    // One fork per test file, two at a time (CI has 2 cores); each file has its own databases.
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    // @librechat/data-schemas logs (index build failures on FerretDB, …) stay quiet and
    // write no log files unless asked for.
    env: {
      CONSOLE_LOG_LEVEL: process.env.CONSOLE_LOG_LEVEL ?? 'silent',
      LOG_TO_FILE: process.env.LOG_TO_FILE ?? 'false',
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // The summary reporter must come last: its final line is the run's last line of output.
    reporters: ['default', new SummaryReporter()],
    // The workspace packages' builds are plain Node modules: load them natively, not via Vite.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
  },
});
