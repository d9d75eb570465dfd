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
      // Test-only secrets: upstream's encrypt/decrypt read CREDS_KEY/CREDS_IV when
      // @librechat/data-schemas loads; sessions sign refresh tokens with JWT_REFRESH_SECRET.
      CREDS_KEY: process.env.CREDS_KEY ?? 'f34be427ebb29de8d88c107a71546019685ed8b241d8f2ed00c3df97ad2566f0',
      CREDS_IV: process.env.CREDS_IV ?? 'e2341419ec3dd3d19b13a1a87fafcbfb',
      JWT_REFRESH_SECRET: process.env.JWT_REFRESH_SECRET ?? 'test-refresh-secret',
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
