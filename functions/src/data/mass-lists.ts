import type { MassListExport } from '@shouhu/shared'
import { dueAttrs } from './due'
import { batchPut, getItem, type Item, putItem, queryPage, transactWrite, tx } from './table'

/**
 * The half-yearly lists to 团委, 妇联 and 残联 (004 §4(三)):
 *
 * | item      | pk / sk                                 | indexes |
 * |-----------|-----------------------------------------|---------|
 * | export    | `MASSLIST#<county>` / `EXPORT#<at>#id`  | — (the county's record of what was sent: who, when, how many) |
 * | export ids| `MASSLIST#<county>` / `EXPORTIDS#<at>#id#nnnn` | — (which children, `CHILD_IDS_PER_ITEM` ids per item) |
 * | schedule  | `MASSLIST#<county>` / `SCHEDULE`        | byDue `DUE#MASS_LISTS#nn` at the next half-yearly reminder |
 */
export const MASS_LISTS_DUE = 'MASS_LISTS'

const pk = (county: string) => `MASSLIST#${county}`
const scheduleKey = (county: string) => ({ pk: pk(county), sk: 'SCHEDULE' })

export interface MassListSchedule {
  countyCode: string
  nextAt: string
  lastExportAt?: string
  remindersSent: number
}

const scheduleItem = (s: MassListSchedule): Item => ({ ...scheduleKey(s.countyCode), ...s, ...dueAttrs(MASS_LISTS_DUE, s.countyCode, s.nextAt) })

/**
 * Ids per item: 4,000 ids of 22 characters are ≈ 100 KB, a quarter of DynamoDB's 400 KB item
 * limit (one item holding them all failed at ≈ 18,000 children).
 */
export const CHILD_IDS_PER_ITEM = 4000

const idsPrefix = (e: Pick<MassListExport, 'at' | 'id'>) => `EXPORTIDS#${e.at}#${e.id}#`

/**
 * Records an export: first which children, in chunks, then the export itself and the county's
 * next reminder in one transaction. Readers start from the export item, so chunks left by a
 * failure before it are never read; the file is only handed out after both steps.
 */
export async function recordExport(e: MassListExport, childIds: readonly string[], schedule: MassListSchedule): Promise<void> {
  if (childIds.length !== e.rows) throw new Error('recordExport: rows and ids disagree')
  const chunks: Item[] = []
  for (let i = 0, n = 0; i < childIds.length; i += CHILD_IDS_PER_ITEM, n++) {
    chunks.push({ pk: pk(e.countyCode), sk: `${idsPrefix(e)}${String(n).padStart(4, '0')}`, childIds: childIds.slice(i, i + CHILD_IDS_PER_ITEM) })
  }
  await batchPut(chunks)
  await transactWrite([tx.put({ pk: pk(e.countyCode), sk: `EXPORT#${e.at}#${e.id}`, ...e }, { ifAbsent: true }), tx.put(scheduleItem(schedule))])
}

/** Which children an export listed, in the order of the workbook (red, yellow, blue). */
export async function exportChildIds(e: Pick<MassListExport, 'countyCode' | 'at' | 'id'>): Promise<string[]> {
  const legacy = await getItem<StoredExport>(pk(e.countyCode), `EXPORT#${e.at}#${e.id}`, true)
  if (legacy?.childIds) return legacy.childIds
  const out: string[] = []
  let cursor: string | undefined
  do {
    // Two chunks a page keep each read under DynamoDB's 1 MB page.
    const page = await queryPage<Item & { childIds: string[] }>({ pk: pk(e.countyCode), skPrefix: idsPrefix(e), limit: 2, cursor })
    for (const c of page.items) out.push(...c.childIds)
    cursor = page.cursor
  } while (cursor)
  return out
}

/** Exports recorded before the ids moved to their own items carry `childIds` and no `rows`. */
type StoredExport = MassListExport & Item & { childIds?: string[] }
function fromItem({ pk: _p, sk: _s, childIds, ...e }: StoredExport): MassListExport {
  return { ...e, rows: e.rows ?? childIds?.length ?? 0 }
}

/** One page of a county's exports, newest first. */
export async function exportsOf(countyCode: string, page: { limit: number; cursor?: string }) {
  const { items, cursor } = await queryPage<StoredExport>({ pk: pk(countyCode), skPrefix: 'EXPORT#', newestFirst: true, ...page })
  return { exports: items.map(fromItem), cursor }
}

export async function getSchedule(countyCode: string): Promise<MassListSchedule | undefined> {
  const item = await getItem<MassListSchedule & Item>(scheduleKey(countyCode).pk, scheduleKey(countyCode).sk, true)
  if (!item) return undefined
  const { pk: _p, sk: _s, duePk: _dp, dueSk: _ds, ...s } = item as Record<string, unknown>
  return s as unknown as MassListSchedule
}

/** Starts a county's reminders (a county that never sent its lists is reminded at `nextAt`); false when it already has them. */
export async function startSchedule(s: MassListSchedule): Promise<boolean> {
  return putItem(scheduleItem(s), { ifAbsent: true })
}

/** Moves the reminder on, only if nobody moved it since (two overlapping runs remind once). */
export async function moveSchedule(previous: MassListSchedule, next: MassListSchedule): Promise<boolean> {
  return (
    (await transactWrite([
      {
        Put: {
          ...tx.put(scheduleItem(next)).Put!,
          ConditionExpression: 'nextAt = :prev',
          ExpressionAttributeValues: { ':prev': { S: previous.nextAt } },
        },
      },
    ])) === -1
  )
}

export const countyOfScheduleKey = (key: { pk: string }) => key.pk.slice('MASSLIST#'.length)
