import { defineConfig } from 'tsup';

// ESM first, with a CommonJS build beside it; both with type declarations.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
