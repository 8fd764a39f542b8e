import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { childKey, duplicateKey } from './children'
import { dynamo, tableName } from './client'
import { batchGet, queryPage } from './table'

/**
 * The 「可能重复」 key (byOwner `DUPE#<county>#<hash of name and birth date>`) on files saved before
 * the key existed (ops/duplicate-keys-backfill.ts). A file gets it whenever it is saved; this
 * reaches the ones nobody has saved since.
 */

export interface KeyedFile {
  pk: string
  version: number
  countyCode: string
  name: string
  birthDate: string
  ownerPk?: string
  mergedInto?: string
  redSince?: string
  row?: { redOpen?: boolean }
}

/**
 * One page of a county's files in list order (the county index: keys only), then the records
 * themselves by BatchGet — never a Scan, never a read per file.
 */
export async function countyFilesPage(county: string, page: { limit: number; cursor?: string }): Promise<{ files: KeyedFile[]; cursor?: string }> {
  const out = await queryPage<{ pk: string; sk: string }>({ index: 'byCounty', pk: `COUNTY#${county}`, skPrefix: 'CHILD#', limit: page.limit, cursor: page.cursor })
  const keys = out.items.filter((i) => i.sk === 'CHILD').map((i) => ({ pk: i.pk, sk: i.sk }))
  const files = keys.length ? await batchGet<KeyedFile>(keys) : []
  return { files, cursor: out.cursor }
}

/**
 * Sets the key on a file that has none, only at the version read and only while it still has
 * none: a save in between (which sets the key itself, from the file as saved) wins, and a
 * second run writes nothing. 'set', or 'skipped' when the file moved on or already had it.
 */
export function setDuplicateKey(f: KeyedFile): Promise<'set' | 'skipped'> {
  return updateAtVersion(f, {
    UpdateExpression: 'SET ownerPk = :k, ownerSk = :s',
    ConditionExpression: 'attribute_not_exists(ownerPk) AND attribute_not_exists(mergedInto) AND version = :v',
    values: { ':k': duplicateKey(f.countyCode, f.name, f.birthDate), ':s': f.pk },
  })
}

/** One conditional write on the file as read: 'skipped' when the file moved on meanwhile (its own save wins). */
async function updateAtVersion(f: KeyedFile, u: { UpdateExpression: string; ConditionExpression: string; names?: Record<string, string>; values: Record<string, unknown> }): Promise<'set' | 'skipped'> {
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: marshall(childKey(f.pk.slice('CHILD#'.length))),
        UpdateExpression: u.UpdateExpression,
        ConditionExpression: u.ConditionExpression,
        ...(u.names ? { ExpressionAttributeNames: u.names } : {}),
        ExpressionAttributeValues: marshall({ ...u.values, ':v': f.version }),
      }),
    )
    return 'set'
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return 'skipped'
    throw e
  }
}

/** A red file without its intervention, saved before its list row said so (「红色未记录处置」's list). */
export const lacksRedOpen = (f: KeyedFile) => !!f.redSince && !f.mergedInto && !f.row?.redOpen

/**
 * Marks the row of such a file, at the version read: the overview counts it from `redSince`, and
 * the list that figure opens filters on `row.redOpen`, so until then the file was counted but not
 * listed. A save in between writes the row itself and wins.
 */
export function setRedOpen(f: KeyedFile): Promise<'set' | 'skipped'> {
  return updateAtVersion(f, {
    UpdateExpression: 'SET #row.#redOpen = :t',
    ConditionExpression: 'attribute_exists(redSince) AND attribute_exists(#row) AND version = :v',
    names: { '#row': 'row', '#redOpen': 'redOpen' },
    values: { ':t': true },
  })
}
