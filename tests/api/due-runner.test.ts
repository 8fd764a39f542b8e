import { beforeAll, describe, expect, it } from 'vitest'
import { useApi } from '../support/api-harness'

useApi()

const KIND = 'TEST_DUE'
const fires = new Map<string, number>()

async function modules() {
  const table = await import('../../functions/src/data/table')
  const due = await import('../../functions/src/data/due')
  const registry = await import('../../functions/src/due/registry')
  return { ...table, ...due, ...registry }
}

/** A handler shaped like the real ones: reads the record, acts once by a conditional write that takes it off the due list. */
beforeAll(async () => {
  const { registerDueKind, getItem } = await modules()
  const { UpdateItemCommand, ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb')
  const { marshall } = await import('@aws-sdk/util-dynamodb')
  const { dynamo, tableName } = await import('../../functions/src/data/client')
  registerDueKind({
    kind: KIND,
    fire: async (item, now) => {
      expect(Object.keys(item).sort()).toEqual(['duePk', 'dueSk', 'pk', 'sk'])
      const record = await getItem<{ dueSk?: string; id: string }>(item.pk, item.sk, true)
      if (!record?.dueSk || record.dueSk !== item.dueSk) return false
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
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false
        throw e
      }
      fires.set(record.id, (fires.get(record.id) ?? 0) + 1)
      return true
    },
  })
})

async function fill(n: number, prefix: string, at: string) {
  const { batchPut, dueAttrs } = await modules()
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  await batchPut(ids.map((id) => ({ pk: `TESTDUE#${id}`, sk: 'TESTDUE', id, ...dueAttrs(KIND, id, at) })))
  return ids
}

describe('the sharded due runner', () => {
  it('spreads a kind over its shards, so no single key carries the whole list', async () => {
    const { dueShard, DUE_SHARDS } = await modules()
    const counts = new Array(DUE_SHARDS).fill(0)
    for (let i = 0; i < 32_000; i++) counts[dueShard(`${crypto.randomUUID()}`)]++
    // 1,000 expected per shard: every shard within ±15 %.
    expect(Math.min(...counts)).toBeGreaterThan(850)
    expect(Math.max(...counts)).toBeLessThan(1150)
  })

  it('a shard is read in bounded pages and hands back a cursor when its budget runs out; continuing finishes it', async () => {
    const { runDueShard, dueShard } = await modules()
    const ids = await fill(160, 'paged', '2026-01-01T00:00:00.000Z')
    const perShard = new Map<number, number>()
    for (const id of ids) perShard.set(dueShard(id), (perShard.get(dueShard(id)) ?? 0) + 1)
    const shard = [...perShard.entries()].sort((a, b) => b[1] - a[1])[0]![0]
    const inShard = ids.filter((id) => dueShard(id) === shard)
    expect(inShard.length).toBeGreaterThan(3)
    const now = new Date('2026-01-01T00:01:00Z')
    const first = await runDueShard(KIND, shard, now, { pageSize: 2, maxItems: 2 })
    expect(first).toMatchObject({ seen: 2, fired: 2 })
    expect(first.cursor).toBeTruthy()
    const rest = await runDueShard(KIND, shard, now, { pageSize: 2, cursor: first.cursor })
    expect(rest.fired).toBe(inShard.length - 2)
    expect(rest.cursor).toBeUndefined()
    for (const id of inShard) expect(fires.get(id)).toBe(1)
  })

  it('two runners at once, then a third, act on each due item exactly once; nothing not yet due is touched', async () => {
    const { runAllDue } = await modules()
    const due = await fill(40, 'double', '2026-02-01T00:00:00.000Z')
    const later = await fill(20, 'later', '2026-02-01T00:10:00.000Z')
    const now = new Date('2026-02-01T00:05:00Z')
    const [a, b] = await Promise.all([runAllDue(now, { only: [KIND] }), runAllDue(now, { only: [KIND] })])
    expect((a[KIND] ?? 0) + (b[KIND] ?? 0)).toBeGreaterThanOrEqual(40)
    const again = await runAllDue(now, { only: [KIND] })
    expect(again[KIND] ?? 0).toBe(0)
    for (const id of due) expect(fires.get(id)).toBe(1)
    for (const id of later) expect(fires.get(id)).toBeUndefined()
  }, 90_000)

  it('the cloud batches give every worker one shard of every kind, and cover each unit once', async () => {
    const { batchUnits, dueWorkUnits, DUE_SHARDS } = await modules()
    const units = dueWorkUnits()
    const batches = batchUnits(units, 32)
    expect(batches).toHaveLength(DUE_SHARDS)
    expect(batches.flat()).toHaveLength(units.length)
    for (const b of batches) expect(new Set(b.map((u) => u.shard)).size).toBe(1)
  })

  it('a worker that runs out of time leaves a cursor and the next run continues', async () => {
    const { runDueUnits, dueWorkUnits } = await modules()
    const ids = await fill(32, 'deadline', '2026-03-01T00:00:00.000Z')
    const now = new Date('2026-03-01T00:01:00Z')
    // A deadline already passed: each unit does one page and stops.
    const first = await runDueUnits(dueWorkUnits([KIND]), now, { deadline: Date.now() - 1, pageSize: 1 })
    expect(first.unfinished.length).toBeGreaterThan(0)
    const rest = await runDueUnits(first.unfinished, now, {})
    expect(first.seen + rest.seen).toBeGreaterThanOrEqual(32)
    for (const id of ids) expect(fires.get(id)).toBe(1)
  }, 90_000)
})
