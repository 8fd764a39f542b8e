import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import { dynamo, tableName } from './client'

/**
 * The single table. Every item has `pk`/`sk`; the generic index attributes below are filled
 * by the entity modules, each index named after the access pattern it serves:
 *
 * | index      | pk                     | used for                                          |
 * |------------|------------------------|---------------------------------------------------|
 * | byVillage  | VILLAGE#<12-digit code> | a village's queue; its child directors             |
 * | byTownship | TOWNSHIP#<code>         | a township's queue across its villages; supervisors|
 * | byCounty   | COUNTY#<code>           | the county queue; civil-affairs officers           |
 * | byOwner    | USER#<id> / INBOX#<id>  | a resident's own reports; a staff member's inbox   |
 * | byDue      | DUE#<kind>              | sparse: what the scheduler must look at, by time   |
 */
export type Item = Record<string, unknown> & { pk: string; sk: string }
export type IndexName = 'byVillage' | 'byTownship' | 'byCounty' | 'byOwner' | 'byDue'
const indexKeys: Record<IndexName, [string, string]> = {
  byVillage: ['villagePk', 'villageSk'],
  byTownship: ['townshipPk', 'townshipSk'],
  byCounty: ['countyPk', 'countySk'],
  byOwner: ['ownerPk', 'ownerSk'],
  byDue: ['duePk', 'dueSk'],
}

const toAttrs = (v: Record<string, unknown>) => marshall(v, { removeUndefinedValues: true, convertClassInstanceToMap: true })

export async function getItem<T>(pk: string, sk: string, consistent = false): Promise<T | undefined> {
  const out = await dynamo().send(new GetItemCommand({ TableName: tableName(), Key: toAttrs({ pk, sk }), ConsistentRead: consistent }))
  return out.Item ? (unmarshall(out.Item) as T) : undefined
}

export async function batchGet<T>(keys: { pk: string; sk: string }[]): Promise<T[]> {
  const found: T[] = []
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: ReturnType<typeof toAttrs>[] }> | undefined = {
      [tableName()]: { Keys: keys.slice(i, i + 100).map(toAttrs) },
    }
    // Unprocessed keys come back under load; ask again until none are left.
    while (request && Object.keys(request).length) {
      const out = await dynamo().send(new BatchGetItemCommand({ RequestItems: request }))
      for (const it of out.Responses?.[tableName()] ?? []) found.push(unmarshall(it) as T)
      request = out.UnprocessedKeys as typeof request
    }
  }
  return found
}

/** Puts an item; with `ifAbsent` it fails with `false` instead of overwriting. */
export async function putItem(item: Item, opts: { ifAbsent?: boolean } = {}): Promise<boolean> {
  try {
    await dynamo().send(
      new PutItemCommand({
        TableName: tableName(),
        Item: toAttrs(item),
        ...(opts.ifAbsent ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      }),
    )
    return true
  } catch (e) {
    if (opts.ifAbsent && e instanceof ConditionalCheckFailedException) return false
    throw e
  }
}

export async function batchPut(items: Item[], onProgress?: (done: number) => void): Promise<void> {
  let done = 0
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: ReturnType<typeof toAttrs> } }[]> | undefined = {
      [tableName()]: items.slice(i, i + 25).map((it) => ({ PutRequest: { Item: toAttrs(it) } })),
    }
    while (request && Object.keys(request).length) {
      const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: request }))
      request = out.UnprocessedItems as typeof request
    }
    done += Math.min(25, items.length - i)
    onProgress?.(done)
  }
}

export interface QueryOptions {
  index?: IndexName
  pk: string
  skPrefix?: string
  skBetween?: [string, string]
  /** Sort keys up to and including this value (e.g. everything due by now). */
  skAtMost?: string
  newestFirst?: boolean
  limit?: number
  consistent?: boolean
  /**
   * Only items whose attribute at `path` (e.g. `['row', 'state']`) equals `equals`. DynamoDB
   * filters after reading a page, so a page may hold fewer than `limit` items and still have a
   * cursor: callers page on until there is none.
   */
  filter?: { path: string[]; equals: string }
}

/** The parts of a QueryCommand that follow from the options: which keys, which condition. */
function keyCondition(opts: QueryOptions) {
  const [pkName, skName] = opts.index ? indexKeys[opts.index] : ['pk', 'sk']
  const values: Record<string, unknown> = { ':pk': opts.pk }
  const names: Record<string, string> = { '#pk': pkName }
  let condition = '#pk = :pk'
  if (opts.skPrefix) {
    condition += ' AND begins_with(#sk, :prefix)'
    values[':prefix'] = opts.skPrefix
  } else if (opts.skBetween) {
    condition += ' AND #sk BETWEEN :from AND :to'
    values[':from'] = opts.skBetween[0]
    values[':to'] = opts.skBetween[1]
  } else if (opts.skAtMost) {
    condition += ' AND #sk <= :to'
    values[':to'] = opts.skAtMost
  }
  if (condition.includes('#sk')) names['#sk'] = skName
  let filter: string | undefined
  if (opts.filter) {
    opts.filter.path.forEach((p, i) => (names[`#f${i}`] = p))
    values[':filter'] = opts.filter.equals
    filter = `${opts.filter.path.map((_, i) => `#f${i}`).join('.')} = :filter`
  }
  return {
    TableName: tableName(),
    IndexName: opts.index,
    KeyConditionExpression: condition,
    FilterExpression: filter,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: toAttrs(values),
    ScanIndexForward: !opts.newestFirst,
    ConsistentRead: opts.consistent,
  }
}

export async function query<T>(opts: QueryOptions): Promise<T[]> {
  const items: T[] = []
  let startKey: Record<string, any> | undefined
  do {
    const out = await dynamo().send(
      new QueryCommand({
        ...keyCondition(opts),
        Limit: opts.limit ? opts.limit - items.length : undefined,
        ExclusiveStartKey: startKey,
      }),
    )
    for (const it of out.Items ?? []) items.push(unmarshall(it) as T)
    startKey = out.LastEvaluatedKey
  } while (startKey && (!opts.limit || items.length < opts.limit))
  return items
}

/**
 * One page of a query, and a cursor for the next page (opaque to clients: the encoded
 * LastEvaluatedKey). A cursor that does not belong to this query is rejected by DynamoDB.
 */
/**
 * How many reads a filtered page may take. DynamoDB filters after reading `limit` items, so a
 * page of a filtered queue (one stage of the applications, one department's referrals) can match
 * nothing and still have more behind it: a screen showing an empty list with 「加载更多」. A page
 * that matched nothing reads once more; two reads keep a staff list within its 3 DynamoDB calls
 * (with the session check).
 */
const FILTERED_PAGE_READS = 2

export async function queryPage<T>(opts: QueryOptions & { limit: number; cursor?: string }): Promise<{ items: T[]; cursor?: string }> {
  const items: T[] = []
  let startKey: Record<string, any> | undefined = opts.cursor ? JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8')) : undefined
  let reads = 0
  do {
    const out = await dynamo().send(new QueryCommand({ ...keyCondition(opts), Limit: opts.limit, ExclusiveStartKey: startKey }))
    reads++
    for (const it of out.Items ?? []) items.push(unmarshall(it) as T)
    startKey = out.LastEvaluatedKey
  } while (opts.filter && items.length === 0 && startKey && reads < FILTERED_PAGE_READS)
  return { items, cursor: startKey ? Buffer.from(JSON.stringify(startKey)).toString('base64url') : undefined }
}

/**
 * Optimistic update: sets `changes` (and removes `remove`) only if the item's `version` is
 * still `expectedVersion`. Returns the new item, or `undefined` when someone got there first.
 */
export async function updateVersioned<T>(
  key: { pk: string; sk: string },
  expectedVersion: number,
  changes: Record<string, unknown>,
  remove: string[] = [],
): Promise<T | undefined> {
  const names: Record<string, string> = { '#version': 'version' }
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':next': expectedVersion + 1 }
  const sets = ['#version = :next']
  Object.entries(changes).forEach(([k, v], i) => {
    if (v === undefined) return
    names[`#f${i}`] = k
    values[`:v${i}`] = v
    sets.push(`#f${i} = :v${i}`)
  })
  const removes = remove.map((k, i) => {
    names[`#r${i}`] = k
    return `#r${i}`
  })
  try {
    const out = await dynamo().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: toAttrs(key),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: toAttrs(values),
        ReturnValues: 'ALL_NEW',
      }),
    )
    return unmarshall(out.Attributes!) as T
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined
    throw e
  }
}

/** Builders for the items of one `TransactWriteItems` call. */
export const tx = {
  put: (item: Item, opts: { ifAbsent?: boolean } = {}): TransactWriteItem => ({
    Put: {
      TableName: tableName(),
      Item: toAttrs(item),
      ...(opts.ifAbsent ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  }),
  /** Puts `item` only if the stored one is still at `expectedVersion` (0: written before versions existed). */
  putIfVersion: (item: Item, expectedVersion: number): TransactWriteItem => ({
    Put: {
      TableName: tableName(),
      Item: toAttrs(item),
      ConditionExpression: expectedVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: toAttrs({ ':version': expectedVersion }) }),
    },
  }),
  /** Puts `item` only if the stored one's `attr` still holds `value` (a lookup passing from one holder to the next). */
  putIfEquals: (item: Item, attr: string, value: string | number): TransactWriteItem => ({
    Put: {
      TableName: tableName(),
      Item: toAttrs(item),
      ConditionExpression: '#a = :v',
      ExpressionAttributeNames: { '#a': attr },
      ExpressionAttributeValues: toAttrs({ ':v': value }),
    },
  }),
  delete: (key: { pk: string; sk: string }): TransactWriteItem => ({ Delete: { TableName: tableName(), Key: toAttrs(key) } }),
}

/**
 * Adds `by` to a counter attribute atomically (creating the item if needed) and sets `set`;
 * returns the item after the update. For counters many requests bump at once (sign-in failures).
 */
export async function increment<T>(key: { pk: string; sk: string }, attr: string, by: number, set: Record<string, unknown> = {}): Promise<T> {
  const names: Record<string, string> = { '#n': attr }
  const values: Record<string, unknown> = { ':by': by }
  const sets = Object.entries(set).map(([k, v], i) => {
    names[`#s${i}`] = k
    values[`:s${i}`] = v
    return `#s${i} = :s${i}`
  })
  const out = await dynamo().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: toAttrs(key),
      UpdateExpression: `ADD #n :by${sets.length ? ` SET ${sets.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toAttrs(values),
      ReturnValues: 'ALL_NEW',
    }),
  )
  return unmarshall(out.Attributes!) as T
}

export async function deleteItem(pk: string, sk: string): Promise<void> {
  await dynamo().send(new DeleteItemCommand({ TableName: tableName(), Key: toAttrs({ pk, sk }) }))
}

/**
 * The optimistic lock every workflow record uses: writes `item` (whose `version` is already
 * the next one) and `others` together, only if the stored version is still `expectedVersion`.
 * Returns -1 when saved, 0 when someone changed the record meanwhile (or a concurrent
 * transaction touched it), or the index of another item whose own condition refused.
 */
export async function saveVersioned(item: Item, expectedVersion: number, others: TransactWriteItem[] = []): Promise<number> {
  try {
    return await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: toAttrs(item),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: toAttrs({ ':version': expectedVersion }),
        },
      },
      ...others,
    ])
  } catch (e) {
    if (e instanceof TransactionCanceledException) return 0
    throw e
  }
}

/**
 * Writes all or nothing. Returns the index of the first item whose condition failed, or -1.
 * Conditions are how we keep concurrent writers from corrupting each other.
 */
export async function transactWrite(items: TransactWriteItem[]): Promise<number> {
  try {
    await dynamo().send(new TransactWriteItemsCommand({ TransactItems: items }))
    return -1
  } catch (e) {
    if (e instanceof TransactionCanceledException) {
      const i = e.CancellationReasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed') ?? -1
      if (i >= 0) return i
    }
    throw e
  }
}

export { unmarshall }
