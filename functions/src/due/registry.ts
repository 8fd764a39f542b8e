import { DUE_SHARDS, dueItemsPage } from '../data/due'
import { log } from '../log'

/**
 * Every kind of scheduled work registers here once: what it is called on the due index and
 * what to do with one due item. The runner below pages every (kind, shard) pair; in the cloud
 * the schedule function fans the pairs out to workers, locally the same code runs them in
 * one process.
 *
 * A handler must be idempotent and must move the item off the due list (or later on it) when
 * it acts — by a conditional write on the record — so two overlapping runs act once and a
 * handled item never comes back in the next page.
 */
export interface DueKind<T = Record<string, unknown>> {
  /** Upper-case name used in the index key, e.g. `ESCALATION`, `VISIT`. */
  kind: string
  /** Handles one due item; returns true when it acted (for counts). */
  fire: (item: T, now: Date) => Promise<boolean>
}

const kinds = new Map<string, DueKind<any>>()

export function registerDueKind<T>(k: DueKind<T>): void {
  kinds.set(k.kind, k as DueKind<any>)
}

export const registeredDueKinds = () => [...kinds.keys()]

export interface ShardRun {
  kind: string
  shard: number
  fired: number
  seen: number
  /** Set when the shard still had due items when the run's budget ran out. */
  cursor?: string
}

/**
 * Works through one shard of one kind: bounded pages, items of a page handled `concurrency` at
 * a time, stopping at `maxItems` or `deadline` with a cursor so the caller can continue.
 */
export async function runDueShard(
  kind: string,
  shard: number,
  now: Date,
  opts: { pageSize?: number; concurrency?: number; maxItems?: number; deadline?: number; cursor?: string } = {},
): Promise<ShardRun> {
  const k = kinds.get(kind)
  if (!k) throw new Error(`no due kind ${kind}`)
  const { pageSize = 100, concurrency = 10, maxItems = 5_000, deadline = Number.POSITIVE_INFINITY } = opts
  const run: ShardRun = { kind, shard, fired: 0, seen: 0 }
  let cursor = opts.cursor
  do {
    const page = await dueItemsPage<Record<string, unknown>>(kind, shard, now.toISOString(), pageSize, cursor)
    for (let i = 0; i < page.items.length; i += concurrency) {
      const results = await Promise.allSettled(page.items.slice(i, i + concurrency).map((item) => k.fire(item, now)))
      for (const r of results) {
        run.seen++
        if (r.status === 'fulfilled' && r.value) run.fired++
        // One bad item must not stop the shard; it stays due and is tried again next minute.
        if (r.status === 'rejected') log.error('due item failed', { kind, shard, error: r.reason instanceof Error ? r.reason.message : String(r.reason) })
      }
    }
    cursor = page.cursor
  } while (cursor && run.seen < maxItems && Date.now() < deadline)
  if (cursor) run.cursor = cursor
  return run
}

/** Every (kind, shard) pair: the units the scheduler fans out. */
export function dueWorkUnits(only?: string[]): { kind: string; shard: number }[] {
  const units: { kind: string; shard: number }[] = []
  for (const kind of only ?? registeredDueKinds()) for (let shard = 0; shard < DUE_SHARDS; shard++) units.push({ kind, shard })
  return units
}

/**
 * Runs all due work in this process, `parallel` units at a time (the local runtime and tests;
 * the cloud schedule hands the same units to workers). Returns fired counts per kind.
 */
export async function runAllDue(now = new Date(), opts: { parallel?: number; only?: string[]; deadline?: number } = {}) {
  const units = dueWorkUnits(opts.only)
  const fired: Record<string, number> = {}
  const { parallel = 8 } = opts
  let next = 0
  const worker = async () => {
    while (next < units.length) {
      const u = units[next++]
      const run = await runDueShard(u.kind, u.shard, now, { deadline: opts.deadline })
      fired[u.kind] = (fired[u.kind] ?? 0) + run.fired
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, units.length) }, worker))
  return fired
}
