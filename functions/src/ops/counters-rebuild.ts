import { parseArgs } from 'node:util'
import type { Contribution, CounterRow } from '@shouhu/shared'
import { COUNTED_PREFIXES, type CountedItem, countyCounterPage, countyRecordsPage, ensureSnapshotTimer, putCounted, putRebuilt } from '../data/counters'
import { countedKindOf, nextSnapshotAt, sumIntoRows } from '../workflows/counters'
import { isMain, runCommand, UsageError } from './target'

/**
 * Recomputes a county's overview counters from its records (issue #12), for when the counters
 * are ever in doubt (a stream outage past its 24-hour retention, a bug fixed in what counts).
 * Bounded and paged: the county's children, reports, entrustments and applications are read
 * 100 at a time (keys from the county index, records by BatchGet); only the per-village sums
 * (a few hundred small rows) are held in memory. Each record's counted state is rewritten with
 * the version read, so the stream handler carries on from there without counting anything twice.
 *
 * Run it when the county is quiet (or run it twice): a record changed while the rebuild reads
 * the county may be summed at its older version until it changes again.
 *
 *   npm run counters:rebuild -w functions -- --county 341324 [--stage prod | --table T --endpoint URL]
 */
export async function rebuildCounters(county6: string, say: (line: string) => void = () => {}, now = new Date()) {
  if (!/^\d{6}$/.test(county6)) throw new UsageError(`--county 应为 6 位县级区划代码（如 341324），收到 ${county6}`)
  const county = `${county6}000000`
  const started = Date.now()
  // A fresh seq/version: a stream update that read the old state before this rewrite is refused
  // by its condition and recomputed against the rebuilt counters.
  const stamp = started
  const contributions: Contribution[] = []
  let records = 0
  for (const prefix of COUNTED_PREFIXES) {
    let cursor: string | undefined
    do {
      const page = await countyRecordsPage(county, prefix, { limit: 100, cursor })
      const counted: CountedItem[] = []
      for (const item of page.items) {
        const kind = countedKindOf(item)
        if (!kind) continue
        const c = kind.contribute(item)
        if (c) contributions.push({ villageCode: c.villageCode, n: c.n, t: c.t, labels: c.labels })
        counted.push({ recordPk: item.pk, seen: Number(item.version ?? 0), seq: stamp, contribution: c })
      }
      await putCounted(counted)
      records += counted.length
      cursor = page.cursor
      if (records % 5000 < counted.length) say(`… ${records} 条记录`)
    } while (cursor)
    // Keep the memory bounded: fold each kind's contributions into village rows as we go.
    const folded = sumIntoRows(contributions.splice(0), now.toISOString())
    contributions.push(...[...folded.values()].map((r) => ({ villageCode: r.villageCode, n: r.n, t: r.t, labels: r.labels })))
  }
  const rows = sumIntoRows(contributions, now.toISOString())
  // Villages counted before that have no records now are written back empty, not left stale.
  let cursor: string | undefined
  do {
    const page = await countyCounterPage(county, { limit: 200, cursor })
    for (const old of page.rows) {
      if (!rows.has(old.villageCode)) rows.set(old.villageCode, { ...old, n: {}, t: {}, updatedAt: now.toISOString() } satisfies CounterRow)
    }
    cursor = page.cursor
  } while (cursor)
  await putRebuilt([...rows.values()].map((row) => ({ row, version: stamp })), [])
  await ensureSnapshotTimer(county, nextSnapshotAt(now))
  const seconds = (Date.now() - started) / 1000
  say(`✓ ${county6}：重算 ${records} 条记录，${rows.size} 个村（社区）的计数（${seconds.toFixed(1)} 秒）`)
  return { records, villages: rows.size, seconds }
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values } = parseArgs({
      options: { county: { type: 'string' }, stage: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' } },
    })
    if (!values.county) throw new UsageError('用法：npm run counters:rebuild -w functions -- --county 341324 [--stage prod]')
    // Without --stage or --table: the table of the environment (the local stack's by default).
    const table = values.table ?? (values.stage ? `shouhu-${values.stage}` : process.env.TABLE_NAME)
    if (table) process.env.TABLE_NAME = table
    if (values.endpoint) process.env.DYNAMODB_ENDPOINT = values.endpoint
    if (values.region) process.env.AWS_REGION = values.region
    console.log(`表 ${process.env.TABLE_NAME ?? 'Main'}`)
    await rebuildCounters(values.county, console.log)
  })
}
