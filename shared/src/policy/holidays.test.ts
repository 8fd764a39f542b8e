import { describe, expect, it } from 'vitest'
import { addWorkingDays, calendarCovers, holidayOn, holidayYears, isWorkingDay } from './holidays'

describe('the State Council holiday calendar', () => {
  it('a public holiday on a weekday is not a working day', () => {
    expect(isWorkingDay('2026-10-05')).toBe(false) // 国庆节, a Monday
    expect(holidayOn('2026-10-05')).toBe('国庆节')
    expect(isWorkingDay('2025-01-01')).toBe(false) // 元旦 2025, a Wednesday
    expect(isWorkingDay('2026-10-08')).toBe(true) // the Thursday after
  })

  it('a make-up Saturday or Sunday is a working day', () => {
    expect(new Date('2026-10-10T00:00:00Z').getUTCDay()).toBe(6)
    expect(isWorkingDay('2026-10-10')).toBe(true)
    expect(isWorkingDay('2026-02-28')).toBe(true)
    expect(isWorkingDay('2025-01-26')).toBe(true) // a Sunday before 春节 2025
    expect(isWorkingDay('2026-10-17')).toBe(false) // an ordinary Saturday
  })

  it('every make-up day is a weekend day and every listed year is the year of its days', () => {
    for (const y of holidayYears) {
      for (const d of y.makeUpWorkdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay())
      for (const d of [...y.makeUpWorkdays, ...y.holidays.flatMap((h) => h.days)]) expect(d.startsWith(String(y.year))).toBe(true)
      expect(y.source).toMatch(/^国务院办公厅关于\d{4}年部分节假日安排的通知/)
    }
  })

  it('three working days from Wednesday before 国庆 jump the whole week and count the make-up Saturday', () => {
    // Wed 30 Sep 2026 10:00 China → 1–7 Oct off, Thu 8, Fri 9, Sat 10 (make-up) → Sat 10 Oct 10:00.
    expect(addWorkingDays('2026-09-30T02:00:00.000Z', 3)).toBe('2026-10-10T02:00:00.000Z')
  })

  it('crosses the year boundary: 元旦 2026 off, Sunday 4 January worked', () => {
    // Wed 31 Dec 2025 10:00 → Thu 1, Fri 2, Sat 3 off; Sun 4 (make-up) 1, Mon 5 2, Tue 6 3.
    expect(addWorkingDays('2025-12-31T02:00:00.000Z', 3)).toBe('2026-01-06T02:00:00.000Z')
    // Counted in China time: 15:30 UTC on 31 Dec is 23:30 on 1 January in China, a holiday;
    // the next working day is the make-up Sunday.
    expect(addWorkingDays('2025-12-31T15:30:00.000Z', 1)).toBe('2026-01-04T15:30:00.000Z')
  })

  it('says which years it knows; an unpublished year counts Monday to Friday', () => {
    expect(calendarCovers('2025-06-01')).toBe(true)
    expect(calendarCovers('2026-12-31')).toBe(true)
    expect(calendarCovers('2027-01-01')).toBe(false)
    expect(isWorkingDay('2027-01-01')).toBe(true) // a Friday; the 2027 notice is not in the data yet
  })
})
