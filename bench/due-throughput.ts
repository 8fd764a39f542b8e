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
import { cpus, loadavg } from 'node:os'
import { tableOnly } from './ddb-only'

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
const runs = sizes.length ? sizes : [10_000, 100_000]
const KIND = 'BENCH'

const db = await tableOnly()
try {
  const { batchPut } = await import('../functions/src/data/table')
  const { dueAttrs, dueShard, DUE_SHARDS } = await import('../functions/src/data/due')
  const { registerDueKind, runAllDue } = await import('../functions/src/due/registry')
  const { dynamo, tableName, resetDynamoCalls } = await import('../functions/src/data/client')
  const { GetItemCommand, UpdateItemCommand, ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb')
  const { marshall, unmarshall } = await import('@aws-sdk/util-dynamodb')

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
    const t1 = performance.now()
    const fired = await runAllDue(new Date(Date.parse(at) + 60_000), { only: [KIND], parallel: DUE_SHARDS })
    const runMs = performance.now() - t1
    const calls = resetDynamoCalls()
    const again = await runAllDue(new Date(Date.parse(at) + 60_000), { only: [KIND], parallel: DUE_SHARDS })
    console.log(
      `| ${n.toLocaleString('en')} | ${(fillMs / 1000).toFixed(1)} s | ${(runMs / 1000).toFixed(1)} s (fired ${fired[KIND] ?? 0}) | ${Math.round(((fired[KIND] ?? 0) * 1000) / runMs)} | ${calls.total} (${Object.entries(calls.byCommand).map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ')}) | ${Math.max(...perShard)} | ${again[KIND] ?? 0} fired on a second run |`,
    )
  }
  console.log(`load ${loadavg()[0]!.toFixed(1)} at end`)
} finally {
  await db.stop()
}
