import { chmodSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One ESM entry; `src/main.ts` starts with the `#!/usr/bin/env node` line, which esbuild keeps.
// Dependencies (including the workspace packages) stay external and resolve from node_modules.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  dts: false,
  splitting: true, // commands load on demand, so --help does not load the DAL
  onSuccess: async () => {
    chmodSync('dist/main.js', 0o755);
  },
});
