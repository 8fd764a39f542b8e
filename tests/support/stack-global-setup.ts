import type { TestProject } from 'vitest/node'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot, startLocalStack } from '../../functions/src/local/stack'

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
    apiUrl: string
  }
}

/**
 * The whole local stack, as `npm start` runs it but in memory: DynamoDB Local, tables from the
 * CDK template, demo seed, API + H5 build on one origin, stream poller, schedule timer.
 */
export default async function setup(project: TestProject) {
  // H5_DIR points at another build output (mini-app's TARO_OUTPUT_ROOT), e.g. for a parallel run.
  const h5Dir = process.env.H5_DIR ?? join(repoRoot, 'mini-app/dist/h5')
  if (!existsSync(join(h5Dir, 'index.html'))) throw new Error('No H5 build: run `npm run build:h5 -w mini-app` first (npm test does).')
  process.env.LOG_LEVEL ??= 'silent'
  // A day of public notice (公示) lasts 300 ms here, so the allowance browser test sees a 7-day
  // notice end on the schedule timer; nothing else depends on it.
  process.env.NOTICE_DAY_MS ??= '300'
  // Sessions follow the account (issue #10): a 2 s account check here instead of 30 s.
  process.env.SESSION_CHECK_SECONDS ??= '2'
  // A red child's intervention is due 4 s after grading and each overdue level lasts 4 s, so the
  // casework browser test sees an unvisited child climb to the township (README "Walk-throughs").
  process.env.RED_INTERVENTION_MS ??= '4000'
  process.env.VISIT_GRACE_MS ??= '4000'
  const stack = await startLocalStack({ workDir: mkdtempSync(join(tmpdir(), 'shouhu-e2e-')), h5Dir, scheduleEveryMs: 2000 })
  project.provide('appUrl', stack.appUrl)
  project.provide('apiUrl', stack.apiUrl)
  return () => stack.stop()
}
