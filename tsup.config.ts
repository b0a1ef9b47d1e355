import { defineConfig } from 'tsup';

// ESM first, with a CommonJS build beside it; both with type declarations.
// The worker-thread entry shares the library's code through chunks (splitting,
// also for CommonJS), so a worker runs the same module instances as the user's
// pipeline module that imports 'bigmultipipe'.
// cli: the option helpers (bigmultipipe/cli); cli-main: what bin/bigmultipipe.js runs.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'worker-thread': 'src/executors/worker-thread.ts',
    cli: 'src/cli/index.ts',
    'cli-main': 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', cli: 'src/cli/index.ts' } },
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
