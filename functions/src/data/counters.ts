import type { TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { Contribution, CounterRow } from '@shouhu/shared'
import { tableName } from './client'
import { dueAttrs } from './due'
import { batchGet, batchPut, getItem, type Item, putItem, query, queryPage, transactWrite } from './table'

/**
 * The overview's counters (issue #12).
 *
 * | item              | pk / sk                                   | indexes |
 * |-------------------|-------------------------------------------|---------|
 * | village counter   | `COUNTER#<village>` / `COUNTER`           | byTownship `TOWNSHIP#<t>` and byCounty `COUNTY#<c>`, sk `COUNTER#<village>`: a township's ~20 and a county's 300–600 counters are one (paged) Query; `row` holds the figures, which is all the index projects |
 * | counted record    | `COUNTED#<record pk>` / `COUNTED`         | — the contribution last applied for a record and the record version it came from |
 * | weekly snapshot   | `OVERVIEW#<county>` / `WEEK#<monday>`     | — the overdue count per village each week (the trend) |
 * | snapshot timer    | `OVERVIEW#<county>` / `SNAPSHOT`          | byDue `DUE#OVERVIEW_SNAPSHOT#nn`, weekly |
 *
 * Why per-village items and not a county item: every change of a child, report, entrustment or
 * application in a county would otherwise write one key (a hot key, and transaction conflicts
 * between the stream's parallel shards). A village changes a few times a day; its item is
 * written by read-modify-write under its `version`, and the county's figure is the sum of its
 * villages' rows, read with one Query of small items.
 */
export const OVERVIEW_SNAPSHOT = 'OVERVIEW_SNAPSHOT'

export const counterKey = (village: string) => ({ pk: `COUNTER#${village}`, sk: 'COUNTER' })
export const countedKey = (recordPk: string) => ({ pk: `COUNTED#${recordPk}`, sk: 'COUNTED' })
const snapshotTimerKey = (county: string) => ({ pk: `OVERVIEW#${county}`, sk: 'SNAPSHOT' })

export interface CounterItem {
  row: CounterRow
  version: number
}
export interface CountedItem {
  recordPk: string
  /** The record version the contribution was computed from. */
  seen: number
  /** Bumped on every apply: the condition that keeps two appliers from both applying. */
  seq: number
  contribution: Contribution | null
}

/**
 * Empty maps are left out of stored items: DynamoDB Local's stream renders an empty map as an
 * attribute with no value, which the SDK cannot unmarshall, and the poller would stall on it.
 */
function pruned<T>(v: T): T {
  if (Array.isArray(v) || v === null || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    const p = pruned(x)
    if (p !== null && typeof p === 'object' && !Array.isArray(p) && !Object.keys(p).length) continue
    if (p !== undefined) out[k] = p
  }
  return out as T
}
/** A stored row or contribution with its maps back (see `pruned`). */
function whole<T extends { n?: unknown; t?: unknown; labels?: unknown }>(r: T): T {
  return { ...r, n: r.n ?? {}, t: r.t ?? {}, labels: r.labels ?? {} }
}

export function counterItem(row: CounterRow, version: number): Item {
  const sk = `COUNTER#${row.villageCode}`
  return {
    ...counterKey(row.villageCode),
    row: pruned(row),
    version,
    townshipPk: `TOWNSHIP#${row.townshipCode}`,
    townshipSk: sk,
    countyPk: `COUNTY#${row.countyCode}`,
    countySk: sk,
  }
}

export function countedItem(c: CountedItem): Item {
  return pruned({ ...countedKey(c.recordPk), ...c })
}
const countedFrom = (it: Record<string, unknown>): CountedItem => {
  const c = it as unknown as CountedItem
  return { ...c, contribution: c.contribution ? whole(c.contribution) : null }
}

/** The counted state of one record and the counters of the villages it touches: one BatchGet. */
export async function readCountState(recordPk: string, villages: string[]): Promise<{ counted?: CountedItem; counters: Map<string, CounterItem> }> {
  const keys = [countedKey(recordPk), ...[...new Set(villages)].map(counterKey)]
  const found = await batchGet<Item>(keys)
  const counters = new Map<string, CounterItem>()
  let counted: CountedItem | undefined
  for (const it of found) {
    if (it.sk === 'COUNTED') counted = countedFrom(it)
    else counters.set(String(it.pk).slice('COUNTER#'.length), { row: whole(it.row as CounterRow), version: Number(it.version) })
  }
  return { counted, counters }
}

/**
 * Writes the record's new counted state and its villages' new counters in one transaction,
 * each under the condition that nothing changed since they were read. Returns false on a
 * conflict (another shard updated the village, or the same record was applied meanwhile):
 * the caller reads again and recomputes.
 */
export async function applyCount(
  counted: { next: CountedItem; previousSeq?: number },
  counters: { row: CounterRow; previousVersion?: number }[],
): Promise<boolean> {
  const cond = (previous: number | undefined, attr: string) =>
    previous === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#a = :p', ExpressionAttributeNames: { '#a': attr }, ExpressionAttributeValues: marshall({ ':p': previous }) }
  const put = (item: Item, c: object): TransactWriteItem => ({ Put: { TableName: tableName(), Item: marshall(item, { removeUndefinedValues: true }), ...c } })
  const items = [
    put(countedItem(counted.next), cond(counted.previousSeq, 'seq')),
    ...counters.map((c) => put(counterItem(c.row, (c.previousVersion ?? 0) + 1), cond(c.previousVersion, 'version'))),
  ]
  try {
    return (await transactWrite(items)) === -1
  } catch (e) {
    // Two transactions on the same item at once: DynamoDB cancels one with TransactionConflict.
    if ((e as Error).name === 'TransactionCanceledException') return false
    throw e
  }
}

/** One village's counter. */
export async function villageCounter(village: string): Promise<CounterItem | undefined> {
  const it = await getItem<Item>(counterKey(village).pk, counterKey(village).sk)
  return it && { row: whole(it.row as CounterRow), version: Number(it.version) }
}

/**
 * Every village counter of a township or a county. Bounded by the number of villages (a
 * county has at most a few hundred; ~1–2 KB each), read a page of up to 1 MB at a time.
 */
export async function areaCounters(level: 'township' | 'county', code: string): Promise<CounterRow[]> {
  const index = level === 'township' ? 'byTownship' : 'byCounty'
  const pk = `${level === 'township' ? 'TOWNSHIP' : 'COUNTY'}#${code}`
  const items = await query<{ row: CounterRow }>({ index, pk, skPrefix: 'COUNTER#' })
  return items.map((i) => whole(i.row))
}

/** A page of a county's village counters (the rebuild compares and the snapshot sums them). */
export async function countyCounterPage(county: string, page: { limit: number; cursor?: string }) {
  const out = await queryPage<{ row: CounterRow }>({ index: 'byCounty', pk: `COUNTY#${county}`, skPrefix: 'COUNTER#', ...page })
  return { rows: out.items.map((i) => whole(i.row)), cursor: out.cursor }
}

/** Rebuild: overwrites the counters and the counted state of the records it recomputed. */
export async function putRebuilt(counters: { row: CounterRow; version: number }[], counted: CountedItem[]): Promise<void> {
  await batchPut([...counters.map((c) => counterItem(c.row, c.version)), ...counted.map(countedItem)])
}

export async function countedState(recordPk: string): Promise<CountedItem | undefined> {
  const it = await getItem<Record<string, unknown>>(countedKey(recordPk).pk, countedKey(recordPk).sk, true)
  return it && countedFrom(it)
}

// ---- weekly snapshots (the overdue trend) -----------------------------------------------------------

export interface WeekSnapshot {
  week: string
  at: string
  /** Overdue visits per village at the moment of the snapshot. */
  byVillage: Record<string, number>
}

/** Puts the county's weekly snapshot timer on the due list, unless it is already there. */
export async function ensureSnapshotTimer(county: string, at: string): Promise<boolean> {
  return putItem({ ...snapshotTimerKey(county), countyCode: county, at, ...dueAttrs(OVERVIEW_SNAPSHOT, county, at) }, { ifAbsent: true })
}

export async function snapshotTimer(county: string): Promise<{ countyCode: string; at: string; dueSk: string } | undefined> {
  return getItem(snapshotTimerKey(county).pk, snapshotTimerKey(county).sk, true)
}

/**
 * Stores a week's snapshot and moves the timer to the next week, in one transaction, only if
 * the timer is still the one that fired: two overlapping runs store it once.
 */
export async function saveSnapshot(county: string, firedDueSk: string, snap: WeekSnapshot, nextAt: string): Promise<boolean> {
  const timer: TransactWriteItem = {
    Put: {
      TableName: tableName(),
      Item: marshall({ ...snapshotTimerKey(county), countyCode: county, at: nextAt, ...dueAttrs(OVERVIEW_SNAPSHOT, county, nextAt) }),
      ConditionExpression: 'dueSk = :fired',
      ExpressionAttributeValues: marshall({ ':fired': firedDueSk }),
    },
  }
  const put: TransactWriteItem = { Put: { TableName: tableName(), Item: marshall(pruned({ pk: `OVERVIEW#${county}`, sk: `WEEK#${snap.week}`, ...snap })) } }
  try {
    return (await transactWrite([timer, put])) === -1
  } catch (e) {
    if ((e as Error).name === 'TransactionCanceledException') return false
    throw e
  }
}

/** The county's latest weekly snapshots, newest first. */
export async function recentSnapshots(county: string, weeks: number): Promise<WeekSnapshot[]> {
  return (await query<WeekSnapshot>({ pk: `OVERVIEW#${county}`, skPrefix: 'WEEK#', newestFirst: true, limit: weeks })).map((s) => ({ ...s, byVillage: s.byVillage ?? {} }))
}

// ---- rebuild: the county's records, a bounded page at a time ------------------------------------

/** The record kinds the overview counts, by the sort-key prefix of their county index entries. */
export const COUNTED_PREFIXES = ['CHILD#', 'REPORT#', 'ENTRUST#', 'APP#', 'REFERRAL#'] as const

/**
 * One page of a county's records of one kind, read whole: the county index projects only list
 * rows, so it gives the keys and a BatchGet (100 keys) reads the records.
 */
export async function countyRecordsPage(county: string, prefix: string, page: { limit: number; cursor?: string }): Promise<{ items: Item[]; cursor?: string }> {
  const out = await queryPage<Item>({ index: 'byCounty', pk: `COUNTY#${county}`, skPrefix: prefix, ...page })
  const items = out.items.length ? await batchGet<Item>(out.items.map((i) => ({ pk: i.pk, sk: i.sk }))) : []
  return { items, cursor: out.cursor }
}

/** Writes counted-state items as the rebuild goes (25 per request). */
export async function putCounted(counted: CountedItem[]): Promise<void> {
  await batchPut(counted.map(countedItem))
}
