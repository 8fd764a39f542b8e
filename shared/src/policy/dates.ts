/**
 * Calendar arithmetic on plain dates (`YYYY-MM-DD`) and months (`YYYY-MM`). Allowances are
 * counted in China's calendar, so "today" is the date in UTC+8, whatever the server's zone.
 */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

export function chinaMonth(at: Date = new Date()): string {
  return chinaDate(at).slice(0, 7)
}

const parts = (date: string) => date.split('-').map(Number) as [number, number, number]

/**
 * The same calendar day `years` later (29 Feb → 28 Feb in common years): an anniversary, e.g.
 * the next yearly review. Not an age: a child is N 周岁 only from the day after (`ageReachedOn`).
 */
export function birthdayAt(birth: string, years: number): string {
  const [by, bm, bd] = parts(birth)
  const y = by + years
  const last = new Date(Date.UTC(y, bm, 0)).getUTCDate()
  return `${y}-${String(bm).padStart(2, '0')}-${String(Math.min(bd, last)).padStart(2, '0')}`
}

/** `YYYY-MM` plus `n` months. */
export function monthPlus(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const total = y * 12 + (m - 1) + n
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

export function datePlusDays(date: string, n: number): string {
  const [y, m, d] = parts(date)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

export const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s)
