import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // The SDK's notice that its 2027 releases drop Node 20 is noise in every test log (mirrorctl pins the SDK).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Builds dist/ once per run, for the tests that spawn the real `bin/mirrorctl.js`.
    globalSetup: ['test/global-setup.ts'],
  },
});
