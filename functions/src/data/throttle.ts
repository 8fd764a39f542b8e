import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { dynamo, tableName } from './client'
import { getItem } from './table'

/**
 * Lookup counters for throttling guessable codes (tracking codes, invitation codes): one item
 * per scope, client and time window, `THROTTLE#<scope>#<client>` / `WINDOW#<start>`, deleted
 * by the table's TTL soon after its window ends. Nothing else reads them; the client is
 * stored only as a hash.
 */
export async function countHit(scope: string, clientHash: string, windowSeconds: number, now = Date.now()): Promise<number> {
  const start = Math.floor(now / 1000 / windowSeconds) * windowSeconds
  const out = await dynamo().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: marshall({ pk: `THROTTLE#${scope}#${clientHash}`, sk: `WINDOW#${start}` }),
      UpdateExpression: 'ADD #hits :one SET #expiresAt = if_not_exists(#expiresAt, :expires)',
      ExpressionAttributeNames: { '#hits': 'hits', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: marshall({ ':one': 1, ':expires': start + windowSeconds + 60 }),
      ReturnValues: 'UPDATED_NEW',
    }),
  )
  return Number(out.Attributes?.hits?.N ?? 1)
}

/** The current count without adding to it. */
export async function currentHits(scope: string, clientHash: string, windowSeconds: number, now = Date.now()): Promise<number> {
  const start = Math.floor(now / 1000 / windowSeconds) * windowSeconds
  return (await getItem<{ hits: number }>(`THROTTLE#${scope}#${clientHash}`, `WINDOW#${start}`, true))?.hits ?? 0
}
