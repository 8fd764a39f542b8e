import { defineConfig } from 'vitest/config'

// One vitest run, four projects. API and e2e suites share one DynamoDB Local JVM per run
// (started in their globalSetup); each test file uses its own table-name prefix.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'functions/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      'mini-app/vitest.config.ts',
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Builds the WeChat mini-program (≈ 1 min alone, 4–5 min on a loaded machine) and checks
        // it as WeChat would (issue #10).
        test: {
          name: 'weapp',
          include: ['tests/weapp/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/dynamodb-global-setup.ts'],
          // Most tests take 1–5 s; a loaded CI machine has taken over 30 s for ones that wait on the stream.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/stack-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A screen answers a tap through the API, the stream and a re-render: on a loaded CI
          // machine that can take seconds, not vitest's default 1 s, before a test may fail.
          expect: { poll: { timeout: 20_000, interval: 100 } },
        },
      },
    ],
  },
})
