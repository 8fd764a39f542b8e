import { queryPage } from './table'

/**
 * The scheduler's due index (byDue), one design for every kind of timer.
 *
 * `duePk = DUE#<KIND>#<shard>` with the shard a stable hash of the record id, `dueSk = <ISO time>#<id>`.
 * A nationwide kind (10 million children's visits) is spread over DUE_SHARDS partitions, so no
 * single key takes the whole country's stream, and the scheduler reads each shard in bounded
 * pages in parallel instead of one list whole. Items are sparse: a record carries the due
 * attributes only while something is due, and drops them (REMOVE) when nothing is.
 *
 * The index projects keys only (infra/lib/data.ts): a handler gets `{ pk, sk, duePk, dueSk }`
 * and reads the record itself, consistently, so it acts on the record as it is now and the
 * index never pays to copy whole records.
 */
export const DUE_SHARDS = 32

/** What a due handler receives from the index. */
export interface DueItem {
  pk: string
  sk: string
  duePk: string
  dueSk: string
}

/** FNV-1a over the id: stable across runtimes, cheap, evenly spread for uuids and codes alike. */
export function dueShard(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % DUE_SHARDS
}

const shardLabel = (shard: number) => shard.toString().padStart(2, '0')
export const duePartition = (kind: string, shard: number) => `DUE#${kind}#${shardLabel(shard)}`

/** The index attributes that put `id` on the `kind` due list at `at` (ISO time). */
export function dueAttrs(kind: string, id: string, at: string): { duePk: string; dueSk: string } {
  return { duePk: duePartition(kind, dueShard(id)), dueSk: `${at}#${id}` }
}

/** The time a due item was due at (the part of `dueSk` before the id). */
export const dueTime = (item: Pick<DueItem, 'dueSk'>) => item.dueSk.slice(0, item.dueSk.indexOf('#'))

/** One bounded page of the items of `kind` in `shard` due by `now`, oldest first, and where to go on. */
export async function dueItemsPage<T = DueItem>(kind: string, shard: number, now: string, limit: number, cursor?: string) {
  return queryPage<T>({ index: 'byDue', pk: duePartition(kind, shard), skAtMost: `${now}~`, limit, cursor })
}
