import * as z from 'zod'

/**
 * Calendar dates (`YYYY-MM-DD`) as the law counts them: ages and periods in whole years and
 * months, with no time of day. Kept apart from timestamps so a date typed by a parent never
 * shifts by a time zone.
 */
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

function parts(date: string): [number, number, number] {
  const m = datePattern.exec(date)
  if (!m) throw new Error(`not a date: ${date}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const format = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

export function isRealDate(date: string): boolean {
  const m = datePattern.exec(date)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/** A real calendar date written `YYYY-MM-DD`. */
export const CivilDate = z
  .string({ error: '请选择日期' })
  .trim()
  // Dates are picked, not typed: an empty one was not chosen, anything else unreal was mangled.
  .refine(isRealDate, { error: (issue) => (issue.input === '' ? '请选择日期' : '请选择一个真实的日期') })
export type CivilDate = z.infer<typeof CivilDate>

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/**
 * The same day `months` later; when that month is shorter, its last day
 * (民法典 第二百零二条: 没有对应日的，月末日为期间的最后一日).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date)
  const index = y * 12 + (m - 1) + months
  const ny = Math.floor(index / 12)
  const nm = (index % 12) + 1
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)))
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12)
}

/**
 * The first day on which a period of `months` that started on `start` is complete. Periods
 * count from the day after the event (民法典 第二百零一条), and end on the corresponding day,
 * so they are complete from the day after that: someone born on 2010-05-20 is 16 full years
 * old (满十六周岁) from 2026-05-21; parents who left on 2026-01-15 have been away three full
 * months from 2026-04-16.
 */
export function periodCompleteOn(start: string, months: number): string {
  return addDays(addMonths(start, months), 1)
}

/** Today's date in China (UTC+8, no daylight saving), which is what a date on a form means. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** The instant a China calendar date begins, as an ISO timestamp. */
export function chinaStartOfDay(date: string): string {
  const [y, m, d] = parts(date)
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3600_000).toISOString()
}

/**
 * Whole months completed on `on` by a period that started on `start` (a child's age in months,
 * 民法典 第二百零一条: counted from the day after birth, so complete from the day after the
 * corresponding day). A child born on 2025-03-01 is 12 months old from 2026-03-02, not on its
 * first birthday. Negative when `on` is before `start`.
 */
export function fullMonths(start: string, on: string): number {
  if (on < start) return -1
  const [sy, sm] = parts(start)
  const [oy, om] = parts(on)
  let months = (oy - sy) * 12 + (om - sm)
  while (months > 0 && periodCompleteOn(start, months) > on) months--
  return Math.max(0, months)
}

/**
 * Whole years completed on `on` by someone born on `birthDate` (周岁): N 周岁 from the day after
 * the Nth birthday (民法典 第二百零一条). The one age rule of the product: the left-behind
 * definition (under 16), an adult caregiver, the infant supplement (under 1) and the exit at
 * 18 all count age with this function or `fullMonths` / `ageReachedOn`.
 */
export function fullYears(birthDate: string, on: string): number {
  return Math.max(0, Math.floor(fullMonths(birthDate, on) / 12))
}

/** The first day on which someone born on `birthDate` is `years` 周岁 (the day after that birthday). */
export function ageReachedOn(birthDate: string, years: number): string {
  return periodCompleteOn(birthDate, years * 12)
}
