import { defineConfig } from 'tsup';

// ESM first, with a CommonJS build beside it; both with type declarations.
// cli: the option helpers (bigmultipipe/cli); cli-main: what bin/bigmultipipe.js runs.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/index.ts', 'cli-main': 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
