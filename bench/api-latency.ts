import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { api, benchStack, DINGHU, fileReport, residentToken, staffToken } from './stack'
import { type LatencySummary, ms, printTable, runLoad, summarize } from './stats'

/**
 * API latency over real HTTP on loopback, next to DynamoDB Local's own latency for the same
 * kind of write, so the API's overhead over the engine is visible. Everything runs on this one
 * machine: the load generator, the API, the stream poller and DynamoDB Local's JVM share its CPUs.
 */
export const SIZES = {
  warmup: 20,
  putC1: 400,
  putC16: 1600,
  dataC1: 200,
  dataC16: 800,
  postC1: 200,
  postC16: 800,
  staffList: 200,
  health: 300,
  /** Allowance applications (issue #4): photo ticket + PUT + POST, then the staff queue. */
  applyC1: 100,
  applicationQueue: 100,
  /** Entrusted care (issue #3): registrations, then the village's queue. */
  entrustC1: 100,
  entrustmentQueue: 100,
  /** Wall-time cap per phase; a phase that hits it reports what it completed. */
  phaseCapMs: 60_000,
  drainCapMs: 300_000,
}

export interface ApiLatencyResult {
  stackStartMs: number
  dynamoPutItem: { c1: LatencySummary; c16: LatencySummary; itemBytes: number }
  /** The route's own DynamoDB work (GetItem on the village + the 4-item TransactWriteItems) called in-process, no HTTP. */
  reportDataPath: { c1: LatencySummary; c16: LatencySummary }
  reportSubmit: { c1: LatencySummary; c16: LatencySummary }
  /** Time for the stream poller, held back during each submit phase, to handle that phase's records once let go. */
  streamDrainMs: { afterC1: number; afterC16: number; reportsC1: number; reportsC16: number; outboxLinesC1: number; outboxLinesC16: number }
  /** GET /api/health: the HTTP + Hono floor, no DynamoDB. */
  health: { c1: LatencySummary }
  staffList: { c1: LatencySummary; itemsReturned: number; responseBytes: number; reportsInVillage: number }
  applications?: ApplicationLatency
  entrustments?: EntrustmentLatency
}

/** The budget (issue #9): POST /api/reports over its own DynamoDB work in-process, ≤ 1.3× at p50 and p99. */
export function overheadRatios(r: ApiLatencyResult) {
  const q = (a: number, b: number) => Math.round((a / b) * 100) / 100
  return {
    c1: { p50: q(r.reportSubmit.c1.p50Ms, r.reportDataPath.c1.p50Ms), p99: q(r.reportSubmit.c1.p99Ms, r.reportDataPath.c1.p99Ms) },
    c16: { p50: q(r.reportSubmit.c16.p50Ms, r.reportDataPath.c16.p50Ms), p99: q(r.reportSubmit.c16.p99Ms, r.reportDataPath.c16.p99Ms) },
  }
}

export interface EntrustmentLatency {
  /** POST /api/entrustments: validation (ID check digits, dates), 1 item + invitation + event + school link + idempotency in one transaction. */
  register: LatencySummary
  /** GET /api/staff/entrustments?filter=all as the village director (first page, 50). */
  queue: LatencySummary
  queueItems: number
  queueBytes: number
}

/** The entrusted-care endpoints: a parent registers (one child, the grandmother), then the director's queue. */
export async function runEntrustmentLatency(apiUrl: string, resident: string, staff: string): Promise<EntrustmentLatency> {
  const { ENTRUSTMENT_CONSENT_VERSION, addDays, addMonths, chinaToday, idCheckChar } = await import('@shouhu/shared')
  const today = chinaToday()
  const grandma = '34132419580402004' + idCheckChar('34132419580402004')
  let serial = 0
  const register = async () => {
    const first17 = `341324201506${String(1 + (serial % 28)).padStart(2, '0')}${String(serial++ % 1000).padStart(3, '0')}`
    const idNumber = first17 + idCheckChar(first17)
    await api(apiUrl, 'POST', '/entrustments', {
      token: resident,
      headers: { 'idempotency-key': randomUUID() },
      expect: [201],
      body: {
        registrant: 'mother',
        parents: [
          { relation: 'father', situation: 'working_away', name: '刘建国', phone: '13912345678', workplaceCode: '310101000000', awaySince: addDays(today, -200) },
          { relation: 'mother', situation: 'working_away', name: '王秀兰', phone: '13812345678', workplaceCode: '310101000000', awaySince: addDays(today, -200) },
        ],
        children: [
          {
            name: '刘小雨',
            sex: Number(idNumber[16]) % 2 ? 'male' : 'female',
            birthDate: `2015-06-${first17.slice(12, 14)}`,
            idNumber,
            householdRegistration: 'rural',
            villageCode: DINGHU,
            school: { id: 'dinghu-primary', name: '丁湖镇中心小学' },
          },
        ],
        caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: grandma, birthDate: '1958-04-02', health: 'good', livesWithChild: true },
        contactPlan: { frequency: 'weekly', methods: ['video'] },
        startDate: today,
        endDate: addMonths(today, 12),
        consent: { version: ENTRUSTMENT_CONSENT_VERSION, agreed: true },
      },
    })
  }
  const list = () => api(apiUrl, 'GET', '/staff/entrustments?filter=all', { token: staff })
  for (let i = 0; i < SIZES.warmup; i++) {
    await register()
    await list()
  }
  console.log('measuring POST /api/entrustments …')
  const registerC1 = strip(await runLoad(register, { total: SIZES.entrustC1, concurrency: 1, maxMs: SIZES.phaseCapMs }))
  console.log('measuring GET /api/staff/entrustments …')
  const sample = await list()
  const queue = strip(await runLoad(() => list().then(() => undefined), { total: SIZES.entrustmentQueue, concurrency: 1, maxMs: SIZES.phaseCapMs }))
  return { register: registerC1, queue, queueItems: sample.items.length, queueBytes: Buffer.byteLength(JSON.stringify(sample)) }
}

export function printEntrustmentLatency(e: EntrustmentLatency) {
  printTable('Entrusted care (HTTP on 127.0.0.1)', ['operation', 'c', 'n', 'p50', 'p99', 'mean', 'max', 'throughput'], [
    row('POST /api/entrustments (1 child)', e.register),
    row(`GET /api/staff/entrustments?filter=all (${e.queueItems} items, ${(e.queueBytes / 1024).toFixed(0)} KB)`, e.queue),
  ])
}

export interface ApplicationLatency {
  /** POST /api/applications/uploads + PUT of a 14-byte photo to s3rver + POST /api/applications, one after another. */
  applyWithPhoto: LatencySummary
  /** The POST /api/applications part of the same runs alone (verifies and copies the photo, 1 item + event + 4 timers + idempotency in one transaction). */
  createOnly: LatencySummary
  /** GET /api/staff/applications?stage=all as the village director. */
  queue: LatencySummary
  queueItems: number
}

/** The allowance endpoints: apply with one photo, then read the village's queue of every stage. */
export async function runApplicationLatency(apiUrl: string, resident: string, staff: string): Promise<ApplicationLatency> {
  const { CONSENT_VERSION, idCheckChar } = await import('@shouhu/shared')
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
  let serial = 0
  const createTimes: number[] = []
  const apply = async () => {
    const ticket = await api(apiUrl, 'POST', '/applications/uploads', { token: resident, body: { kind: 'assistance_certificate' }, expect: [201] })
    const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: photo })
    if (!put.ok) throw new Error(`PUT photo ${put.status}`)
    const first17 = `341324201506${String(1 + (serial % 28)).padStart(2, '0')}${String(serial++ % 1000).padStart(3, '0')}`
    const t0 = performance.now()
    await api(apiUrl, 'POST', '/applications', {
      token: resident,
      headers: { 'idempotency-key': randomUUID() },
      expect: [201],
      body: {
        villageCode: DINGHU,
        categoryId: 'fact_unsupported',
        child: { name: '测试', idNumber: first17 + idCheckChar(first17) },
        situation: { father: 'imprisoned', mother: 'severely_disabled', familyAssistance: 'none', currentBenefits: [] },
        guardian: { name: '王大姐', phone: '13912345678', relation: 'mother' },
        bankAccount: { bankName: '泗县农商银行', accountName: '王大姐', accountNumber: '6222021234567890123' },
        documents: [{ kind: 'assistance_certificate', key: ticket.key }],
        consent: { accepted: true, version: CONSENT_VERSION },
      },
    })
    createTimes.push(performance.now() - t0)
  }
  for (let i = 0; i < SIZES.warmup; i++) await apply()
  createTimes.length = 0
  console.log('measuring apply with a photo (ticket + PUT + POST /api/applications) …')
  const applyWithPhoto = strip(await runLoad(apply, { total: SIZES.applyC1, concurrency: 1, maxMs: SIZES.phaseCapMs }))
  const sorted = [...createTimes].sort((a, b) => a - b)
  const createOnly = summarize(sorted, { errors: 0, concurrency: 1, wallMs: createTimes.reduce((a, b) => a + b, 0), timeCapped: false })
  console.log('measuring GET /api/staff/applications …')
  const sample = await api(apiUrl, 'GET', '/staff/applications?stage=all', { token: staff })
  const queue = strip(await runLoad(() => api(apiUrl, 'GET', '/staff/applications?stage=all', { token: staff }).then(() => undefined), { total: SIZES.applicationQueue, concurrency: 1, maxMs: SIZES.phaseCapMs }))
  return { applyWithPhoto, createOnly, queue, queueItems: sample.items.length }
}

export function printApplicationLatency(a: ApplicationLatency) {
  printTable('Allowance applications (HTTP on 127.0.0.1, s3rver for photos)', ['operation', 'c', 'n', 'p50', 'p99', 'mean', 'max', 'throughput'], [
    row('apply: ticket + PUT photo + POST /api/applications', a.applyWithPhoto),
    row('POST /api/applications alone (same runs)', a.createOnly),
    row(`GET /api/staff/applications?stage=all (${a.queueItems} items)`, a.queue),
  ])
}

async function drain(streamIdle: () => Promise<void>): Promise<number> {
  const t0 = performance.now()
  await Promise.race([streamIdle(), new Promise((r) => setTimeout(r, SIZES.drainCapMs))])
  return Math.round(performance.now() - t0)
}

function strip<T extends LatencySummary & { firstError?: string }>(s: T): LatencySummary {
  if (s.firstError) console.log(`  (first error: ${s.firstError})`)
  return s
}

export async function runApiLatency(): Promise<ApiLatencyResult> {
  const { stack, startMs } = await benchStack()
  const { apiUrl, tableName, dynamodbEndpoint } = stack
  console.log(`local stack up in ${startMs} ms: API ${apiUrl}, DynamoDB Local ${dynamodbEndpoint}, table ${tableName}`)

  const resident = await residentToken(apiUrl)
  const staff = await staffToken(apiUrl, 'dinghu')

  // A client of our own, configured like the data layer's (functions/src/data/client.ts).
  const ddb = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  // Roughly the size of a stored report item, so the engine does comparable work per write.
  const payload = 'x'.repeat(600)
  const itemBytes = JSON.stringify({ pk: 'BENCH#000000', sk: 'BENCH', payload }).length
  const put = (n: number) =>
    ddb
      .send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `BENCH#${n}` }, sk: { S: 'BENCH' }, payload: { S: payload } } }))
      .then(() => undefined)

  // The route's DynamoDB work, in-process: the same functions the handler calls.
  const { ReportCreate } = await import('@shouhu/shared')
  const { getDivision } = await import('../functions/src/data/divisions')
  const { createReport } = await import('../functions/src/data/reports')
  const { newReport } = await import('../functions/src/workflows/reports')
  const { sha256 } = await import('../functions/src/ids')
  const me = await api(apiUrl, 'GET', '/me', { token: resident })
  const input = ReportCreate.parse({ villageCode: DINGHU, situations: ['care_lacking'], reporter: { anonymous: true } })
  const dataPath = async () => {
    if (!(await getDivision(input.villageCode))) throw new Error('village missing')
    const out = await createReport(newReport(input, me as any, new Date()), { keyHash: sha256(randomUUID()), bodyHash: sha256(JSON.stringify(input)) })
    if (out.kind !== 'created') throw new Error(`createReport: ${out.kind}`)
  }
  const post = async () => {
    await fileReport(apiUrl, resident)
  }
  const list = async () => {
    await api(apiUrl, 'GET', '/staff/reports', { token: staff })
  }

  // Warm-up (not counted): JIT, lazy imports, connection pools on both sides.
  let n = 0
  for (let i = 0; i < SIZES.warmup; i++) {
    await put(n++)
    await ddb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'BENCH#0' }, sk: { S: 'BENCH' } } }))
    await dataPath()
    await post()
    await list()
  }
  await drain(stack.streamIdle)

  const cap = SIZES.phaseCapMs
  console.log('measuring GET /api/health …')
  const healthC1 = strip(await runLoad(() => api(apiUrl, 'GET', '/health').then(() => undefined), { total: SIZES.health, concurrency: 1, maxMs: cap }))
  console.log('measuring DynamoDB Local PutItem …')
  const putC1 = strip(await runLoad(() => put(n++), { total: SIZES.putC1, concurrency: 1, maxMs: cap }))
  const putC16 = strip(await runLoad(() => put(n++), { total: SIZES.putC16, concurrency: 16, maxMs: cap }))
  await drain(stack.streamIdle)

  // The data path and the route are each measured with the stream poller held back, then the
  // stream drained. In AWS the stream function runs on its own CPUs; here the poller shares the
  // two cores with whichever phase happens to be running, and its backlog (seconds after a
  // phase) differs between phases, which made the ratio swing 1.3–2.4× between runs.
  const quietStream = async <T>(phase: () => Promise<T>): Promise<{ result: T; drainMs: number }> => {
    stack.streamPause()
    let result: T
    try {
      result = await phase()
    } finally {
      stack.streamResume()
    }
    return { result, drainMs: await drain(stack.streamIdle) }
  }
  console.log('measuring the report data path in-process …')
  const dataC1 = strip((await quietStream(() => runLoad(dataPath, { total: SIZES.dataC1, concurrency: 1, maxMs: cap }))).result)
  const dataC16 = strip((await quietStream(() => runLoad(dataPath, { total: SIZES.dataC16, concurrency: 16, maxMs: cap }))).result)

  const outboxLines = () => (existsSync(stack.outboxFile) ? readFileSync(stack.outboxFile, 'utf8').split('\n').filter(Boolean).length : 0)
  console.log('measuring POST /api/reports …')
  const lines0 = outboxLines()
  const c1 = await quietStream(() => runLoad(post, { total: SIZES.postC1, concurrency: 1, maxMs: cap }))
  const postC1 = strip(c1.result)
  const drainC1 = c1.drainMs
  const lines1 = outboxLines()
  const c16 = await quietStream(() => runLoad(post, { total: SIZES.postC16, concurrency: 16, maxMs: cap }))
  const postC16 = strip(c16.result)
  const drainC16 = c16.drainMs
  const lines2 = outboxLines()

  console.log('measuring GET /api/staff/reports …')
  const sample = await api(apiUrl, 'GET', '/staff/reports', { token: staff })
  const responseBytes = Buffer.byteLength(JSON.stringify(sample))
  const listC1 = strip(await runLoad(list, { total: SIZES.staffList, concurrency: 1, maxMs: cap }))
  const reportsInVillage = (SIZES.warmup * 2 + dataC1.count + dataC16.count + postC1.count + postC16.count)
  ddb.destroy()
  // API_PHASES=reports: only the report phases (the latency budget), e.g. on a busy machine.
  const onlyReports = process.env.API_PHASES === 'reports'
  const applications = onlyReports ? undefined : await runApplicationLatency(apiUrl, resident, staff)
  const entrustments = onlyReports ? undefined : await runEntrustmentLatency(apiUrl, resident, staff)

  const result: ApiLatencyResult = {
    stackStartMs: startMs,
    dynamoPutItem: { c1: putC1, c16: putC16, itemBytes },
    reportDataPath: { c1: dataC1, c16: dataC16 },
    reportSubmit: { c1: postC1, c16: postC16 },
    health: { c1: healthC1 },
    streamDrainMs: { afterC1: drainC1, afterC16: drainC16, reportsC1: postC1.count, reportsC16: postC16.count, outboxLinesC1: lines1 - lines0, outboxLinesC16: lines2 - lines1 },
    staffList: { c1: listC1, itemsReturned: sample.items.length, responseBytes, reportsInVillage },
    applications,
    entrustments,
  }
  printApiLatency(result)
  return result
}

const row = (name: string, s: LatencySummary) => [
  name,
  s.concurrency,
  s.count + (s.errors ? ` (+${s.errors} err)` : '') + (s.timeCapped ? ' (time cap)' : ''),
  ms(s.p50Ms),
  ms(s.p99Ms),
  ms(s.meanMs),
  ms(s.maxMs),
  `${s.perSecond}/s`,
]

export function printApiLatency(r: ApiLatencyResult) {
  printTable(
    'API latency (HTTP on 127.0.0.1) next to DynamoDB Local',
    ['operation', 'c', 'n', 'p50', 'p99', 'mean', 'max', 'throughput'],
    [
      row('GET /api/health (HTTP + Hono only)', r.health.c1),
      row(`DynamoDB PutItem (~${r.dynamoPutItem.itemBytes} B item)`, r.dynamoPutItem.c1),
      row(`DynamoDB PutItem (~${r.dynamoPutItem.itemBytes} B item)`, r.dynamoPutItem.c16),
      row('report data path in-process (Get + TransactWrite×4)', r.reportDataPath.c1),
      row('report data path in-process (Get + TransactWrite×4)', r.reportDataPath.c16),
      row('POST /api/reports', r.reportSubmit.c1),
      row('POST /api/reports', r.reportSubmit.c16),
      row(`GET /api/staff/reports (${r.staffList.itemsReturned} items, ${(r.staffList.responseBytes / 1024).toFixed(0)} KB)`, r.staffList.c1),
    ],
  )
  const o = overheadRatios(r)
  console.log(`API over its own DynamoDB work (POST /api/reports ÷ data path in-process): c=1 p50 ${o.c1.p50}× p99 ${o.c1.p99}×; c=16 p50 ${o.c16.p50}× p99 ${o.c16.p99}× (budget ≤ 1.3×)`)
  if (r.applications) printApplicationLatency(r.applications)
  if (r.entrustments) printEntrustmentLatency(r.entrustments)
  const d = r.streamDrainMs
  console.log(
    `stream drain once let go after each phase (held back while it ran): ${d.afterC1} ms for the c=1 phase (${d.reportsC1} reports), ` +
      `${d.afterC16} ms for the c=16 phase (${d.reportsC16} reports); WeChat outbox lines written: ${d.outboxLinesC1} and ${d.outboxLinesC16}`,
  )
}
