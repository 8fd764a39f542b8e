/**
 * A county at scale: fills 泗县 through the product's own request handlers (the Hono app called
 * in-process, so validation, triage, routing and the versioned writes all run) at 1×, 10× and
 * 50× (`npx tsx bench/county-loader.ts 1 10 50`), where 1× is 400 children enrolled by the
 * county officer (POST /staff/children), 1,000 reports, 200 entrustments and 200 applications
 * spread over the county (a fifth in 丁湖村, a fifth elsewhere in 丁湖镇, the rest in the
 * villages of five other townships), then reads each staff list as village (`dinghu`), township
 * (`dinghu-town`) and county (`sixian`) staff: p50 / p99 of the first page, its bytes, and the
 * DynamoDB calls each request makes (counted by the middleware on the SDK client, in this process).
 *
 * No stream poller runs (it would compete for the two cores), so the inbox holds only what the
 * request handlers write themselves. Printed as Markdown tables; also written to
 * bench/results/county.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { randomUUID } from 'node:crypto'
import { tableOnly } from './ddb-only'

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0)
const want = scales.length ? scales : [1, 10]
const PER_1X = { children: 400, reports: 1_000, entrustments: 200, applications: 200 }
const CONCURRENCY = 8

const db = await tableOnly()
const { startLocalS3 } = await import('../functions/src/local/s3-local')
const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'shouhu-county-s3-')) })
Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: s3.bucket, DEV_LOGIN: '1', SESSION_SECRET: 'bench-county' })
const { seedDemo } = await import('../functions/src/local/demo-seed')
await seedDemo(() => {}, { allCounties: true })
const { app } = await import('../functions/src/app')
const { childrenOf } = await import('../functions/src/data/divisions')
const { resetDynamoCalls } = await import('../functions/src/data/client')
const { addDevAccount } = await import('../functions/src/data/users')
const shared = await import('@shouhu/shared')

type Json = Record<string, any>
async function call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(`/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`)
  return { body: JSON.parse(text) as Json, bytes: Buffer.byteLength(text) }
}
const staffToken = async (username: string) => (await call('POST', '/auth/staff-login', undefined, { username, password: 'shouhu123' })).body.token as string
await addDevAccount('county-bench', '居民')
const resident = (await call('POST', '/auth/dev-login', undefined, { account: 'county-bench' })).body.token as string
const tokens = { village: await staffToken('dinghu'), township: await staffToken('dinghu-town'), county: await staffToken('sixian') }

const DINGHU = '341324102200'
const townVillages = (await childrenOf('341324102000')).map((d) => d.code).filter((c) => c !== DINGHU)
const otherVillages: string[] = []
for (const t of (await childrenOf('341324000000')).slice(1, 6)) otherVillages.push(...(await childrenOf(t.code)).map((d) => d.code))
let spread = 0
/** A fifth in 丁湖村, a fifth elsewhere in 丁湖镇, the rest in other townships. */
const villageFor = () => {
  const i = spread++
  return i % 5 === 0 ? DINGHU : i % 5 === 1 ? townVillages[i % townVillages.length]! : otherVillages[i % otherVillages.length]!
}

async function pool(n: number, work: (i: number) => Promise<unknown>) {
  let next = 0
  let errors = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const i = next++
      try {
        await work(i)
      } catch (e) {
        if (errors++ < 3) console.error(String(e).slice(0, 300))
      }
    }
  }))
  return errors
}

let serial = 0
const idFor = (birth: string) => {
  const first17 = `341324${birth}${String(serial++ % 1000).padStart(3, '0')}`
  return first17 + shared.idCheckChar(first17)
}
const situations = ['care_lacking', 'dropout', 'living_alone', 'orphaned', 'other', 'carer_incapable']
const report = (i: number) =>
  call('POST', '/reports', resident, { villageCode: villageFor(), situations: [situations[i % situations.length]], description: '孩子常常一个人在村口', reporter: { anonymous: true } }, { 'idempotency-key': randomUUID() })
const today = shared.chinaToday()
const entrustment = () => {
  const day = String(1 + (serial % 28)).padStart(2, '0')
  const idNumber = idFor(`201506${day}`)
  return call('POST', '/entrustments', resident, {
    registrant: 'mother',
    parents: [
      { relation: 'father', situation: 'working_away', name: '刘建国', phone: '13912345678', workplaceCode: '310101000000', awaySince: shared.addDays(today, -200) },
      { relation: 'mother', situation: 'working_away', name: '王秀兰', phone: '13812345678', workplaceCode: '310101000000', awaySince: shared.addDays(today, -200) },
    ],
    children: [{ name: '刘小雨', sex: Number(idNumber[16]) % 2 ? 'male' : 'female', birthDate: `2015-06-${day}`, idNumber, householdRegistration: 'rural', villageCode: villageFor(), school: { id: 'dinghu-primary', name: '丁湖镇中心小学' } }],
    caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: '34132419580402004' + shared.idCheckChar('34132419580402004'), birthDate: '1958-04-02', health: 'good', livesWithChild: true },
    contactPlan: { frequency: 'weekly', methods: ['video'] },
    startDate: today,
    endDate: shared.addMonths(today, 12),
    consent: { version: shared.ENTRUSTMENT_CONSENT_VERSION, agreed: true },
  }, { 'idempotency-key': randomUUID() })
}
const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
const application = async () => {
  const ticket = (await call('POST', '/applications/uploads', resident, { kind: 'assistance_certificate', contentType: 'image/jpeg' })).body
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: photo })
  if (!put.ok) throw new Error(`PUT ${put.status}`)
  return call('POST', '/applications', resident, {
    villageCode: villageFor(),
    categoryId: 'fact_unsupported',
    child: { name: '测试', idNumber: idFor(`201506${String(1 + (serial % 28)).padStart(2, '0')}`) },
    situation: { father: 'imprisoned', mother: 'severely_disabled', familyAssistance: 'none', currentBenefits: [] },
    guardian: { name: '王大姐', phone: '13912345678', relation: 'mother' },
    bankAccount: { bankName: '泗县农商银行', accountName: '王大姐', accountNumber: '6222021234567890123' },
    documents: [{ kind: 'assistance_certificate', key: ticket.key }],
    consent: { accepted: true, version: shared.CONSENT_VERSION },
  }, { 'idempotency-key': randomUUID() })
}

let childSerial = 0
/** Enrolled by the county officer (any village of the county is theirs), with a distinct, valid ID. */
const child = () => {
  const i = childSerial++
  // A birth date per 500 children and a sequence within it: 20,000 distinct IDs at 50×.
  const born = shared.addDays('2012-01-01', Math.floor(i / 500))
  const seq = String(i % 500).padStart(3, '0')
  const first17 = `341324${born.replaceAll('-', '')}${seq}`
  const idNumber = first17 + shared.idCheckChar(first17)
  return call('POST', '/staff/children', tokens.county, {
    name: '测小明',
    sex: Number(idNumber[16]) % 2 ? 'male' : 'female',
    birthDate: born,
    idNumber,
    householdRegistration: 'rural',
    villageCode: villageFor(),
    schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '三年级' },
    health: { disability: 'none', seriousIllness: false },
    parents: [
      { relation: 'father', name: '测大山', phone: '13912345678', situation: 'working_away', workplaceCode: '310101000000', awaySince: shared.addMonths(today, -6) },
      { relation: 'mother', name: '测秀英', situation: 'working_away', workplaceCode: '310101000000', awaySince: shared.addMonths(today, -6) },
    ],
    singleParent: false,
    caregiver: { name: '测奶奶', relationship: 'paternal_grandparent', phone: '13700001111', livesWithChild: true },
    difficultyCategories: [],
  }, { 'idempotency-key': randomUUID() })
}

const firstStage = shared.ApplicationState.options[0]
const lists = [
  '/staff/reports?status=open&limit=50',
  '/staff/reports?status=all&limit=50',
  '/staff/entrustments?filter=todo&limit=50',
  '/staff/entrustments?filter=all&limit=50',
  '/staff/applications?stage=mine&limit=50',
  `/staff/applications?stage=${firstStage}&limit=50`,
  '/staff/applications?stage=all&limit=50',
  '/staff/children?limit=50',
  '/staff/children/today',
  '/staff/children/overdue',
  '/notifications?limit=50',
]
const rowsOf = (b: Json) => (Array.isArray(b.items) ? b.items.length : Array.isArray(b.overdue) ? b.overdue.length + b.dueToday.length + b.thisWeek.length : Array.isArray(b.byVillage) ? b.byVillage.length : 0)
const results: Json[] = []
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
let loaded = { children: 0, reports: 0, entrustments: 0, applications: 0 }
console.log(`load ${loadavg()[0]!.toFixed(1)} at start`)
for (const scale of want.sort((a, b) => a - b)) {
  const target = { children: PER_1X.children * scale, reports: PER_1X.reports * scale, entrustments: PER_1X.entrustments * scale, applications: PER_1X.applications * scale }
  const t0 = performance.now()
  const errors =
    (await pool(target.children - loaded.children, child)) +
    (await pool(target.reports - loaded.reports, report)) +
    (await pool(target.entrustments - loaded.entrustments, entrustment)) +
    (await pool(target.applications - loaded.applications, application))
  loaded = target
  const fillS = (performance.now() - t0) / 1000
  console.log(`\n${scale}×: ${target.children} children, ${target.reports} reports, ${target.entrustments} entrustments, ${target.applications} applications in the county (filled in ${fillS.toFixed(0)} s, ${errors} errors; load ${loadavg()[0]!.toFixed(1)})`)
  console.log('| staff | list (first page) | rows | p50 | p99 | bytes | DynamoDB calls / request |')
  console.log('|---|---|---|---|---|---|---|')
  for (const [who, token] of Object.entries(tokens)) {
    for (const path of lists) {
      const times: number[] = []
      let bytes = 0
      let rows = 0
      const calls = new Set<string>()
      let failed = ''
      for (let i = 0; i < 30; i++) {
        resetDynamoCalls()
        const t = performance.now()
        const res = await call('GET', path, token).catch((e) => ({ error: String(e).slice(0, 120) }))
        times.push(performance.now() - t)
        const c = resetDynamoCalls()
        if ('error' in res) {
          failed = res.error
          break
        }
        calls.add(`${c.total}`)
        bytes = res.bytes
        rows = rowsOf(res.body)
      }
      times.sort((a, b) => a - b)
      if (failed) {
        console.log(`| ${who} | ${path} | — | — | — | — | ${failed} |`)
        continue
      }
      results.push({ scale, who, path, rows, p50Ms: pct(times, 50), p99Ms: pct(times, 99), bytes, calls: [...calls].map(Number) })
      console.log(`| ${who} | ${path.replace('&limit=50', '').replace('?limit=50', '')} | ${rows} | ${pct(times, 50).toFixed(1)} ms | ${pct(times, 99).toFixed(1)} ms | ${bytes} | ${[...calls].join(' / ')} |`)
    }
  }
}
console.log(`\nload ${loadavg()[0]!.toFixed(1)} at end`)
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true })
writeFileSync(join(import.meta.dirname, 'results', 'county.json'), JSON.stringify({ at: new Date().toISOString(), per1x: PER_1X, results }, null, 2) + '\n')
await s3.stop?.()
await db.stop()
process.exit(0)
