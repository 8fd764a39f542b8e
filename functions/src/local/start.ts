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

const stack = await startLocalStack({
  workDir: dataRoot,
  dataDir: join(dataRoot, 'dynamodb'),
  apiPort: port,
  h5Dir: existsSync(h5Dir) ? h5Dir : undefined,
  scheduleEveryMs: 15_000,
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
