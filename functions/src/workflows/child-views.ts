import {
  type ChildListItem,
  type ChildListRow,
  type ChildRecord,
  type ChildStaffView,
  type DueState,
  addDays,
  chinaToday,
  colourLabel,
  fullYears,
  maskPhone,
} from '@shouhu/shared'
import { getDivision } from '../data/divisions'

/**
 * What staff see of a child's file and its list rows. Phone numbers are masked; the full ID
 * number is not stored at all. Families have no view of this: no colour, no categories.
 */

// Division names change almost never: one cache per process, so a list of 50 rows from 20
// villages costs at most 20 reads once, then none.
const nameCache = new Map<string, Promise<string>>()
export async function divisionNamesCached(codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)]
  const names = await Promise.all(
    unique.map((code) => {
      let p = nameCache.get(code)
      if (!p) {
        p = getDivision(code).then((d) => d?.name ?? code)
        nameCache.set(code, p)
        p.catch(() => nameCache.delete(code))
      }
      return p
    }),
  )
  return new Map(unique.map((c, i) => [c, names[i]!]))
}

export function dueStateOf(row: Pick<ChildListRow, 'next'>, now: Date): DueState | undefined {
  if (!row.next) return undefined
  if (row.next.overdueAt <= now.toISOString()) return 'overdue'
  const today = chinaToday(now)
  if (row.next.dueOn <= today) return 'today'
  if (row.next.dueOn <= endOfWeek(today)) return 'week'
  return 'later'
}

/** Sunday of the China week `today` is in. */
export function endOfWeek(today: string): string {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return addDays(today, dow === 0 ? 0 : 7 - dow)
}

export function listItem(row: ChildListRow, names: Map<string, string>, now: Date): ChildListItem {
  const state = dueStateOf(row, now)
  return {
    ...row,
    villageName: names.get(row.villageCode) ?? row.villageCode,
    age: fullYears(row.birthDate, chinaToday(now)),
    overdue: state === 'overdue',
    ...(state ? { dueState: state } : {}),
  }
}

export async function listItems(rows: ChildListRow[], now: Date): Promise<ChildListItem[]> {
  const names = await divisionNamesCached(rows.map((r) => r.villageCode))
  return rows.map((r) => listItem(r, names, now))
}

export async function staffView(c: ChildRecord, now = new Date()): Promise<ChildStaffView> {
  const names = await divisionNamesCached([c.villageCode, c.townshipCode])
  const { importKey, ...rest } = c
  return {
    ...rest,
    parents: c.parents.map((p) => ({ ...p, ...(p.phone ? { phone: maskPhone(p.phone) } : {}) })),
    ...(c.caregiver ? { caregiver: { ...c.caregiver, ...(c.caregiver.phone ? { phone: maskPhone(c.caregiver.phone) } : {}) } } : {}),
    villageName: names.get(c.villageCode) ?? c.villageCode,
    townshipName: names.get(c.townshipCode) ?? c.townshipCode,
    age: fullYears(c.birthDate, chinaToday(now)),
    colourLabel: colourLabel[c.grade.colour],
    dutyText: c.duties.map((d) => `${d.rule}：${d.dueOn} 前`),
  }
}
