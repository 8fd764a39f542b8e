/**
 * 法定节假日和调休上班日: which China calendar days are working days for a government office.
 *
 * A working day (工作日) is Monday to Friday, except the public holidays the State Council's
 * yearly notice gives off, plus the weekend days that notice makes working days (调休上班).
 * A county's department must not be reminded that a 3-working-day target has passed while it
 * is on the Spring Festival break, nor be given the make-up Saturday as a day of grace.
 *
 * Each year is copied from its notice, day by day; add the next year when the State Council
 * publishes it (usually in November). A date past the last year listed falls back to
 * Monday–Friday (`calendarCovers` says whether it is known) — a target in an unpublished year
 * may then land on a holiday, never silently on a day we invented.
 */

export interface HolidayYear {
  year: number
  /** The notice, as published. */
  source: string
  /** Every day off of each holiday, weekend days included, as the notice spans it. */
  holidays: { name: string; days: string[] }[]
  /** Saturdays and Sundays worked instead (调休上班). */
  makeUpWorkdays: string[]
}

export const holidayYears: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
    holidays: [
      // 一、元旦：1月1日（周三）放假1天，不调休。
      { name: '元旦', days: ['2025-01-01'] },
      // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
      { name: '春节', days: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04'] },
      // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
      { name: '清明节', days: ['2025-04-04', '2025-04-05', '2025-04-06'] },
      // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。
      { name: '劳动节', days: ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05'] },
      // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
      { name: '端午节', days: ['2025-05-31', '2025-06-01', '2025-06-02'] },
      // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
      { name: '国庆节、中秋节', days: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'] },
    ],
    // 1月26日（周日）、2月8日（周六）上班；4月27日（周日）上班；9月28日（周日）、10月11日（周六）上班。
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社受权发布）',
    holidays: [
      // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
      { name: '元旦', days: ['2026-01-01', '2026-01-02', '2026-01-03'] },
      // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
      { name: '春节', days: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'] },
      // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
      { name: '清明节', days: ['2026-04-04', '2026-04-05', '2026-04-06'] },
      // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
      { name: '劳动节', days: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'] },
      // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
      { name: '端午节', days: ['2026-06-19', '2026-06-20', '2026-06-21'] },
      // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
      { name: '中秋节', days: ['2026-09-25', '2026-09-26', '2026-09-27'] },
      // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
      { name: '国庆节', days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'] },
    ],
    // 1月4日（周日）上班；2月14日（周六）、2月28日（周六）上班；5月9日（周六）上班；9月20日（周日）、10月10日（周六）上班。
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
]

const holidayNames = new Map<string, string>(holidayYears.flatMap((y) => y.holidays.flatMap((h) => h.days.map((d) => [d, h.name] as const))))
const makeUp = new Set(holidayYears.flatMap((y) => y.makeUpWorkdays))
const knownYears = new Set(holidayYears.map((y) => y.year))

/** Whether the State Council's arrangement for the year of `day` (`YYYY-MM-DD`) is in the data. */
export const calendarCovers = (day: string) => knownYears.has(Number(day.slice(0, 4)))

/** The holiday `day` belongs to (「春节」), if it is one. */
export const holidayOn = (day: string): string | undefined => holidayNames.get(day)

/** A China calendar day (`YYYY-MM-DD`) on which offices work. */
export function isWorkingDay(day: string): boolean {
  if (makeUp.has(day)) return true
  if (holidayNames.has(day)) return false
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
  return dow !== 0 && dow !== 6
}

const DAY_MS = 24 * 3600_000
const CHINA_OFFSET_MS = 8 * 3600_000

/**
 * `from` plus `n` working days, at the same China clock time: a referral sent on Thursday 10:00
 * is due on the third working day after it at 10:00. Holidays and make-up workdays count as the
 * State Council's notice says.
 */
export function addWorkingDays(from: string, n: number): string {
  let t = Date.parse(from)
  let left = n
  while (left > 0) {
    t += DAY_MS
    if (isWorkingDay(new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10))) left--
  }
  return new Date(t).toISOString()
}
