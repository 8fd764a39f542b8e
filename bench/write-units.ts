/**
 * Write units of a report submission and of an application step (村级核查), with the list
 * indexes projecting a small `row` (now) against projecting whole items (before).
 *
 * Two figures per operation:
 * - what DynamoDB Local reports with ReturnConsumedCapacity: 'INDEXES' (asked for on every write
 *   by a middleware on the SDK client — printed as it comes back, whatever it says);
 * - computed from the items themselves, by DynamoDB's published rules: an item's size is the
 *   sum of its attribute names and values (strings in UTF-8 bytes, numbers ≈ 1 byte per 2
 *   digits + 1, maps and lists 3 bytes + 1 per element); a write costs ceil(size / 1 KB) units,
 *   doubled inside a transaction; each index whose keys or projected attributes change costs
 *   one write of its index item (keys + projection + 100 bytes), a key change a delete as well;
 *   an index whose keys and projection are unchanged costs nothing. "Before" is the same writes
 *   with every index projecting the whole item (as infra/lib/data.ts did), the `row` map removed.
 *
 * The old image of each written item is read (outside the count) just before the write, the new
 * one just after, so updates are priced on what really changed. Notification and counter writes
 * the stream makes afterwards are not part of the request and are left out (no stream poller runs).
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableOnly } from './ddb-only'

type Item = Record<string, any>
const INDEX_KEYS: Record<string, [string, string]> = {
  byVillage: ['villagePk', 'villageSk'],
  byTownship: ['townshipPk', 'townshipSk'],
  byCounty: ['countyPk', 'countySk'],
  byOwner: ['ownerPk', 'ownerSk'],
  byDue: ['duePk', 'dueSk'],
}

function valueSize(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1
  if (typeof v === 'string') return Buffer.byteLength(v)
  if (typeof v === 'number') return Math.ceil(String(Math.abs(v)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1
  if (Array.isArray(v)) return 3 + v.reduce((s: number, e) => s + valueSize(e) + 1, 0)
  if (typeof v === 'object') return 3 + Object.entries(v as Item).reduce((s, [k, e]) => s + Buffer.byteLength(k) + valueSize(e) + 1, 0)
  return 0
}
const itemSize = (item: Item) => Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0)
const units = (bytes: number) => (bytes ? Math.ceil(bytes / 1024) : 0)

function projected(item: Item | undefined, index: string, mode: 'row' | 'all'): { key: string; size: number; body: string } | undefined {
  const [pkName, skName] = INDEX_KEYS[index]!
  if (!item?.[pkName]) return undefined
  const { row, ...whole } = item
  const keys = { pk: item.pk, sk: item.sk, [pkName]: item[pkName], [skName]: item[skName] }
  const body = mode === 'all' ? whole : index === 'byDue' ? keys : { ...keys, ...(row ? { row } : {}) }
  // byDue was ALL before as well; now keys only.
  return { key: `${item[pkName]}|${item[skName]}`, size: itemSize(body) + 100, body: JSON.stringify(body) }
}

function writeCost(before: Item | undefined, after: Item | undefined, transactional: boolean, mode: 'row' | 'all') {
  const table = units(Math.max(before ? itemSize(mode === 'all' ? { ...before, row: undefined } : before) : 0, after ? itemSize(mode === 'all' ? { ...after, row: undefined } : after) : 0))
  let indexes = 0
  const perIndex: Record<string, number> = {}
  for (const name of Object.keys(INDEX_KEYS)) {
    const o = projected(before, name, mode)
    const n = projected(after, name, mode)
    let cost = 0
    if (o && n && o.key === n.key) cost = o.body === n.body ? 0 : units(n.size)
    else cost = (o ? units(o.size) : 0) + (n ? units(n.size) : 0)
    if (cost) perIndex[name] = cost
    indexes += cost
  }
  const k = transactional ? 2 : 1
  for (const name of Object.keys(perIndex)) perIndex[name]! *= k
  return { table: table * k, indexes: indexes * k, perIndex }
}

const db = await tableOnly()
const { startLocalS3 } = await import('../functions/src/local/s3-local')
const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'shouhu-wu-s3-')) })
Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: s3.bucket, DEV_LOGIN: '1', SESSION_SECRET: 'bench-wu' })
// The same table as before this change: every index projecting whole items.
{
  const { tableInputsFromTemplate, DEFAULT_TEMPLATE_PATH } = await import('../functions/src/local/create-tables')
  const { readFileSync } = await import('node:fs')
  const { CreateTableCommand, waitUntilTableExists } = await import('@aws-sdk/client-dynamodb')
  const { dynamo: client } = await import('../functions/src/data/client')
  const [input] = tableInputsFromTemplate(JSON.parse(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8')), 'Before')
  for (const i of input!.create.GlobalSecondaryIndexes ?? []) i.Projection = { ProjectionType: 'ALL' }
  await client().send(new CreateTableCommand(input!.create))
  await waitUntilTableExists({ client: client(), maxWaitTime: 60 }, { TableName: input!.create.TableName! })
}
const { seedDemo } = await import('../functions/src/local/demo-seed')
for (const table of ['Main', 'BeforeMain']) {
  process.env.TABLE_NAME = table
  await seedDemo()
}
const { app } = await import('../functions/src/app')
/** The request handlers in-process (no stream poller: the writes measured are the request's own). */
async function api(_base: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number[] } = {}) {
  const res = await app.request(`/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  if (!(opts.expect ?? [200]).includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text)
}
const apiUrl = ''
const { dynamo, tableName } = await import('../functions/src/data/client')
const { GetItemCommand } = await import('@aws-sdk/client-dynamodb')
const { marshall, unmarshall } = await import('@aws-sdk/util-dynamodb')

interface Captured { key: Item; before?: Item; after?: Item; transactional: boolean }
let capturing: Captured[] | undefined
const reported: unknown[] = []
const read = async (key: Item) => {
  const out = await dynamo().send(new GetItemCommand({ TableName: tableName(), Key: marshall(key), ConsistentRead: true }))
  return out.Item ? unmarshall(out.Item) : undefined
}
let internal = false
dynamo().middlewareStack.add(
  (next, context) => async (args: any) => {
    const name = context.commandName ?? ''
    if (internal || !capturing || !['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand'].includes(name)) return next(args)
    const input = args.input
    const writes: { key: Item; transactional: boolean }[] =
      name === 'TransactWriteItemsCommand'
        ? input.TransactItems.flatMap((t: any) => {
            const w = t.Put ?? t.Update ?? t.Delete
            if (!w) return []
            const k = t.Put ? unmarshall(t.Put.Item) : unmarshall(w.Key)
            return [{ key: { pk: k.pk, sk: k.sk }, transactional: true }]
          })
        : [{ key: (() => { const k = input.Item ? unmarshall(input.Item) : unmarshall(input.Key); return { pk: k.pk, sk: k.sk } })(), transactional: false }]
    internal = true
    const befores = await Promise.all(writes.map((w) => read(w.key)))
    internal = false
    input.ReturnConsumedCapacity = 'INDEXES'
    const out: any = await next(args)
    reported.push(out.output?.ConsumedCapacity ?? '(none returned)')
    internal = true
    const afters = await Promise.all(writes.map((w) => read(w.key)))
    internal = false
    writes.forEach((w, i) => capturing!.push({ ...w, before: befores[i], after: afters[i] }))
    return out
  },
  { step: 'initialize', name: 'benchWriteUnits' },
)

async function measure(label: string, own: (pk: string) => boolean, run: () => Promise<unknown>) {
  capturing = []
  reported.length = 0
  await run()
  const writes = capturing.filter((w) => own(w.key.pk))
  capturing = undefined
  const sum = (mode: 'row' | 'all') => {
    const total = { table: 0, indexes: 0, perIndex: {} as Record<string, number> }
    for (const w of writes) {
      const c = writeCost(w.before, w.after, w.transactional, mode)
      total.table += c.table
      total.indexes += c.indexes
      for (const [k, v] of Object.entries(c.perIndex)) total.perIndex[k] = (total.perIndex[k] ?? 0) + v
    }
    return total
  }
  const before = sum('all')
  const after = sum('row')
  const biggest = Math.max(...writes.map((w) => (w.after ? itemSize(w.after) : 0)))
  console.log(`\n${label}: ${writes.length} items written (largest ${biggest} B)`)
  console.log('| projection | table WCU | index WCU | per index | total |')
  console.log('|---|---|---|---|---|')
  for (const [name, t] of [['whole item (before)', before], ['row (now)', after]] as const) {
    console.log(`| ${name} | ${t.table} | ${t.indexes} | ${Object.entries(t.perIndex).map(([k, v]) => `${k} ${v}`).join(', ') || '—'} | ${t.table + t.indexes} |`)
  }
  console.log(`DynamoDB Local's ConsumedCapacity: ${JSON.stringify(reported).slice(0, 400)}`)
}

async function scenario(tableLabel: string) {
  console.log(`\n### table: ${tableLabel}`)
  console.log(`load ${loadavg()[0]!.toFixed(1)} at start`)
  await (await import('../functions/src/data/users')).addDevAccount('wu', '居民')
  const resident = (await api(apiUrl, 'POST', '/auth/dev-login', { body: { account: 'wu' } })).token
  const staff = (await api(apiUrl, 'POST', '/auth/staff-login', { body: { username: 'dinghu', password: 'shouhu123' } })).token
  const reportBody = {
    villageCode: '341324102200',
    situations: ['care_lacking'],
    description: '孩子常常一个人在村口，衣服单薄，邻居说父母都在外地打工，爷爷身体不好。'.repeat(3),
    reporter: { anonymous: false, name: '王大姐', phone: '13912345678', relation: 'neighbour' },
  }
  await measure('report submission (POST /api/reports, named reporter)', (pk) => /^(REPORT|TRACK|IDEM)#/.test(pk), () =>
    api(apiUrl, 'POST', '/reports', { token: resident, body: reportBody, headers: { 'idempotency-key': randomUUID() }, expect: [201] }),
  )

  const { CONSENT_VERSION, idCheckChar } = await import('@shouhu/shared')
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
  const ticket = await api(apiUrl, 'POST', '/applications/uploads', { token: resident, body: { kind: 'assistance_certificate' }, expect: [201] })
  await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: photo })
  const first17 = '34132420150601077'
  const app = await api(apiUrl, 'POST', '/applications', {
    token: resident,
    headers: { 'idempotency-key': randomUUID() },
    expect: [201],
    body: {
      villageCode: '341324102200',
      categoryId: 'fact_unsupported',
      child: { name: '测试', idNumber: first17 + idCheckChar(first17) },
      situation: { father: 'present', mother: 'severely_disabled_or_ill', familyAssistance: 'dibao', currentBenefits: ['dibao'] },
      familyNote: '母亲长期卧病，家里靠低保和父亲打零工生活',
      guardian: { name: '王大姐', phone: '13912345678', relation: 'mother' },
      bankAccount: { bankName: '泗县农商银行', accountName: '王大姐', accountNumber: '6222021234567890123' },
      documents: [{ kind: 'assistance_certificate', key: ticket.key }],
      consent: { accepted: true, version: CONSENT_VERSION },
    },
  })
  await measure('application step (POST /api/staff/applications/:id/village-check)', (pk) => pk.startsWith('APP#'), () =>
    api(apiUrl, 'POST', `/staff/applications/${app.id}/village-check`, { token: staff, body: { homeVisitNote: '已入户，家庭情况属实，母亲卧病在床', visitedOn: '2026-03-02' } }),
  )
  console.log(`\nload ${loadavg()[0]!.toFixed(1)} at end`)
}

try {
  process.env.TABLE_NAME = 'Main'
  await scenario('indexes project row (now; measured)')
  process.env.TABLE_NAME = 'BeforeMain'
  await scenario('indexes project whole items (before; measured)')
} finally {
  await s3.stop()
  await db.stop()
  process.exit(0)
}
