import {
  type ChildListRow,
  type MassListExport,
  type MassListRow,
  type SessionUser,
  addMonths,
  ancestorAt,
  chinaStartOfDay,
  chinaToday,
  colourLabel,
  fullYears,
  massListRule,
  departmentLabel,
} from '@shouhu/shared'
import { areaOf, childRows } from '../data/children'
import type { DueItem } from '../data/due'
import { MASS_LISTS_DUE, countyOfScheduleKey, getSchedule, moveSchedule, recordExport, startSchedule } from '../data/mass-lists'
import { staffServing } from '../data/users'
import type { DueKind } from '../due/registry'
import { type SheetSpec, writeWorkbook } from '../documents/xlsx'
import { newId } from '../ids'
import { divisionNames } from '../views/reports'
import { notifyPeople } from './notifications'

/** A county that has not sent its lists is reminded again this many days later. */
export const MASS_LISTS_REPEAT_DAYS = 7
const morningOf = (day: string) => new Date(Date.parse(chinaStartOfDay(day)) + 9 * 3600_000).toISOString()
/** 至少每半年 (004 §4(三)): the next lists are due six months after these. */
export const nextHalfYear = (now: Date) => morningOf(addMonths(chinaToday(now), massListRule.everyMonths))

type Colour = (typeof massListRule.colours)[number]

/**
 * Every red, yellow and blue child of the county, read page by page from the list rows alone (no
 * read per child), in one pass over the county: a pass per colour read the whole county three times.
 */
async function listedChildren(countyCode: string): Promise<Record<Colour, ChildListRow[]>> {
  const out: Record<Colour, ChildListRow[]> = { red: [], yellow: [], blue: [] }
  const area = areaOf('county_officer', countyCode)
  let cursor: string | undefined
  do {
    const page = await childRows(area, { limit: 1000, cursor })
    for (const r of page.rows) if ((massListRule.colours as readonly string[]).includes(r.colour)) out[r.colour as Colour].push(r)
    cursor = page.cursor
  } while (cursor)
  return out
}

/**
 * The lists 004 §4(三) asks the county to send to 团委, 妇联 and 残联: one sheet per level, only
 * the fields in `massListRule` (no ID number, birth date, family or contact details), and the
 * export recorded — who, when, and exactly which children — before the file leaves.
 */
export async function exportMassLists(user: SessionUser, reason: MassListExport['reason'], now = new Date()): Promise<{ record: MassListExport; workbook: Buffer }> {
  const countyCode = user.divisionCode!
  const byColour = await listedChildren(countyCode)
  const all = [...byColour.red, ...byColour.yellow, ...byColour.blue]
  const names = await divisionNames([countyCode, ...all.flatMap((r) => [r.villageCode, ancestorAt(r.villageCode, 'township')])])
  const today = chinaToday(now)
  const toRow = (r: ChildListRow): MassListRow => ({
    name: r.name,
    sex: r.sex === 'female' ? '女' : '男',
    age: fullYears(r.birthDate, today),
    township: names.get(ancestorAt(r.villageCode, 'township')) ?? '',
    village: names.get(r.villageCode) ?? r.villageCode,
    level: colourLabel[r.colour],
    categories: r.categories.join('、'),
  })
  const columns = massListRule.fields.map((f) => ({ header: f.label, key: f.key, width: f.key === 'categories' ? 30 : 14 }))
  const to = massListRule.recipients.map((d) => departmentLabel[d]).join('、')
  const sheets: SheetSpec[] = massListRule.colours.map((colour) => ({
    name: massListRule.sheetNames[colour],
    title: `${names.get(countyCode) ?? ''} ${colourLabel[colour]}儿童名单 · 报送${to} · ${today}（请妥善保管，仅用于关爱帮扶）`,
    columns,
    rows: byColour[colour].map(toRow),
  }))
  const record: MassListExport = {
    id: newId(now.getTime()),
    countyCode,
    at: now.toISOString(),
    byId: user.id,
    byName: user.displayName,
    reason,
    counts: { red: byColour.red.length, yellow: byColour.yellow.length, blue: byColour.blue.length },
    rows: all.length,
  }
  const workbook = await writeWorkbook(sheets)
  await recordExport(
    record,
    all.map((r) => r.id),
    { countyCode, nextAt: nextHalfYear(now), lastExportAt: record.at, remindersSent: 0 },
  )
  return { record, workbook }
}

/** A county that never sent its lists starts its reminders now (the first time its officer opens the page). */
export const ensureSchedule = (countyCode: string, now = new Date()) => startSchedule({ countyCode, nextAt: now.toISOString(), remindersSent: 0 })

/** The half-yearly reminder to the county officers, repeated weekly until the lists are sent. */
async function fireMassLists(item: DueItem, now: Date): Promise<boolean> {
  const countyCode = countyOfScheduleKey(item)
  const s = await getSchedule(countyCode)
  if (!s || s.nextAt > now.toISOString()) return false
  const next = { ...s, nextAt: new Date(now.getTime() + MASS_LISTS_REPEAT_DAYS * 86_400_000).toISOString(), remindersSent: s.remindersSent + 1 }
  if (!(await moveSchedule(s, next))) return false
  const officers = await staffServing('county_officer', countyCode)
  await notifyPeople(
    officers.map((o) => o.id),
    {
      kind: 'mass_lists_due',
      subject: { type: 'county', id: countyCode },
      page: 'cases/mass-lists/index',
      title: '该报送红黄蓝名单了',
      body: s.lastExportAt ? `上次报送是 ${s.lastExportAt.slice(0, 10)}，至少每半年要向团委、妇联、残联报送一次。` : '还没有向团委、妇联、残联报送过红黄蓝名单，至少每半年要报送一次。',
      occasion: `${s.nextAt}`,
    },
    now.toISOString(),
  )
  return true
}

export const massListsDue: DueKind = { kind: MASS_LISTS_DUE, fire: fireMassLists }
