// Shared Vitest settings. Integration tests start real servers (sandbox IdP, Finesse simulator,
// Redis-backed workers) on random loopback ports, so timeouts are generous and test files run in
// separate processes. Nothing here gates on wall-clock speed.
import { defineConfig } from 'vitest/config';

/** @param {import('vitest/config').ViteUserConfig['test']} [overrides] */
export function vitestConfig(overrides = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
      maxWorkers: 2,
      // The JSON report feeds `scripts/test-summary.mjs` (the closing `tests: N passed, N failed` line).
      reporters: ['default', ['json', { outputFile: 'node_modules/.vitest/results.json' }]],
      ...overrides,
    },
  });
}
