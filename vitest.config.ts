import { defineConfig } from 'vitest/config';

// Tests that run real Python, bubblewrap or Chromium take seconds, not milliseconds.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
