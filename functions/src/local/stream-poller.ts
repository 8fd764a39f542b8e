import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ExpiredIteratorException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams'
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { handleTableChange } from '../workflows/stream'
import { log } from '../log'

/**
 * Local stand-in for Lambda's stream event source: tails every shard of the table's stream
 * and feeds each record to the same `handleTableChange` the cloud Lambda calls. A record that
 * fails is retried (like Lambda's retryAttempts) before the poller moves on.
 */
export function startStreamPoller(opts: { client: DynamoDBClient; endpoint: string; tableName: string; intervalMs?: number }) {
  const streams = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  // As in data/client.ts: the SDK's no-op logger step filters every record batch for nothing.
  streams.middlewareStack.remove('loggerMiddleware')
  const interval = opts.intervalMs ?? 100
  const iterators = new Map<string, string | undefined>()
  const lastSeq = new Map<string, string>()
  let stopped = false
  let paused = false
  let processed = 0
  let idleWaiters: { emptyRounds: number; resolve: () => void }[] = []

  // Always from the oldest record kept: handling is idempotent, so records seen before a
  // restart are harmless, while starting at LATEST could miss what changed meanwhile.
  async function refreshShards(streamArn: string) {
    const desc = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const shard of desc.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!
      if (iterators.has(id)) continue
      const after = lastSeq.get(id)
      const it = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: id,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
      iterators.set(id, it.ShardIterator)
    }
  }

  async function handle(record: _Record) {
    const change = {
      eventName: record.eventName ?? 'UNKNOWN',
      newImage: record.dynamodb?.NewImage && unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>),
      oldImage: record.dynamodb?.OldImage && unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>),
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await handleTableChange(change)
        return
      } catch (e) {
        if (attempt >= 5) {
          log.error('stream record dropped after retries', { error: e instanceof Error ? e.message : String(e) })
          return
        }
        await new Promise((r) => setTimeout(r, 100 * attempt))
      }
    }
  }

  const loop = (async () => {
    const table = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }))
    const streamArn = table.Table?.LatestStreamArn
    if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`)
    await refreshShards(streamArn)
    let round = 0
    while (!stopped) {
      if (paused) {
        await new Promise((r) => setTimeout(r, interval))
        continue
      }
      let got = 0
      for (const [shardId, iterator] of iterators) {
        if (!iterator) continue
        try {
          const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }))
          for (const record of out.Records ?? []) {
            await handle(record)
            lastSeq.set(shardId, record.dynamodb!.SequenceNumber!)
            processed++
            got++
          }
          iterators.set(shardId, out.NextShardIterator)
        } catch (e) {
          if (e instanceof ExpiredIteratorException) iterators.delete(shardId)
          else log.warn('stream poll failed', { error: e instanceof Error ? e.message : String(e) })
        }
      }
      if (got === 0) {
        // Two empty rounds in a row: anything written before `idle()` was called is handled.
        idleWaiters = idleWaiters.filter((w) => (++w.emptyRounds >= 2 ? (w.resolve(), false) : true))
        await new Promise((r) => setTimeout(r, interval))
      } else {
        idleWaiters.forEach((w) => (w.emptyRounds = 0))
      }
      // Shards roll over (and closed ones end); look for new ones now and then.
      if (++round % 20 === 0) await refreshShards(streamArn)
    }
  })()

  return {
    get processed() {
      return processed
    },
    /** Resolves the next time the poller finds nothing new: everything written so far is handled. */
    idle(): Promise<void> {
      return new Promise((resolve) => idleWaiters.push({ emptyRounds: 0, resolve }))
    },
    /**
     * Holds the records back (they wait in the stream, as they would for a throttled Lambda)
     * until `resume()`: the bench measures a request path without the stream's work sharing
     * its CPUs, since in AWS the stream function runs on its own.
     */
    pause() {
      paused = true
    },
    resume() {
      paused = false
    },
    async stop() {
      stopped = true
      await loop.catch(() => {})
    },
    done: loop,
  }
}
