import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

// ESM for modern callers, CommonJS for LibreChat's `api/`. node-pg-migrate is ESM-only, so it is
// bundled in; the SQL migrations are copied beside the build so the package is self-contained.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  noExternal: ['node-pg-migrate'],
  onSuccess: async () => {
    cpSync('../../migrations', 'dist/migrations', { recursive: true });
  },
});
