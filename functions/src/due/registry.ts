import { DUE_SHARDS, dueItemsPage, type DueItem } from '../data/due'
import { log } from '../log'

/**
 * Every kind of scheduled work registers here once: what it is called on the due index and
 * what to do with one due item. The runner below pages every (kind, shard) pair; in the cloud
 * the schedule function fans the pairs out to workers (lambda/schedule.ts → lambda/due-worker.ts),
 * locally the same code runs them in one process.
 *
 * A handler gets the index item (keys only: `pk`, `sk`, `duePk`, `dueSk`), reads the record
 * itself, must be idempotent and must move the item off the due list (or later on it) when it
 * acts — by a conditional write on the record — so two overlapping runs act once and a handled
 * item never comes back in the next page.
 */
export interface DueKind<T = DueItem> {
  /** Upper-case name used in the index key, e.g. `ESCALATION`, `VISIT`. */
  kind: string
  /**
   * Handles one due item. Truthy when it acted (counted as fired); a value other than `true`
   * (e.g. `{ reportId, level }`) is also handed back to callers that ask for outcomes.
   */
  fire: (item: T, now: Date) => Promise<unknown>
}

const kinds = new Map<string, DueKind<any>>()

export function registerDueKind<T>(k: DueKind<T>): void {
  kinds.set(k.kind, k as DueKind<any>)
}

export const registeredDueKinds = () => [...kinds.keys()]

export interface DueUnit {
  kind: string
  shard: number
  /** Where a previous run of this unit stopped (its time budget ran out). */
  cursor?: string
}

export interface ShardRun {
  kind: string
  shard: number
  fired: number
  seen: number
  /** Set when the shard still had due items when the run's budget ran out. */
  cursor?: string
  /** What the handlers returned, when asked for (`collect`). */
  outcomes?: unknown[]
}

export interface ShardOptions {
  /** Items per Query page: bounded, so one shard never loads a long list whole. */
  pageSize?: number
  /** Items of a page handled at once. */
  concurrency?: number
  /** Stop after this many items and hand back a cursor. */
  maxItems?: number
  /** Epoch ms: stop paging after this and hand back a cursor. */
  deadline?: number
  cursor?: string
  collect?: boolean
}

async function runShard(k: DueKind<any>, shard: number, now: Date, opts: ShardOptions): Promise<ShardRun> {
  const { pageSize = 100, concurrency = 10, maxItems = 5_000, deadline = Number.POSITIVE_INFINITY } = opts
  const run: ShardRun = { kind: k.kind, shard, fired: 0, seen: 0, ...(opts.collect ? { outcomes: [] } : {}) }
  let cursor = opts.cursor
  do {
    const page = await dueItemsPage<DueItem>(k.kind, shard, now.toISOString(), pageSize, cursor)
    for (let i = 0; i < page.items.length; i += concurrency) {
      const results = await Promise.allSettled(page.items.slice(i, i + concurrency).map((item) => k.fire(item, now)))
      for (const r of results) {
        run.seen++
        if (r.status === 'fulfilled' && r.value) {
          run.fired++
          if (run.outcomes && r.value !== true) run.outcomes.push(r.value)
        }
        // One bad item must not stop the shard; it stays due and is tried again next minute.
        if (r.status === 'rejected') log.error('due item failed', { kind: k.kind, shard, error: r.reason instanceof Error ? r.reason.message : String(r.reason) })
      }
    }
    cursor = page.cursor
  } while (cursor && run.seen < maxItems && Date.now() < deadline)
  if (cursor) run.cursor = cursor
  return run
}

/**
 * Works through one shard of one kind: bounded pages, items of a page handled `concurrency` at
 * a time, stopping at `maxItems` or `deadline` with a cursor so the caller can continue.
 */
export async function runDueShard(kind: string, shard: number, now: Date, opts: ShardOptions = {}): Promise<ShardRun> {
  const k = kinds.get(kind)
  if (!k) throw new Error(`no due kind ${kind}`)
  return runShard(k, shard, now, opts)
}

/** Every (kind, shard) pair: the units the scheduler fans out. */
export function dueWorkUnits(only?: string[]): DueUnit[] {
  const units: DueUnit[] = []
  for (const kind of only ?? registeredDueKinds()) for (let shard = 0; shard < DUE_SHARDS; shard++) units.push({ kind, shard })
  return units
}

/**
 * Splits the units into `batches` groups by shard (batch i holds shard i, i + batches, … of
 * every kind), so however the due items are spread over kinds, each batch gets an even share
 * of the shards of the busiest kind.
 */
export function batchUnits(units: DueUnit[], batches: number): DueUnit[][] {
  const out: DueUnit[][] = Array.from({ length: batches }, () => [])
  for (const u of units) out[u.shard % batches]!.push(u)
  return out.filter((b) => b.length)
}

export interface DueRun {
  fired: Record<string, number>
  seen: number
  /** Units whose budget ran out, with the cursor to continue from. */
  unfinished: DueUnit[]
  outcomes: Record<string, unknown[]>
}

/**
 * Runs the given units `parallel` at a time: what a cloud worker does with its batch and
 * what the local runtime does with all of them. `kindsOverride` lets a caller run a kind with
 * its own settings (e.g. a test's escalation minutes) without registering it.
 */
export async function runDueUnits(
  units: DueUnit[],
  now: Date,
  opts: { parallel?: number; deadline?: number; maxItemsPerShard?: number; pageSize?: number; collect?: boolean; kindsOverride?: DueKind<any>[] } = {},
): Promise<DueRun> {
  const override = new Map((opts.kindsOverride ?? []).map((k) => [k.kind, k]))
  const result: DueRun = { fired: {}, seen: 0, unfinished: [], outcomes: {} }
  // Most shards are empty most minutes: one short Query each, so many in flight cost little.
  const { parallel = 16 } = opts
  let next = 0
  const worker = async () => {
    while (next < units.length) {
      const u = units[next++]!
      const k = override.get(u.kind) ?? kinds.get(u.kind)
      if (!k) throw new Error(`no due kind ${u.kind}`)
      const run = await runShard(k, u.shard, now, { deadline: opts.deadline, maxItems: opts.maxItemsPerShard, pageSize: opts.pageSize, cursor: u.cursor, collect: opts.collect })
      result.fired[u.kind] = (result.fired[u.kind] ?? 0) + run.fired
      result.seen += run.seen
      if (run.cursor) result.unfinished.push({ kind: u.kind, shard: u.shard, cursor: run.cursor })
      if (run.outcomes?.length) (result.outcomes[u.kind] ??= []).push(...run.outcomes)
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, units.length) }, worker))
  return result
}

/**
 * Runs all due work in this process, `parallel` units at a time (the local runtime and tests;
 * the cloud schedule hands the same units to workers). Returns fired counts per kind.
 */
export async function runAllDue(now = new Date(), opts: { parallel?: number; only?: string[]; deadline?: number } = {}) {
  return (await runDueUnits(dueWorkUnits(opts.only), now, opts)).fired
}

/** Runs every shard of one kind defined by the caller and returns what its handler reported. */
export async function runDueKind(k: DueKind<any>, now: Date, opts: { parallel?: number } = {}): Promise<DueRun> {
  return runDueUnits(dueWorkUnits([k.kind]), now, { ...opts, collect: true, kindsOverride: [k] })
}
