import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Referenced from the root vitest.config.ts as a project. Its root is this folder, so the
// include pattern is relative to mini-app/ whether vitest starts here or at the repo root.
// @testing-library/react is not installed, so the tests cover the logic modules (form
// validation, idempotency, retries, the report list merge) in plain node; none imports Taro.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'mini-app',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
})
