import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A limit on a hung test, not a speed assertion: two workers on two cores (below) run each test
    // up to twice as long as alone, and the longest ran 33 s alone.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one on a 2-core CI machine, whose second
    // core then idled while that worker waited on the CLI processes most tests start. One per core
    // ran 20 of the slowest files in 195 s against 278 s (2026-12-07).
    maxWorkers: availableParallelism(),
  },
});
