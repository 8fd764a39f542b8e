import type { MassListExport } from '@shouhu/shared'
import { dueAttrs } from './due'
import { getItem, type Item, putItem, queryPage, transactWrite, tx } from './table'

/**
 * The half-yearly lists to 团委, 妇联 and 残联 (004 §4(三)):
 *
 * | item      | pk / sk                                 | indexes |
 * |-----------|-----------------------------------------|---------|
 * | export    | `MASSLIST#<county>` / `EXPORT#<at>#id`  | — (the county's record of what was sent: who, when, which children) |
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

/** Records an export and moves the county's next reminder on, in one write. */
export async function recordExport(e: MassListExport, schedule: MassListSchedule): Promise<void> {
  await transactWrite([tx.put({ pk: pk(e.countyCode), sk: `EXPORT#${e.at}#${e.id}`, ...e }, { ifAbsent: true }), tx.put(scheduleItem(schedule))])
}

/** One page of a county's exports, newest first. */
export async function exportsOf(countyCode: string, page: { limit: number; cursor?: string }) {
  const { items, cursor } = await queryPage<MassListExport & Item>({ pk: pk(countyCode), skPrefix: 'EXPORT#', newestFirst: true, ...page })
  return { exports: items.map(({ pk: _p, sk: _s, ...e }) => e as MassListExport), cursor }
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
