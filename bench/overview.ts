/**
 * The overview at county scale (issue #12): 20,000 children and 50,000 reports in 泗县, the
 * counters rebuilt from them (`counters:rebuild`, timed), then p50 / p95 / p99 and DynamoDB calls
 * per request of the overview (county, county narrowed to a township, township, village) and of
 * the overdue-by-area list (township and county), which now reads the counters.
 *
 *   npx tsx bench/overview.ts            (CHILDREN=20000 REPORTS=50000 REQUESTS=60 by default)
 *
 * DynamoDB Local alone (no stream poller competing for the two cores: the records are bulk-loaded
 * and the counters rebuilt from them, which equals what the stream keeps — tests/api/overview.test.ts),
 * the Hono app called in-process.
 */
import { benchChildItem, countyVillages } from './county-files'
import { AsyncLocalStorage } from 'node:async_hooks'
import { tableOnly } from './ddb-only'
import { printTable, round, summarize } from './stats'

const CHILDREN = Number(process.env.CHILDREN ?? 20_000)
const REPORTS = Number(process.env.REPORTS ?? 50_000)
const REQUESTS = Number(process.env.REQUESTS ?? 60)

const counting = new AsyncLocalStorage<{ n: number }>()

async function main() {
  process.env.SESSION_SECRET ??= 'bench-secret'
  const table = await tableOnly()
  try {
    await measure()
  } finally {
    await table.stop()
  }
}

async function measure() {
  const { dynamo } = await import('../functions/src/data/client')
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      const store = counting.getStore()
      if (store) store.n++
      return next(args)
    },
    { step: 'initialize', name: 'countCalls' },
  )
  const { seedDemo } = await import('../functions/src/local/demo-seed')
  await seedDemo()
  const shared = await import('@shouhu/shared')
  const { batchPut } = await import('../functions/src/data/table')
  const { rebuildCounters } = await import('../functions/src/ops/counters-rebuild')
  const { app } = await import('../functions/src/app')

  const { townships, villages } = await countyVillages()
  console.log(`泗县: ${townships.length} townships, ${villages.length} villages`)

  const now = new Date()
  const items: import('../functions/src/data/table').Item[] = []
  for (let i = 0; i < CHILDREN; i++) items.push(await benchChildItem(i, villages[i % villages.length]!, { now, overdue: i % 10 === 0 }))
  // Reports over the last year, most closed, some acknowledged, a few still waiting.
  for (let i = 0; i < REPORTS; i++) {
    const village = villages[(i * 7) % villages.length]!
    const created = new Date(now.getTime() - (i % 365) * 86_400_000 - (i % 1440) * 60_000)
    const status = i % 50 === 0 ? 'received' : i % 5 === 0 ? 'acknowledged' : 'closed'
    const acked = status === 'received' ? undefined : new Date(created.getTime() + ((i % 240) + 1) * 60_000).toISOString()
    const id = `R${String(i).padStart(9, '0')}`
    const createdAt = created.toISOString()
    const r = {
      id,
      trackingCode: `BENCH-${i}`,
      villageCode: village,
      townshipCode: shared.ancestorAt(village, 'township'),
      countyCode: '341324000000',
      situations: ['care_lacking'],
      description: 'bench',
      childDescription: 'bench',
      triagedColour: 'blue',
      colour: 'blue',
      status,
      anonymous: true,
      createdAt,
      updatedAt: acked ?? createdAt,
      ...(acked ? { acknowledgedAt: acked } : {}),
      ...(status === 'closed' ? { closedAt: acked, outcome: 'family_contacted' } : {}),
      version: status === 'received' ? 1 : status === 'acknowledged' ? 2 : 3,
    }
    const sk = `REPORT#${status === 'closed' ? 1 : 0}#${createdAt}#${id}`
    items.push({ pk: `REPORT#${id}`, sk: 'REPORT', ...r, row: { id, villageCode: village, status, createdAt }, villagePk: `VILLAGE#${village}`, villageSk: sk, townshipPk: `TOWNSHIP#${r.townshipCode}`, townshipSk: sk, countyPk: 'COUNTY#341324000000', countySk: sk })
  }
  let t = performance.now()
  const slices = Array.from({ length: 8 }, (_, k) => items.filter((_, i) => i % 8 === k))
  await Promise.all(slices.map((s) => batchPut(s)))
  console.log(`loaded ${CHILDREN} children and ${REPORTS} reports in ${round((performance.now() - t) / 1000, 1)} s`)

  t = performance.now()
  const store = { n: 0 }
  const rebuilt = await counting.run(store, () => rebuildCounters('341324'))
  printTable('counters:rebuild 341324', ['records', 'villages', 'seconds', 'DynamoDB calls'], [[rebuilt.records, rebuilt.villages, round((performance.now() - t) / 1000, 1), store.n]])

  const token = async (username: string) => {
    const res = await app.request('/api/auth/staff-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'shouhu123' }) })
    return ((await res.json()) as { token: string }).token
  }
  const [county, town, director] = await Promise.all(['sixian', 'dinghu-town', 'dinghu'].map(token))
  const rows: (string | number)[][] = []
  const run = async (name: string, tok: string, path: string) => {
    const call = async () => {
      const res = await app.request(`/api${path}`, { headers: { authorization: `Bearer ${tok}` } })
      if (res.status !== 200) throw new Error(`${path} → ${res.status}`)
      return res.text()
    }
    const cold = { n: 0 }
    const body = await counting.run(cold, call)
    const samples: number[] = []
    const w0 = performance.now()
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now()
      await call()
      samples.push(performance.now() - s)
    }
    const warm = { n: 0 }
    await counting.run(warm, call)
    const r = summarize(samples, { errors: 0, concurrency: 1, wallMs: performance.now() - w0, timeCapped: false })
    rows.push([name, round(r.p50Ms), round(r.p95Ms), round(r.p99Ms), `${warm.n} (cold ${cold.n})`, `${round(body.length / 1024)} KB`])
  }
  await run('overview, county', county, '/staff/overview')
  await run('overview, county → 丁湖镇', county, '/staff/overview?township=341324102000')
  await run('overview, township', town, '/staff/overview')
  await run('overview, village', director, '/staff/overview')
  await run('overdue by area, county', county, '/staff/children/overdue?limit=50')
  await run('overdue by area, township', town, '/staff/children/overdue?limit=50')
  printTable(`overview with ${CHILDREN} children and ${REPORTS} reports (ms, in-process)`, ['request', 'p50', 'p95', 'p99', 'DynamoDB calls', 'response'], rows)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
