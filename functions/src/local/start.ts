import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startLocalStack, repoRoot } from './stack'
import { DEMO_PASSWORD, demoPartners, demoResidents, demoStaff } from './demo-seed'

/**
 * `npm start`: the whole product on this machine, data kept under `.data/`.
 * Ctrl-C stops everything; the next start keeps the data.
 */
const dataRoot = join(repoRoot, '.data')
const h5Dir = join(repoRoot, 'mini-app/dist/h5')
const port = Number(process.env.PORT ?? 8787)

/**
 * `DEMO_FAST=1 npm start`: a demo clock, so the README walk-throughs fit in one sitting — a day
 * of public notice lasts 10 seconds (a 7-day notice ends in about a minute and the application
 * goes to the county by itself) and an unacknowledged red report escalates after 1 minute
 * instead of 30. Opt-in, not the default: `npm start` keeps its data between runs, and a clock
 * 8,640 times fast would end real notices early and escalate every red report of anyone using
 * the local stack for more than the walk-through. NOTICE_DAY_MS / ESCALATION_MINUTES, when set,
 * still win.
 */
const demoFast = process.env.DEMO_FAST === '1'
if (demoFast) process.env.NOTICE_DAY_MS ??= '10000'
const escalationMinutes = demoFast && !process.env.ESCALATION_MINUTES ? 1 : undefined

const stack = await startLocalStack({
  workDir: dataRoot,
  dataDir: join(dataRoot, 'dynamodb'),
  apiPort: port,
  h5Dir: existsSync(h5Dir) ? h5Dir : undefined,
  // The schedule runs often enough in demo mode for a 10-second notice day to be seen ending.
  scheduleEveryMs: demoFast ? 5_000 : 15_000,
  escalationMinutes,
  log: (line) => console.log(line),
})

const roleNames: Record<string, string> = {
  village_director: '村儿童主任',
  township_supervisor: '乡镇儿童督导员',
  county_officer: '县民政局',
  school_liaison: '学校联络人',
  police_officer: '公安（监狱）',
}
console.log(`
守护 Shouhu is running.

  Mini-app (H5):   ${stack.appUrl}
  API:             ${stack.apiUrl}   (health: ${stack.apiUrl}/health)
  DynamoDB Local:  ${stack.dynamodbEndpoint}   table ${stack.tableName}
  S3 (photos):     ${stack.s3Endpoint}   (s3rver, files under .data/s3)
  WeChat outbox:   ${stack.outboxFile}   (subscription messages the cloud would send)

Demo logins (staff password: ${DEMO_PASSWORD}):
${demoStaff.map((s) => `  ${s.username.padEnd(12)} ${roleNames[s.role]} ${s.displayName}（${s.divisionCode}）`).join('\n')}
${demoPartners.map((s) => `  ${s.username.padEnd(12)} ${roleNames[s.role]} ${s.displayName}`).join('\n')}
Residents: open the mini-app and choose the demo account ${demoResidents.map((r) => `「${r.displayName}」`).join('、')}.
${
  demoFast
    ? `\nDemo clock (DEMO_FAST=1): a notice day lasts ${Number(process.env.NOTICE_DAY_MS) / 1000} s; red reports escalate after ${process.env.ESCALATION_MINUTES ?? 30} min.`
    : '\nReal clock: a public notice runs its days. For the walk-through in one sitting: DEMO_FAST=1 npm start'
}

Press Ctrl-C to stop.`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping…')
    await stack.stop()
    process.exit(0)
  })
}
