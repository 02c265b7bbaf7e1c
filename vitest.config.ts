import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Builds dist/ once per run, for the tests that spawn the real `bin/mirrorctl.js`.
    globalSetup: ['test/global-setup.ts'],
  },
});
