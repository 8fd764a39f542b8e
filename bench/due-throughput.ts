/**
 * The scheduler's throughput on this machine: fills the due index with N items of one kind
 * (10,000 and 100,000 by default; `npx tsx bench/due-throughput.ts 10000`), then runs every
 * shard of that kind in one process, as the local runtime does, and prints items per second.
 *
 * The handler is shaped like the real ones (escalation, delivery, renewal, timers): a
 * consistent GetItem of the record, then a conditional UpdateItem that takes it off the due
 * list. Real handlers add a small transaction (an event) or a WeChat call; their figure is
 * lower by about that write. In the cloud the same units are spread over 32 workers
 * (infra/lib/schedules.ts); here one process on a shared 2-core machine does all of them.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { cpus, loadavg } from 'node:os'
import { tableOnly } from './ddb-only'

/**
 * Per-shard figures (`--per-shard`, on by default for 100,000): each shard runs as a cloud due
 * worker runs it — its own unit, its own time budget — all 32 at once, and every DynamoDB call
 * is counted against the shard that made it, so the table shows the work one worker does in
 * one scheduled minute and that no shard's work grows with the others'.
 */
const perShardFrom = Number(process.env.PER_SHARD_FROM ?? 50_000)

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
const runs = sizes.length ? sizes : [10_000, 100_000]
const KIND = 'BENCH'

const db = await tableOnly()
try {
  const { batchPut } = await import('../functions/src/data/table')
  const { dueAttrs, dueShard, DUE_SHARDS } = await import('../functions/src/data/due')
  const { registerDueKind, runAllDue, runDueUnits } = await import('../functions/src/due/registry')
  const { dynamo, tableName, resetDynamoCalls } = await import('../functions/src/data/client')
  const { GetItemCommand, UpdateItemCommand, ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb')
  const { marshall, unmarshall } = await import('@aws-sdk/util-dynamodb')
  const shardOf = new AsyncLocalStorage<number>()
  const shardCalls = new Map<number, Record<string, number>>()
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const shard = shardOf.getStore()
      if (shard !== undefined) {
        const by = shardCalls.get(shard) ?? {}
        const name = (context.commandName ?? 'unknown').replace('Command', '')
        by[name] = (by[name] ?? 0) + 1
        shardCalls.set(shard, by)
      }
      return next(args)
    },
    { step: 'initialize', name: 'benchShardCounter' },
  )

  registerDueKind<import('../functions/src/data/due').DueItem>({
    kind: KIND,
    fire: async (item, now) => {
      const got = await dynamo().send(new GetItemCommand({ TableName: tableName(), Key: marshall({ pk: item.pk, sk: item.sk }), ConsistentRead: true }))
      const record = got.Item && unmarshall(got.Item)
      if (!record || record.dueSk !== item.dueSk) return false
      try {
        await dynamo().send(
          new UpdateItemCommand({
            TableName: tableName(),
            Key: marshall({ pk: item.pk, sk: item.sk }),
            UpdateExpression: 'REMOVE duePk, dueSk SET firedAt = :now',
            ConditionExpression: 'dueSk = :seen',
            ExpressionAttributeValues: marshall({ ':seen': item.dueSk, ':now': now.toISOString() }),
          }),
        )
        return true
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false
        throw e
      }
    },
  })

  console.log(`machine: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)} at start; ${DUE_SHARDS} shards`)
  console.log('| due items | fill (BatchWriteItem) | run all shards | items/s | DynamoDB calls | largest shard | still due after |')
  console.log('|---|---|---|---|---|---|---|')
  let serial = 0
  for (const n of runs) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, serial)).toISOString()
    const ids = Array.from({ length: n }, () => `r${serial}-${(serial++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`)
    const perShard = new Array(DUE_SHARDS).fill(0)
    for (const id of ids) perShard[dueShard(id)]++
    const t0 = performance.now()
    // Four writers at once: filling is not what is measured, only needs to be quick.
    const chunk = Math.ceil(n / 4)
    await Promise.all([0, 1, 2, 3].map((w) =>
      batchPut(ids.slice(w * chunk, (w + 1) * chunk).map((id) => ({ pk: `BENCH#${id}`, sk: 'BENCH', id, payload: 'x'.repeat(200), ...dueAttrs(KIND, id, at) }))),
    ))
    const fillMs = performance.now() - t0
    resetDynamoCalls()
    const now = new Date(Date.parse(at) + 60_000)
    if (n < perShardFrom) {
      const t1 = performance.now()
      const fired = await runAllDue(now, { only: [KIND], parallel: DUE_SHARDS })
      const runMs = performance.now() - t1
      const calls = resetDynamoCalls()
      const again = await runAllDue(now, { only: [KIND], parallel: DUE_SHARDS })
      console.log(
        `| ${n.toLocaleString('en')} | ${(fillMs / 1000).toFixed(1)} s | ${(runMs / 1000).toFixed(1)} s (fired ${fired[KIND] ?? 0}) | ${Math.round(((fired[KIND] ?? 0) * 1000) / runMs)} | ${calls.total} (${Object.entries(calls.byCommand).map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ')}) | ${Math.max(...perShard)} | ${again[KIND] ?? 0} fired on a second run |`,
      )
      continue
    }
    // Each shard as its own worker (lambda/due-worker.ts): one unit, a deadline, all at once.
    shardCalls.clear()
    const budgetMs = Number(process.env.WORKER_BUDGET_MS ?? 50_000)
    const rows: { shard: number; items: number; fired: number; ms: number; calls: Record<string, number>; left: boolean }[] = []
    const t1 = performance.now()
    await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        shardOf.run(shard, async () => {
          const s0 = performance.now()
          const run = await runDueUnits([{ kind: KIND, shard }], now, { parallel: 1, deadline: Date.now() + budgetMs })
          rows.push({ shard, items: perShard[shard], fired: run.fired[KIND] ?? 0, ms: performance.now() - s0, calls: shardCalls.get(shard) ?? {}, left: run.unfinished.length > 0 })
        }),
      ),
    )
    const runMs = performance.now() - t1
    const calls = resetDynamoCalls()
    const again = await runAllDue(now, { only: [KIND], parallel: DUE_SHARDS })
    const fired = rows.reduce((a, r) => a + r.fired, 0)
    console.log(
      `| ${n.toLocaleString('en')} | ${(fillMs / 1000).toFixed(1)} s | ${(runMs / 1000).toFixed(1)} s (fired ${fired}) | ${Math.round((fired * 1000) / runMs)} | ${calls.total} (${Object.entries(calls.byCommand).map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ')}) | ${Math.max(...perShard)} | ${again[KIND] ?? 0} fired on a second run |`,
    )
    rows.sort((a, b) => a.shard - b.shard)
    console.log(`\nPer shard (each as one due worker, budget ${budgetMs / 1000} s; pages of 100 items, 10 handled at once):\n`)
    console.log('| shard | due items | fired | time | DynamoDB calls | Query pages | budget ran out |')
    console.log('|---|---|---|---|---|---|---|')
    for (const r of rows) {
      const total = Object.values(r.calls).reduce((a, b) => a + b, 0)
      console.log(`| ${r.shard} | ${r.items} | ${r.fired} | ${(r.ms / 1000).toFixed(1)} s | ${total} (${Object.entries(r.calls).map(([k, v]) => `${k} ${v}`).join(', ')}) | ${r.calls.Query ?? 0} | ${r.left ? 'yes, cursor kept' : 'no'} |`)
    }
    const totals = rows.map((r) => Object.values(r.calls).reduce((a, b) => a + b, 0))
    const times = rows.map((r) => r.ms / 1000)
    console.log(`\nper shard: calls min ${Math.min(...totals)} / max ${Math.max(...totals)}; time min ${Math.min(...times).toFixed(1)} s / max ${Math.max(...times).toFixed(1)} s; calls per item ${(calls.total / Math.max(1, fired)).toFixed(2)}`)
  }
  console.log(`load ${loadavg()[0]!.toFixed(1)} at end`)
} finally {
  await db.stop()
}
