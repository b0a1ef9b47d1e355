import { defineConfig } from 'vitest/config';

// Native addons load in forked processes, not worker threads.
export default defineConfig({
  test: {
    include: ['__test__/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Lets the memory tests call gc() to observe native memory being released.
    execArgv: ['--expose-gc'],
  },
});
