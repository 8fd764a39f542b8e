import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { type Guardianship, chinaStartOfDay } from '@shouhu/shared'
import { dynamo, tableName } from './client'
import { dueAttrs } from './due'
import { getItem, type Item, queryPage, saveVersioned } from './table'

/**
 * 临时监护 placements (001 #5, 004 #6–7). One item per placement, its history in `reviews`:
 *
 * | item        | pk / sk                 | indexes |
 * |-------------|-------------------------|---------|
 * | placement   | `GUARD#id` / `GUARD`    | byCounty and byTownship `GUARD#<0 open, 1 ended>#<review on>#id` (the county's and the township's lists, next review first, so an overdue review leads); byDue `DUE#GUARDIANSHIP_REVIEW#nn` at the review date while open |
 *
 * The open placement is also summarised on the child's record (`temporaryGuardianship`), written
 * in the same transaction (workflows/guardianship.ts): the file and every list row show the badge
 * from the record and its `row` alone, with no read per row. The placement itself is its own
 * item because it has its own history, its own reminder, and outlives the badge.
 */
export const GUARDIANSHIP_REVIEW = 'GUARDIANSHIP_REVIEW'

const key = (id: string) => ({ pk: `GUARD#${id}`, sk: 'GUARD' })

export const GUARDIANSHIP_ROW_FIELDS = ['id', 'childId', 'villageCode', 'placement', 'carerName', 'startOn', 'reviewOn', 'plannedEndOn', 'endOn', 'version'] as const satisfies readonly (keyof Guardianship)[]
export type GuardianshipRow = Pick<Guardianship, (typeof GUARDIANSHIP_ROW_FIELDS)[number]> & { childName: string }

/** When the review reminder fires: 09:00 China time on the review date, or the instant given. */
export const reviewReminderAt = (reviewOn: string) => new Date(Date.parse(chinaStartOfDay(reviewOn)) + 9 * 3600_000).toISOString()

const listSk = (g: Guardianship) => `GUARD#${g.endOn ? 1 : 0}#${g.reviewOn}#${g.id}`

export function guardianshipItem(g: Guardianship, childName: string, remindAt?: string): Item {
  const row = Object.fromEntries(GUARDIANSHIP_ROW_FIELDS.filter((k) => g[k] !== undefined).map((k) => [k, g[k]]))
  return {
    ...key(g.id),
    ...g,
    childName,
    row: { ...row, childName },
    countyPk: `COUNTY#${g.countyCode}`,
    countySk: listSk(g),
    // The township supervisor follows the placements of their villages too (issue #11's lists);
    // its own partition keeps that list one Query, not a filter over the county's.
    townshipPk: `TOWNSHIP#${g.townshipCode}`,
    townshipSk: listSk(g),
    // Sparse: only an open placement is waiting for its review.
    ...(!g.endOn ? dueAttrs(GUARDIANSHIP_REVIEW, g.id, remindAt ?? reviewReminderAt(g.reviewOn)) : {}),
  }
}

function fromItem(item: Record<string, unknown>): Guardianship & { childName: string } {
  const { pk, sk, row, countyPk, countySk, townshipPk, townshipSk, duePk, dueSk, ...g } = item
  return g as Guardianship & { childName: string }
}

export async function getGuardianship(id: string): Promise<(Guardianship & { childName: string }) | undefined> {
  const item = await getItem<Record<string, unknown>>(key(id).pk, key(id).sk, true)
  return item && fromItem(item)
}

export const guardianshipIdOfKey = (pk: string) => pk.slice('GUARD#'.length)

/** Saves a placement changed on its own (a reminder sent), only if nobody changed it since. */
export async function saveGuardianship(previous: Guardianship, next: Guardianship & { childName: string }, remindAt?: string): Promise<boolean> {
  return (await saveVersioned(guardianshipItem({ ...next, version: previous.version + 1 }, next.childName, remindAt), previous.version)) === -1
}

/** One page of a county's or a township's placements, open first and the nearest (or most overdue) review first. */
export async function guardianshipsInArea(area: { level: 'county' | 'township'; code: string }, status: 'open' | 'all', page: { limit: number; cursor?: string }) {
  const { items, cursor } = await queryPage<{ row: GuardianshipRow }>({
    index: area.level === 'county' ? 'byCounty' : 'byTownship',
    pk: `${area.level === 'county' ? 'COUNTY' : 'TOWNSHIP'}#${area.code}`,
    skPrefix: status === 'open' ? 'GUARD#0#' : 'GUARD#',
    ...page,
  })
  return { rows: items.map((i) => i.row), cursor }
}

/**
 * Placements saved before the township's list existed have no byTownship keys. Gives one page of
 * a county's placements the keys `guardianshipItem` writes now, touching nothing else (the
 * reminder's due keys stay as they are). Only if the county key is still the one read and no
 * township key is there yet: a placement changed meanwhile was rewritten with both. Returns how
 * many were given keys; running it again gives none.
 */
export async function addTownshipKeys(countyCode: string, page: { limit: number; cursor?: string }): Promise<{ seen: number; added: number; cursor?: string }> {
  const { items, cursor } = await queryPage<{ pk: string; sk: string; countySk: string; row: GuardianshipRow }>({ index: 'byCounty', pk: `COUNTY#${countyCode}`, skPrefix: 'GUARD#', ...page })
  let added = 0
  for (const i of items) {
    try {
      await dynamo().send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: marshall({ pk: i.pk, sk: i.sk }),
          UpdateExpression: 'SET townshipPk = :tp, townshipSk = :sk',
          ConditionExpression: 'countySk = :sk AND attribute_not_exists(townshipPk)',
          ExpressionAttributeValues: marshall({ ':tp': `TOWNSHIP#${i.row.villageCode.slice(0, 9)}000`, ':sk': i.countySk }),
        }),
      )
      added++
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e
    }
  }
  return { seen: items.length, added, cursor }
}
