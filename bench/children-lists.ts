/**
 * The child file at county scale (issue #7): the director's today page, one child's file, and
 * the township's and county's lists and overdue lists, with 2,000 and then 20,000 children in
 * the demo county — p50 / p99 and DynamoDB calls per request (counted by a middleware on the
 * SDK client every data module shares) — and the due runner's throughput with 10,000 due visits.
 *
 *   npx tsx bench/children-lists.ts            (CHILDREN=20000 DUE=10000 by default)
 *
 * Everything runs on this one machine (DynamoDB Local's JVM, the API, the load loop).
 */
import { benchChildItem, countyVillages } from './county-files'
import { AsyncLocalStorage } from 'node:async_hooks'
import { api, benchStack, staffToken, stopBenchStack } from './stack'
import { type LatencySummary, printTable, round, summarize } from './stats'

const TOTAL = Number(process.env.CHILDREN ?? 20_000)
const DUE = Number(process.env.DUE ?? 10_000)
const REQUESTS = Number(process.env.REQUESTS ?? 60)
const DUE_DEADLINE_MS = Number(process.env.DUE_DEADLINE_MS ?? 240_000)

// Calls are counted per request through the async context, so the stream poller and the
// schedule timer running in the same process never inflate a request's count.
const counting = new AsyncLocalStorage<{ n: number }>()

async function timed(n: number, f: () => Promise<unknown>): Promise<LatencySummary> {
  const samples: number[] = []
  const w0 = performance.now()
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await f()
    samples.push(performance.now() - t)
  }
  return summarize(samples, { errors: 0, concurrency: 1, wallMs: performance.now() - w0, timeCapped: false })
}

/** DynamoDB calls one request makes: the same app, called in-process inside a counting context. */
async function callsOf(token: string, path: string): Promise<number> {
  const { app } = await import('../functions/src/app')
  const store = { n: 0 }
  const res = await counting.run(store, () => app.request(`/api${path}`, { headers: { authorization: `Bearer ${token}` } }))
  if (res.status !== 200) throw new Error(`${path} → ${res.status}`)
  return store.n
}

async function main() {
  const { stack } = await benchStack()
  const { dynamo } = await import('../functions/src/data/client')
  dynamo().middlewareStack.add((next) => async (args) => {
    const store = counting.getStore()
    if (store) store.n++
    return next(args)
  }, { step: 'initialize', name: 'countCalls' })
  const { batchPut } = await import('../functions/src/data/table')

  const { townships, villages } = await countyVillages()
  console.log(`泗县: ${townships.length} townships, ${villages.length} villages`)
  let made = 0
  /** Builds `n` files spread over the county's villages, about one in ten overdue past two graces. */
  async function load(n: number, opts: { overdueEveryth?: number; villagesOnly?: string[] } = {}) {
    const items: import('../functions/src/data/table').Item[] = []
    const now = new Date()
    const pool = opts.villagesOnly ?? villages
    for (let i = 0; i < n; i++, made++) {
      const overdue = opts.overdueEveryth ? made % opts.overdueEveryth === 0 : false
      items.push(await benchChildItem(made, pool[made % pool.length]!, { now, overdue }))
    }
    const t = performance.now()
    // Eight writers at once: DynamoDB Local takes batches faster in parallel than one after another.
    const slices = Array.from({ length: 8 }, (_, k) => items.filter((_, i) => i % 8 === k))
    await Promise.all(slices.map((slice) => batchPut(slice)))
    // The overdue counts per village and director come from the overview's counters (issue #12),
    // which the stream keeps: measure once the stream has counted what was loaded.
    await stack.streamIdle()
    return round((performance.now() - t) / 1000, 1)
  }

  const director = await staffToken(stack.apiUrl, 'dinghu')
  const town = await staffToken(stack.apiUrl, 'dinghu-town')
  const county = await staffToken(stack.apiUrl, 'sixian')
  const aChild = async () => (await api(stack.apiUrl, 'GET', '/staff/children?limit=1', { token: director })).items[0].id as string

  const measure = async (label: string) => {
    const id = await aChild()
    const rows: (string | number)[][] = []
    const run = async (name: string, token: string, path: string) => {
      let items = 0
      const cold = await callsOf(token, path)
      const r = await timed(REQUESTS, async () => {
        const body = await api(stack.apiUrl, 'GET', path, { token })
        items = Array.isArray(body.items) ? body.items.length : Array.isArray(body.dueToday) ? body.overdue.length + body.dueToday.length + body.thisWeek.length : 1
      })
      // Division names are cached per process: the first request pays one read per village shown.
      const calls = `${await callsOf(token, path)} (cold ${cold})`
      rows.push([label, name, round(r.p50Ms), round(r.p99Ms), calls, items])
    }
    await run('today (丁湖村 director)', director, '/staff/children/today')
    await run('child file (audited)', director, `/staff/children/${id}`)
    await run('township list, page of 50', town, '/staff/children?limit=50')
    await run('township overdue + counts', town, '/staff/children/overdue?limit=50')
    await run('county list, page of 50', county, '/staff/children?limit=50')
    await run('county list, yellow only', county, '/staff/children?limit=50&colour=yellow')
    await run('county overdue + counts', county, '/staff/children/overdue?limit=50')
    return rows
  }

  const first = Math.min(2_000, TOTAL)
  console.log(`loading ${first} children … ${await load(first, { overdueEveryth: 10 })} s`)
  const header = ['children', 'request', 'p50', 'p99', 'DynamoDB calls', 'rows']
  printTable('child file lists (ms)', header, await measure(String(first)))
  if (TOTAL > first) {
    console.log(`loading ${TOTAL - first} more … ${await load(TOTAL - first, { overdueEveryth: 10 })} s`)
    printTable('child file lists (ms)', header, await measure(String(TOTAL)))
  }

  // The due runner: DUE files whose visit is overdue, every one due now.
  console.log(`loading ${DUE} overdue files for the due runner …`)
  await load(DUE, { overdueEveryth: 1 })
  await import('../functions/src/due/kinds')
  const { runAllDue } = await import('../functions/src/due/registry')
  const store = { n: 0 }
  const t0 = performance.now()
  const fired = await counting.run(store, () => runAllDue(new Date(), { only: ['CHILD_OVERDUE'], deadline: Date.now() + DUE_DEADLINE_MS }))
  const secs = (performance.now() - t0) / 1000
  const n = fired.CHILD_OVERDUE ?? 0
  printTable('due runner (CHILD_OVERDUE)', ['due items acted on', 'seconds', 'items/s', 'DynamoDB calls/item', 'finished before the deadline'], [[n, round(secs, 1), round(n / secs, 1), round(store.n / Math.max(1, n), 1), String(secs * 1000 < DUE_DEADLINE_MS)]])
  await stopBenchStack()
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
